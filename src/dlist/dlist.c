#include "dlist/dlist.h"
#include "util/buf.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

q_op q_op_text(q_tag tag, double x, double y, int font, double size, uint32_t color,
               const char *utf8, size_t len, double w)
{
    q_op o = {.kind = DL_TEXT, .tag = tag};
    o.text = (q_text){x, y, w, size, font, color, q_xstrndup(utf8, len), NULL, 0};
    return o;
}

q_op q_op_rect(q_tag tag, double x, double y, double w, double h, uint32_t color)
{
    return (q_op){.kind = DL_RECT, .tag = tag, .rect = {x, y, w, h, color}};
}

q_op q_op_line(q_tag tag, double x0, double y0, double x1, double y1, double stroke, uint32_t color)
{
    return (q_op){.kind = DL_LINE, .tag = tag, .line = {x0, y0, x1, y1, stroke, color}};
}

q_op q_op_uri_link(q_tag tag, double x, double y, double w, double h, const char *uri)
{
    return (q_op){.kind = DL_LINK, .tag = tag, .link = {x, y, w, h, q_xstrdup(uri), -1, 0}};
}

q_op q_op_goto_link(q_tag tag, double x, double y, double w, double h, int page, double dest_y)
{
    return (q_op){.kind = DL_LINK, .tag = tag, .link = {x, y, w, h, NULL, page, dest_y}};
}

q_op q_op_image(q_tag tag, double x, double y, double w, double h, int image)
{
    return (q_op){.kind = DL_IMAGE, .tag = tag, .image = {x, y, w, h, image}};
}

q_op q_op_path(q_tag tag, int paint, uint32_t fill, uint32_t stroke, double width)
{
    q_op o = {.kind = DL_PATH, .tag = tag};
    o.path.paint = (uint8_t)(paint & (Q_PAINT_FILL | Q_PAINT_STROKE));
    o.path.fill = fill;
    o.path.stroke = stroke;
    o.path.width = width;
    o.path.fill_opacity = 1;
    return o;
}

q_op q_op_clip_push(q_tag tag)
{
    q_op o = q_op_path(tag, 0, 0, 0, 0);
    o.kind = DL_CLIP_PUSH;
    return o;
}

q_op q_op_clip_pop(q_tag tag)
{
    return (q_op){.kind = DL_CLIP_POP, .tag = tag};
}

static q_seg *add_seg(q_path *p, int kind)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->segs = q_xrealloc(p->segs, p->cap * sizeof *p->segs);
    }
    q_seg *s = &p->segs[p->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    return s;
}

void q_path_move(q_path *p, double x, double y)
{
    q_seg *s = add_seg(p, Q_SEG_MOVE);
    s->x = x;
    s->y = y;
}

void q_path_line(q_path *p, double x, double y)
{
    q_seg *s = add_seg(p, Q_SEG_LINE);
    s->x = x;
    s->y = y;
}

void q_path_cubic(q_path *p, double x1, double y1, double x2, double y2, double x, double y)
{
    *add_seg(p, Q_SEG_CUBIC) = (q_seg){Q_SEG_CUBIC, x1, y1, x2, y2, x, y};
}

void q_path_close(q_path *p)
{
    add_seg(p, Q_SEG_CLOSE);
}

void q_path_rect(q_path *p, double x, double y, double w, double h)
{
    q_path_move(p, x, y);
    q_path_line(p, x + w, y);
    q_path_line(p, x + w, y + h);
    q_path_line(p, x, y + h);
    q_path_close(p);
}

int q_path_dash(q_path *p, const double *on_off, int n, double phase)
{
    double sum = 0;
    if (n < 0 || n > Q_DASH_MAX)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!(on_off[i] >= 0))
            return -1;
        sum += on_off[i];
    }
    if (n && sum <= 0)
        return -1;
    for (int i = 0; i < n; i++)
        p->dash[i] = (float)on_off[i];
    p->ndash = (uint8_t)n;
    p->dash_phase = (float)phase;
    return 0;
}

static void grow(q_box *b, double x, double y)
{
    b->x0 = fmin(b->x0, x);
    b->y0 = fmin(b->y0, y);
    b->x1 = fmax(b->x1, x);
    b->y1 = fmax(b->y1, y);
}

/* Where the cubic's coordinate a (from p0 through p1, p2 to p3) turns:
 * roots of its derivative in (0, 1); grows the box with those points. */
