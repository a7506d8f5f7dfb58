/* A page's content stream deflated as soon as it is painted (content.c). */
#ifndef QUIRE_PAINT_HPDF_CONTENT_H
#define QUIRE_PAINT_HPDF_CONTENT_H
#include <hpdf.h>

/* Replaces the painted page's content stream by its deflated bytes and
 * has libharu write them as they are, under the same /Filter it would
 * have written: the same file, with only the compressed bytes held until
 * HPDF_SaveToStream. Nothing may be drawn on the page after. Returns 0,
 * or -1 (zlib failed; the page is left as it was). */
int q_hpdf_deflate_page(HPDF_Page page);

#endif
