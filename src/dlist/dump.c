/* The text-dump backend: the display list as lines a test can grep, one
 * per element, then one per op, each op line starting with its page. */
#include "dlist/dlist.h"
#include <math.h>
#include <string.h>

static void num(FILE *out, const char *name, double v)
{
    if (fabs(v) < 0.005)
        v = 0;   /* no "-0.00" */
    fprintf(out, " %s=%.2f", name, v);
}

static void quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\x%02X", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* "h1#3", "td#12(r2,c1)": kind, id and, for cells, where they sit. */
static void elem_label(FILE *out, const q_dlist *dl, uint32_t id)
{
    const q_elem *e = id < dl->nelems ? &dl->elems[id] : NULL;
    if (!e) {
        fprintf(out, "?#%u", (unsigned)id);
        return;
    }
    fputs(q_elem_kind_name(e->kind), out);
    if (e->kind == Q_EL_HEADING)
        fprintf(out, "%d", e->level);
    fprintf(out, "#%u", (unsigned)id);
    if (e->kind == Q_EL_CELL || e->kind == Q_EL_HEADER_CELL)
        fprintf(out, "(r%d,c%d)", (int)e->row, (int)e->col);
}

static void tag(FILE *out, const q_dlist *dl, q_tag t)
{
    if (t.artifact) {
        fprintf(out, " artifact=%s", q_artifact_name(t.artifact));
        return;
    }
    fputs(" elem=", out);
    elem_label(out, dl, t.elem);
}

static void font_name(FILE *out, const q_dlist *dl, int id)
{
    q_face *f = dl->fonts ? q_fonts_get(dl->fonts, id) : NULL;
    if (!f) {
        fprintf(out, " font=#%d", id);
        return;
    }
    const char *path = q_face_path(f), *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    fprintf(out, " font=%.*s", (int)(dot ? dot - base : (long)strlen(base)), base);
}

static void segs(FILE *out, const q_path *p)
{
    fputs(" d=\"", out);
    for (uint32_t i = 0; i < p->n; i++) {
        const q_seg *s = &p->segs[i];
        if (i)
            fputc(' ', out);
        switch (s->kind) {
        case Q_SEG_MOVE: fprintf(out, "M %.2f %.2f", s->x, s->y); break;
        case Q_SEG_LINE: fprintf(out, "L %.2f %.2f", s->x, s->y); break;
        case Q_SEG_CUBIC:
            fprintf(out, "C %.2f %.2f %.2f %.2f %.2f %.2f", s->x1, s->y1, s->x2, s->y2, s->x, s->y);
            break;
        default: fputc('Z', out);
        }
    }
    fputc('"', out);
}

static void path_style(FILE *out, const q_path *p)
{
    static const char *const caps[] = {"butt", "round", "square"}, *const joins[] = {"miter", "round", "bevel"};
    if (p->paint & Q_PAINT_FILL) {
        fprintf(out, " fill=#%06X", (unsigned)p->fill);
        if (p->fill_opacity < 1)
            fprintf(out, " opacity=%.2f", p->fill_opacity);
    }
    if (p->paint & Q_PAINT_STROKE) {
        fprintf(out, " stroke=#%06X", (unsigned)p->stroke);
        num(out, "width", p->width);
        fprintf(out, " cap=%s join=%s", caps[p->line_cap % 3], joins[p->line_join % 3]);
        if (p->ndash) {
            fputs(" dash=[", out);
            for (int i = 0; i < p->ndash; i++)
                fprintf(out, "%s%.2f", i ? " " : "", p->dash[i]);
            fprintf(out, "]@%.2f", p->dash_phase);
        }
    }
    if (p->even_odd)
        fputs(" evenodd", out);
}

