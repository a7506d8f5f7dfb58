/* Document-level objects of the libharu backend, written through its
 * object layer: XMP metadata, the PDF/A output intent, attachments. */
#ifndef QUIRE_PAINT_HPDF_META_H
#define QUIRE_PAINT_HPDF_META_H
#include <hpdf.h>
#include "paint/hpdf/hpdf.h"

/* The catalog's /Metadata: dc:title and the rest of the info dictionary,
 * pdfuaid, and pdfaid when a->pdfa. */
int q_hpdf_xmp(HPDF_Doc pdf, const q_dlist *dl, const char *title, const q_hpdf_opts *o, const q_hpdf_archive *a);
/* An sRGB output intent (the ICC profile is built into quire). */
int q_hpdf_output_intent(HPDF_Doc pdf);
/* Embedded files, in the EmbeddedFiles name tree and the catalog's /AF. */
int q_hpdf_attach(HPDF_Doc pdf, const q_hpdf_opts *o, const q_hpdf_archive *a);

#endif