static void cubic_extrema(q_box *b, const double *px, const double *py)
{
    for (int axis = 0; axis < 2; axis++) {
        const double *p = axis ? py : px;
        double a = -p[0] + 3 * p[1] - 3 * p[2] + p[3];
        double bb = 2 * (p[0] - 2 * p[1] + p[2]);
        double c = p[1] - p[0];
        double t[2];
        int nt = 0;
        if (fabs(a) < 1e-12) {
            if (fabs(bb) > 1e-12)
                t[nt++] = -c / bb;
        } else {
            double disc = bb * bb - 4 * a * c;
            if (disc >= 0) {
                t[nt++] = (-bb + sqrt(disc)) / (2 * a);
                t[nt++] = (-bb - sqrt(disc)) / (2 * a);
            }
        }
        for (int i = 0; i < nt; i++) {
            double u = t[i], v = 1 - u;
            if (!(u > 0 && u < 1))
                continue;
            double x = v * v * v * px[0] + 3 * v * v * u * px[1] + 3 * v * u * u * px[2] + u * u * u * px[3];
            double y = v * v * v * py[0] + 3 * v * v * u * py[1] + 3 * v * u * u * py[2] + u * u * u * py[3];
            grow(b, x, y);
        }
    }
}

static int path_bounds(const q_path *p, q_box *b)
{
    *b = (q_box){INFINITY, INFINITY, -INFINITY, -INFINITY};
    double cx = 0, cy = 0, sx = 0, sy = 0;   /* current point, subpath start */
    for (uint32_t i = 0; i < p->n; i++) {
        const q_seg *s = &p->segs[i];
        if (s->kind == Q_SEG_CLOSE) {
            cx = sx, cy = sy;
            continue;
        }
        if (s->kind == Q_SEG_MOVE) {
            sx = cx = s->x, sy = cy = s->y;
            continue;   /* a move alone draws nothing */
        }
        if (s->kind == Q_SEG_CUBIC) {
            double px[4] = {cx, s->x1, s->x2, s->x}, py[4] = {cy, s->y1, s->y2, s->y};
            cubic_extrema(b, px, py);
        }
        grow(b, cx, cy);
        grow(b, s->x, s->y);
        cx = s->x, cy = s->y;
    }
    if (b->x0 > b->x1)
        return -1;
    if (p->paint & Q_PAINT_STROKE) {
        double h = p->width / 2;
        *b = (q_box){b->x0 - h, b->y0 - h, b->x1 + h, b->y1 + h};
    }
    return 0;
}

int q_op_bounds(const q_op *o, q_box *b)
{
    switch (o->kind) {
    case DL_TEXT: {
        /* The line box a run may ink: ascent and descent are not known
         * here, so a generous em above and a third below the baseline. */
        const q_text *t = &o->text;
        *b = (q_box){t->x, t->y - t->size, t->x + t->w, t->y + t->size / 3};
        return 0;
    }
    case DL_RECT:
        *b = (q_box){o->rect.x, o->rect.y, o->rect.x + o->rect.w, o->rect.y + o->rect.h};
        return 0;
    case DL_LINE: {
        const q_line_op *l = &o->line;
        double h = l->stroke / 2;
        *b = (q_box){fmin(l->x0, l->x1) - h, fmin(l->y0, l->y1) - h, fmax(l->x0, l->x1) + h,
                     fmax(l->y0, l->y1) + h};
        return 0;
    }
    case DL_LINK:
        *b = (q_box){o->link.x, o->link.y, o->link.x + o->link.w, o->link.y + o->link.h};
        return 0;
    case DL_IMAGE:
        *b = (q_box){o->image.x, o->image.y, o->image.x + o->image.w, o->image.y + o->image.h};
        return 0;
    case DL_PATH:
    case DL_CLIP_PUSH: {
        q_path p = o->path;
        if (o->kind == DL_CLIP_PUSH)
            p.paint = Q_PAINT_FILL;
        return path_bounds(&p, b);
    }
    default:
        return -1;
    }
}

void q_op_translate(q_op *o, double dx, double dy)
{
    switch (o->kind) {
    case DL_TEXT:
        o->text.x += dx;
        o->text.y += dy;
        break;
    case DL_RECT:
        o->rect.x += dx;
        o->rect.y += dy;
        break;
    case DL_LINE:
        o->line.x0 += dx;
        o->line.y0 += dy;
        o->line.x1 += dx;
        o->line.y1 += dy;
        break;
    case DL_LINK:
        o->link.x += dx;
        o->link.y += dy;
        break;
    case DL_IMAGE:
        o->image.x += dx;
        o->image.y += dy;
        break;
    case DL_PATH:
    case DL_CLIP_PUSH:
        for (uint32_t i = 0; i < o->path.n; i++) {
            q_seg *s = &o->path.segs[i];
            s->x1 += dx, s->y1 += dy;
            s->x2 += dx, s->y2 += dy;
            s->x += dx, s->y += dy;
        }
        break;
    default:
        break;
    }
}

