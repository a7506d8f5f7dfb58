/* Layout stage: document tree -> display list. Measures text with FreeType
 * (through src/font), breaks lines (total-fit for justified text), and
 * paginates with keep-with-next, widow and orphan control. */
#ifndef QUIRE_LAYOUT_LAYOUT_H
#define QUIRE_LAYOUT_LAYOUT_H
#include "expand/doc.h"
#include "dlist/dlist.h"
#include "util/diag.h"

typedef struct q_layout_opts {
    int max_pages;          /* --max-pages */
    const char *file;       /* template path, for messages */
} q_layout_opts;

/* Fills out (its fonts must be set to the render's q_fonts). */
int q_layout(const q_doc *doc, const q_layout_opts *o, q_dlist *out, q_diags *d);
/* The same, freeing each body table's rows once it is laid out, when the
 * body is set in one pass (no {page} or {pages} in it); the rest of doc
 * is left as it was. */
int q_layout_consume(q_doc *doc, const q_layout_opts *o, q_dlist *out, q_diags *d);

/* For a chart drawn outside a layout (quire chart): the regular and bold
 * faces of text's family, so that a template's <font> files answer the
 * chart's requests by family name. Returns 0, or -1 (reported). */
int q_layout_chart_fonts(const q_doc *doc, q_fonts *fonts, const q_tstyle *text, const char *file, int line,
                         q_diags *d);

#endif
