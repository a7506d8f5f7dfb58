/* A page's content stream deflated as soon as it is painted
 * (src/paint/hpdf/content.c): libharu must write the very bytes it would
 * have written deflating the stream itself, /Filter entry included. */
#include "paint/hpdf/content.h"
#include <zlib.h>
#include "t.h"
#include <stdlib.h>
#include <string.h>

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
    (void)e, (void)detail, (void)data;
}

/* Draws enough on each page to fill several of libharu's 4 KB blocks,
 * deflating each page at once when early; returns the file. */
static unsigned char *make(int early, int npages, HPDF_UINT32 *size)
{
    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    for (int p = 0; p < npages; p++) {
        HPDF_Page page = HPDF_AddPage(pdf);
        for (int i = 0; i < 400 * p; i++) {   /* page 0 stays empty */
            HPDF_Page_SetRGBStroke(page, (HPDF_REAL)(i % 7) / 7, 0.2f, 0.4f);
            HPDF_Page_MoveTo(page, (HPDF_REAL)(i % 500), (HPDF_REAL)(i % 700));
            HPDF_Page_LineTo(page, (HPDF_REAL)(i * 37 % 500), (HPDF_REAL)(i * 11 % 700));
            HPDF_Page_Stroke(page);
        }
        if (early)
            T_INTEQ(q_hpdf_deflate_page(page, q_hpdf_deflate_level((size_t)npages)), 0);
    }
    T_INTEQ(HPDF_SaveToStream(pdf), HPDF_OK);
    *size = HPDF_GetStreamSize(pdf);
    unsigned char *buf = malloc(*size + 1);
    HPDF_ResetStream(pdf);
    HPDF_UINT32 got = *size;
    HPDF_ReadFromStream(pdf, buf, &got);
    T_INTEQ(got, *size);
    HPDF_Free(pdf);
    return buf;
}

static void same_bytes(void)
{
    HPDF_UINT32 na = 0, nb = 0;
    unsigned char *late = make(0, 4, &na), *early = make(1, 4, &nb);
    T_INTEQ(nb, na);
    T_CHECK(na == nb && memcmp(late, early, na) == 0);
    /* Still compressed: three streams with content, none left as text. */
    T_CHECK(memmem(early, nb, "/Filter [ /FlateDecode ]", 24) != NULL);
    T_CHECK(memmem(early, nb, " l\n", 3) == NULL && memmem(early, nb, "\nS\n", 3) == NULL);
    free(late);
    free(early);
}

/* Ordinary reports get libharu's level (the same bytes as above); from
 * Q_FAST_DEFLATE_PAGES pages on, zlib's fastest: still deflated. */
static void levels(void)
{
    T_INTEQ(q_hpdf_deflate_level(2), Z_DEFAULT_COMPRESSION);
    T_INTEQ(q_hpdf_deflate_level(Q_FAST_DEFLATE_PAGES - 1), Z_DEFAULT_COMPRESSION);
    T_INTEQ(q_hpdf_deflate_level(Q_FAST_DEFLATE_PAGES), 1);
    T_INTEQ(q_hpdf_deflate_level(100000), 1);
}

int main(void)
{
    same_bytes();
    levels();
    T_DONE();
}