static void *dup_mem(const void *p, size_t size)
{
    if (!p || !size)
        return NULL;
    void *c = q_xmalloc(size);
    memcpy(c, p, size);
    return c;
}

q_op q_op_copy(const q_op *o)
{
    q_op c = *o;
    if (o->kind == DL_TEXT) {
        c.text.utf8 = o->text.utf8 ? q_xstrdup(o->text.utf8) : NULL;
        c.text.glyphs = dup_mem(o->text.glyphs, o->text.nglyphs * sizeof *o->text.glyphs);
    } else if (o->kind == DL_LINK) {
        c.link.uri = o->link.uri ? q_xstrdup(o->link.uri) : NULL;
    } else if (o->kind == DL_PATH || o->kind == DL_CLIP_PUSH) {
        c.path.segs = dup_mem(o->path.segs, o->path.n * sizeof *o->path.segs);
        c.path.cap = o->path.n;
    }
    return c;
}

void q_op_free(q_op *o)
{
    if (o->kind == DL_TEXT) {
        free(o->text.utf8);
        free(o->text.glyphs);
    } else if (o->kind == DL_LINK) {
        free(o->link.uri);
    } else if (o->kind == DL_PATH || o->kind == DL_CLIP_PUSH) {
        free(o->path.segs);
    }
    memset(o, 0, sizeof *o);
}

q_page *q_dlist_add_page(q_dlist *dl, double w, double h)
{
    dl->pages = q_xrealloc(dl->pages, (dl->npages + 1) * sizeof *dl->pages);
    q_page *p = &dl->pages[dl->npages++];
    memset(p, 0, sizeof *p);
    p->w = w;
    p->h = h;
    return p;
}

q_op *q_page_push(q_page *p, q_op op)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->ops = q_xrealloc(p->ops, p->cap * sizeof *p->ops);
    }
    p->ops[p->n] = op;
    return &p->ops[p->n++];
}

uint32_t q_dlist_add_elem(q_dlist *dl, int kind, uint32_t parent, int line)
{
    if (dl->nelems + 1 >= dl->capelems) {
        dl->capelems = dl->capelems ? dl->capelems * 2 : 64;
        dl->elems = q_xrealloc(dl->elems, dl->capelems * sizeof *dl->elems);
    }
    if (!dl->nelems)
        dl->elems[dl->nelems++] = (q_elem){.kind = Q_EL_DOCUMENT, .row = -1, .col = -1};
    q_elem *e = &dl->elems[dl->nelems];
    *e = (q_elem){.kind = (uint8_t)kind, .colspan = 1, .parent = parent, .row = -1, .col = -1, .line = line};
    return (uint32_t)dl->nelems++;
}

void q_dlist_trim_elems(q_dlist *dl, size_t n)
{
    for (size_t i = n ? n : 1; i < dl->nelems; i++)
        free(dl->elems[i].alt);
    if (n < dl->nelems)
        dl->nelems = n;
}

void q_dlist_free(q_dlist *dl)
{
    for (size_t i = 0; i < dl->npages; i++) {
        for (size_t k = 0; k < dl->pages[i].n; k++)
            q_op_free(&dl->pages[i].ops[k]);
        free(dl->pages[i].ops);
    }
    for (size_t i = 0; i < dl->noutline; i++)
        free(dl->outline[i].title);
    q_dlist_trim_elems(dl, 0);
    free(dl->elems);
    free(dl->pages);
    free(dl->outline);
    free(dl->labels);
    free(dl->images);
    memset(dl, 0, sizeof *dl);
}

const char *q_elem_kind_name(int kind)
{
    static const char *const names[Q_EL_NKINDS] = {
        "document", "title", "h", "p", "list", "li", "lbl", "lbody", "table", "tr", "th", "td",
        "figure", "caption", "link", "toc", "toci", "group"};
    return kind >= 0 && kind < Q_EL_NKINDS ? names[kind] : "?";
}

const char *q_artifact_name(int artifact)
{
    static const char *const names[] = {"none", "header", "footer", "repeated", "rule", "stripe", "background"};
    return artifact >= 0 && artifact <= Q_ART_BACKGROUND ? names[artifact] : "?";
}
