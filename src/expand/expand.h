/* Expand stage: template tree + computed values -> document tree.
 * Resolves placeholders and formats, evaluates <if>, repeats <for-each>. */
#ifndef QUIRE_EXPAND_EXPAND_H
#define QUIRE_EXPAND_EXPAND_H
#include "data/env.h"
#include "expand/doc.h"

typedef struct q_expand_opts {
    int check_only;       /* resolve every name in every branch, build nothing */
    const char *date_iso; /* the built-in {date} */
    const char *const *allow_dirs;  /* --allow-path, for images */
    size_t nallow;
} q_expand_opts;

/* Returns 0, or -1 with problems reported (unknown names and bad formats
 * are Q_EUSAGE; values that do not fit their format are Q_EDATA). */
int q_expand(const q_template *t, q_env *env, const q_expand_opts *o, q_doc *doc, q_diags *d);

#endif
