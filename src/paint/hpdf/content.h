/* A page's content stream deflated as soon as it is painted (content.c). */
#ifndef QUIRE_PAINT_HPDF_CONTENT_H
#define QUIRE_PAINT_HPDF_CONTENT_H
#include <hpdf.h>
#include <stddef.h>

/* Replaces the painted page's content stream by its deflated bytes and
 * has libharu write them as they are, under the same /Filter it would
 * have written: the same file, with only the compressed bytes held until
 * HPDF_SaveToStream. Nothing may be drawn on the page after. level is
 * zlib's: Z_DEFAULT_COMPRESSION gives libharu's very bytes. Returns 0,
 * or -1 (zlib failed; the page is left as it was). */
int q_hpdf_deflate_page(HPDF_Page page, int level);

/* The level for a document of npages: libharu's for ordinary reports;
 * zlib's fastest from Q_FAST_DEFLATE_PAGES pages on, where deflating is
 * a quarter of the time (a 100,000-row table: -9% instructions, +8%
 * bytes) and a few percent of size matter less than the wait. */
#define Q_FAST_DEFLATE_PAGES 200
int q_hpdf_deflate_level(size_t npages);

#endif
