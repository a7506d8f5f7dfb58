/* Styles: the built-in house style (shared/notes/house-style.md) and the
 * template's <styles>, resolved through `parent`. */
#ifndef QUIRE_EXPAND_STYLE_H
#define QUIRE_EXPAND_STYLE_H
#include "expand/doc.h"
#include "template/template.h"

#define Q_ACCENT 0x0B5394u      /* deep blue: titles, key figures, first series */
#define Q_TEXT   0x222222u
#define Q_GREY   0x666666u

typedef struct q_styles q_styles;

/* Reads <styles> (may be NULL); reports bad values and parent cycles.
 * <font> declarations go to doc->fonts. */
q_styles *q_styles_load(const q_template *t, q_doc *doc, const char *const *allow_dirs, size_t nallow,
                        q_diags *d);
void q_styles_free(q_styles *s);
/* Resolved style by name; NULL if unknown. */
const q_bstyle *q_styles_get(const q_styles *s, const char *name);

/* "12", "12pt", "4mm", "1.5cm", "1in" -> points. pct_of > 0 allows "50%". */
int q_parse_length(const char *s, double pct_of, double *out);
int q_parse_color(const char *s, uint32_t *out);

#endif
