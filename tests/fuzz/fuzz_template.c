/* libFuzzer: template parsing and schema validation on arbitrary bytes. */
#include "template/template.h"
#include "util/buf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    q_diags d = {0};
    unsigned char *copy = q_xmalloc(size);
    memcpy(copy, data, size);
    q_template *t = q_template_parse("fuzz.xml", copy, size, &d);
    /* Exercise the accessors later stages use on whatever validated. */
    if (t) {
        for (xmlNode *n = q_first_elem(t->root); n; n = q_next_elem(n)) {
            char *name = q_attr(n, "name");
            free(name);
            (void)q_line(n);
        }
    }
    q_template_free(t);
    q_diags_free(&d);
    return 0;
}
