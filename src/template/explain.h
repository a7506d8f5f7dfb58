/* Schema messages in plain words. libxml2's RELAX NG errors describe its
 * automaton ("Invalid sequence in interleave") and repeat one problem on
 * every enclosing element; when validation fails, quire walks the document
 * itself against a table read from templates/quire.rng and says which
 * element or attribute is wrong and what is allowed there. */
#ifndef QUIRE_TEMPLATE_EXPLAIN_H
#define QUIRE_TEMPLATE_EXPLAIN_H
#include <libxml/tree.h>
#include "util/diag.h"

/* Reports one message per problem found in doc (file names it); returns how
 * many. 0 means the table saw nothing wrong: the caller keeps libxml2's. */
int q_schema_explain(const xmlDoc *doc, const char *file, q_diags *d);

#endif
