/* Template stage: reads the XML safely and validates it against the
 * built-in RELAX NG schema (templates/quire.rng). The tree stays libxml2's;
 * later stages walk it through these accessors. */
#ifndef QUIRE_TEMPLATE_TEMPLATE_H
#define QUIRE_TEMPLATE_TEMPLATE_H
#include <libxml/tree.h>
#include "util/diag.h"

typedef struct q_template {
    xmlDoc *doc;
    xmlNode *root;       /* <report> */
    char *path;          /* as given, for messages */
    char *dir;           /* folder that relative paths resolve against */
    unsigned char *bytes;/* the file as read, for --embed-data and hashing */
    size_t nbytes;
} q_template;

#define Q_TEMPLATE_MAX_BYTES (16u << 20)
#define Q_TEMPLATE_MAX_DEPTH 256

/* Parses and validates; every schema problem is reported. NULL on failure. */
q_template *q_template_load(const char *path, q_diags *d);
/* The same, refusing a file larger than max bytes (--max-input-size; 0:
 * only the fixed Q_TEMPLATE_MAX_BYTES). */
q_template *q_template_load_max(const char *path, unsigned long long max, q_diags *d);
/* The same from bytes already read (owned by the call); path names it in
 * messages and anchors relative paths. */
q_template *q_template_parse(const char *path, unsigned char *bytes, size_t len, q_diags *d);
void q_template_free(q_template *t);

/* Attribute value (borrowed from a per-node cache is not possible in
 * libxml2, so this returns a malloc'd copy or NULL). */
char *q_attr(const xmlNode *n, const char *name);
/* Attribute compared/parsed helpers. */
int q_attr_is(const xmlNode *n, const char *name, const char *value);
int q_attr_bool(const xmlNode *n, const char *name, int dflt);
int q_line(const xmlNode *n);
int q_is(const xmlNode *n, const char *name);
/* First child element with that name, or NULL. */
xmlNode *q_child(const xmlNode *n, const char *name);
/* Next element sibling (skips text, comments). */
xmlNode *q_next_elem(const xmlNode *n);
xmlNode *q_first_elem(const xmlNode *n);

/* Resolves a template-relative path, confined to the template's folder or
 * one of allow_dirs (SPEC §6). Returns a malloc'd path or NULL with an
 * error reported at the node's line. */
char *q_template_path(const q_template *t, const xmlNode *at, const char *rel,
                      const char *const *allow_dirs, size_t nallow, q_diags *d);

#endif
