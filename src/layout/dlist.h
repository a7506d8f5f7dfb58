/* The display list (SPEC §1): pages of positioned drawing operations in
 * points, origin at the top-left of the page, y growing downwards, text
 * placed by its baseline. Backends only paint what is here. */
#ifndef QUIRE_LAYOUT_DLIST_H
#define QUIRE_LAYOUT_DLIST_H
#include <stddef.h>
#include <stdint.h>
#include "font/font.h"

enum { DL_TEXT, DL_RECT, DL_LINE, DL_LINK, DL_IMAGE };

struct q_image;

typedef struct q_op {
    int kind;
    double x, y;            /* TEXT: baseline start; RECT/LINK/IMAGE: top-left; LINE: start */
    double w, h;            /* RECT/LINK/IMAGE size; LINE: end is (x + w, y + h) */
    double stroke;          /* LINE width */
    uint32_t color;         /* TEXT/RECT fill, LINE stroke */
    int font;               /* TEXT: q_face id in the display list's q_fonts; IMAGE: index in images */
    double size;            /* TEXT */
    char *text;             /* TEXT: UTF-8; LINK: URI, or NULL for a link inside the document */
    int dest_page;          /* LINK without URI: target page (from 0) */
    double dest_y;          /* LINK without URI: target y on that page */
} q_op;

typedef struct q_page {
    double w, h;
    q_op *ops;
    size_t n, cap;
} q_page;

typedef struct q_outline {
    char *title;
    int level;              /* 1–3 */
    int page;               /* from 0 */
    double y;               /* top of the heading */
} q_outline;

typedef struct q_dlist {
    q_page *pages;
    size_t npages;
    q_outline *outline;
    size_t noutline;
    q_fonts *fonts;         /* borrowed: faces referenced by TEXT ops */
    const struct q_image **images;  /* borrowed pixels; the array is owned */
    size_t nimages;
    const char *title, *author, *subject, *keywords, *lang;  /* borrowed */
} q_dlist;

q_page *q_dlist_add_page(q_dlist *dl, double w, double h);
q_op *q_page_add(q_page *p, int kind);
void q_dlist_free(q_dlist *dl);

#endif