static void op_line(FILE *out, const q_dlist *dl, const q_op *o, unsigned flags)
{
    switch (o->kind) {
    case DL_TEXT: {
        const q_text *t = &o->text;
        fputs(" text", out);
        num(out, "x", t->x), num(out, "y", t->y), num(out, "w", t->w);
        font_name(out, dl, t->font);
        fprintf(out, " size=%g color=#%06X", t->size, (unsigned)t->color);
        tag(out, dl, o->tag);
        fputc(' ', out);
        quoted(out, t->utf8);
        if (flags & Q_DUMP_GLYPHS) {
            fputs(" glyphs=[", out);
            for (uint32_t i = 0; i < t->nglyphs; i++)
                fprintf(out, "%s%u/%d", i ? " " : "", (unsigned)t->glyphs[i].id, (int)t->glyphs[i].adv);
            fputc(']', out);
        }
        break;
    }
    case DL_RECT:
        fputs(" rect", out);
        num(out, "x", o->rect.x), num(out, "y", o->rect.y), num(out, "w", o->rect.w), num(out, "h", o->rect.h);
        fprintf(out, " color=#%06X", (unsigned)o->rect.color);
        tag(out, dl, o->tag);
        break;
    case DL_LINE:
        fputs(" line", out);
        num(out, "x0", o->line.x0), num(out, "y0", o->line.y0);
        num(out, "x1", o->line.x1), num(out, "y1", o->line.y1);
        num(out, "stroke", o->line.stroke);
        fprintf(out, " color=#%06X", (unsigned)o->line.color);
        tag(out, dl, o->tag);
        break;
    case DL_LINK:
        fputs(" link", out);
        num(out, "x", o->link.x), num(out, "y", o->link.y), num(out, "w", o->link.w), num(out, "h", o->link.h);
        if (o->link.uri) {
            fputs(" uri=", out);
            quoted(out, o->link.uri);
        } else {
            fprintf(out, " goto=%d", o->link.dest_page + 1);
            num(out, "dest_y", o->link.dest_y);
        }
        tag(out, dl, o->tag);
        break;
    case DL_IMAGE:
        fputs(" image", out);
        num(out, "x", o->image.x), num(out, "y", o->image.y), num(out, "w", o->image.w), num(out, "h", o->image.h);
        fprintf(out, " image=%d", o->image.image);
        tag(out, dl, o->tag);
        break;
    case DL_PATH:
        fputs(" path", out);
        path_style(out, &o->path);
        tag(out, dl, o->tag);
        segs(out, &o->path);
        break;
    case DL_CLIP_PUSH:
        fprintf(out, " clip-push%s", o->path.even_odd ? " evenodd" : "");
        tag(out, dl, o->tag);
        segs(out, &o->path);
        break;
    case DL_CLIP_POP:
        fputs(" clip-pop", out);
        tag(out, dl, o->tag);
        break;
    default:
        fprintf(out, " op%d", o->kind);
    }
    fputc('\n', out);
}

void q_dlist_dump(const q_dlist *dl, FILE *out, unsigned flags)
{
    fprintf(out, "dlist pages=%zu elems=%zu\n", dl->npages, dl->nelems ? dl->nelems - 1 : 0);
    for (size_t i = 1; i < dl->nelems; i++) {
        const q_elem *e = &dl->elems[i];
        fputs("elem ", out);
        elem_label(out, dl, (uint32_t)i);
        fputs(" parent=", out);
        elem_label(out, dl, e->parent);
        if (e->kind == Q_EL_CELL || e->kind == Q_EL_HEADER_CELL)
            fprintf(out, " colspan=%d", e->colspan);
        if (e->kind == Q_EL_ROW)
            fprintf(out, " row=%d", (int)e->row);
        if (e->alt) {
            fputs(" alt=", out);
            quoted(out, e->alt);
        }
        fprintf(out, " line=%d\n", e->line);
    }
    for (size_t p = 0; p < dl->npages; p++) {
        const q_page *pg = &dl->pages[p];
        fprintf(out, "page %zu size w=%.2f h=%.2f\n", p + 1, pg->w, pg->h);
        for (size_t k = 0; k < pg->n; k++) {
            fprintf(out, "page %zu", p + 1);
            op_line(out, dl, &pg->ops[k], flags);
        }
    }
}
