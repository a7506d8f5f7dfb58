/* Just enough PDF reading for `quire verify`: the embedded files of a
 * PDF, from quire's own layout or a tool's rewrite of it (objects at line
 * starts, object streams, Flate). Not a general PDF parser. */
#ifndef QUIRE_PROVENANCE_PDFREAD_H
#define QUIRE_PROVENANCE_PDFREAD_H
#include <stddef.h>

typedef struct q_pdf_att {
    char *name;              /* UTF-8 */
    char *data;              /* decoded, NUL-terminated */
    size_t len;
} q_pdf_att;

/* The embedded files of pdf (NUL-terminated, n bytes). Returns how many. */
size_t q_pdf_attachments(const char *pdf, size_t n, q_pdf_att **out);
void q_pdf_atts_free(q_pdf_att *a, size_t n);

#endif
