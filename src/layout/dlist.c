#include "layout/dlist.h"
#include "util/buf.h"
#include <stdlib.h>
#include <string.h>

q_page *q_dlist_add_page(q_dlist *dl, double w, double h)
{
    dl->pages = q_xrealloc(dl->pages, (dl->npages + 1) * sizeof *dl->pages);
    q_page *p = &dl->pages[dl->npages++];
    memset(p, 0, sizeof *p);
    p->w = w;
    p->h = h;
    return p;
}

q_op *q_page_add(q_page *p, int kind)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->ops = q_xrealloc(p->ops, p->cap * sizeof *p->ops);
    }
    q_op *o = &p->ops[p->n++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    return o;
}

void q_dlist_free(q_dlist *dl)
{
    for (size_t i = 0; i < dl->npages; i++) {
        for (size_t k = 0; k < dl->pages[i].n; k++)
            free(dl->pages[i].ops[k].text);
        free(dl->pages[i].ops);
    }
    for (size_t i = 0; i < dl->noutline; i++)
        free(dl->outline[i].title);
    free(dl->pages);
    free(dl->outline);
    free(dl->images);
    memset(dl, 0, sizeof *dl);
}
