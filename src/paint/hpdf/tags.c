/* The structure tree (docs/design.md, "Tagged PDF"). Each element becomes
 * a StructElem; its /K lists its children (element order, which is
 * reading order) with its own marked content and annotations placed among
 * them in the order they were painted. */
#include "paint/hpdf/tags.h"
#include "util/buf.h"
#include <hpdf_doc.h>
#include <hpdf_utils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Something an element holds directly: marked content or an annotation. */
typedef struct kid {
    uint32_t seq;           /* paint order */
    uint32_t page;
    int mcid;               /* -1: annot */
    uint32_t annot;         /* the annotation's object number */
} kid;

/* A figure's extras, apart: a large table has 500,000 elements and no
 * figure. */
typedef struct fig {
    int has_box;
    double box[4];          /* PDF coordinates on its first page: x0 y0 x1 y1 */
    char *text;             /* its first text, for alt */
} fig;

typedef struct tel {
    kid *k;
    uint32_t nk, cap;
    uint32_t first;         /* seq of its own or a descendant's first content; UINT32_MAX: none */
    uint32_t fig;           /* 1 + its index in q_tags.figs; 0: none */
} tel;

typedef struct annot_ref {
    uint32_t elem;
    HPDF_Annotation a;
} annot_ref;

struct q_tags {
    const q_dlist *dl;
    tel *e;
    uint32_t seq;
    uint32_t **mc;          /* per page: the element of each MCID */
    size_t *nmc, *capmc;
    annot_ref *annots;
    size_t nannots;
    fig *figs;
    size_t nfigs;
    q_buf subtext;          /* the tree's objects as text, back to back */
    size_t *suboff, nsub, capsub;
    uint32_t subfirst;      /* the first one's object number; 0: none */
    uint32_t *pid;          /* each page's object number */
    size_t nwrap;
};

static uint32_t oid(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

q_tags *q_tags_new(const q_dlist *dl)
{
    q_tags *t = q_xcalloc(1, sizeof *t);
    t->dl = dl;
    size_t n = dl->nelems ? dl->nelems : 1;
    t->e = q_xcalloc(n, sizeof *t->e);
    for (size_t i = 0; i < n; i++)
        t->e[i].first = UINT32_MAX;
    t->mc = q_xcalloc(dl->npages + 1, sizeof *t->mc);
    t->nmc = q_xcalloc(dl->npages + 1, sizeof *t->nmc);
    t->capmc = q_xcalloc(dl->npages + 1, sizeof *t->capmc);
    return t;
}

/* Frees what the tree's text is made from. */
static void spent(q_tags *t)
{
    size_t n = t->dl->nelems ? t->dl->nelems : 1;
    for (size_t i = 0; t->e && i < n; i++)
        free(t->e[i].k);
    for (size_t p = 0; t->mc && p < t->dl->npages; p++)
        free(t->mc[p]);
    free(t->e);
    free(t->mc);
    t->e = NULL;
    t->mc = NULL;
}

void q_tags_free(q_tags *t)
{
    if (!t)
        return;
    spent(t);
    for (size_t i = 0; i < t->nfigs; i++)
        free(t->figs[i].text);
    free(t->figs);
    free(t->nmc);
    free(t->capmc);
    free(t->annots);
    q_buf_free(&t->subtext);
    free(t->suboff);
    free(t->pid);
    free(t);
}

static uint32_t valid(const q_tags *t, uint32_t elem)
{
    return elem < t->dl->nelems ? elem : 0;
}

const char *q_tags_role(const q_dlist *dl, uint32_t elem)
{
    static const char *const heads[] = {"H1", "H1", "H2", "H3", "H4", "H5", "H6"};
    if (elem == 0 || elem >= dl->nelems)
        return "Document";
    const q_elem *e = &dl->elems[elem];
    switch (e->kind) {
    case Q_EL_TITLE: return "Title";   /* role-mapped to H1 */
    case Q_EL_HEADING: return heads[e->level <= 6 ? e->level : 6];
    case Q_EL_PARA: return "P";
    case Q_EL_LIST: return "L";
    case Q_EL_ITEM: return "LI";
    case Q_EL_LABEL: return "Lbl";
    case Q_EL_ITEM_BODY: return "LBody";
    case Q_EL_TABLE: return "Table";
    case Q_EL_ROW: return "TR";
    case Q_EL_HEADER_CELL: return "TH";
    case Q_EL_CELL: return "TD";
    case Q_EL_FIGURE: return "Figure";
    case Q_EL_CAPTION: return "Caption";
    case Q_EL_LINK: return "Link";
    case Q_EL_TOC: return "TOC";
    case Q_EL_TOC_ITEM: return "TOCI";
    default: return "Div";
    }
}

static void add_kid(q_tags *t, uint32_t elem, kid k)
{
    tel *e = &t->e[elem];
    if (e->nk == e->cap)
        e->k = q_xrealloc(e->k, (e->cap = e->cap ? e->cap * 2 : 1) * sizeof *e->k);   /* most have one */
    e->k[e->nk++] = k;
    /* The first content of an element and of its ancestors, for order. */
    for (uint32_t i = elem;; i = t->dl->elems[i].parent < i ? t->dl->elems[i].parent : 0) {
        if (t->e[i].first != UINT32_MAX)
            break;
        t->e[i].first = k.seq;
        if (i == 0)
            break;
    }
}

int q_tags_mcid(q_tags *t, size_t page, uint32_t elem)
{
    elem = valid(t, elem);
    if (t->nmc[page] == t->capmc[page])
        t->mc[page] = q_xrealloc(t->mc[page], (t->capmc[page] = t->capmc[page] ? t->capmc[page] * 2 : 32) *
                                                  sizeof **t->mc);
    int mcid = (int)t->nmc[page];
    t->mc[page][t->nmc[page]++] = elem;
    add_kid(t, elem, (kid){t->seq++, (uint32_t)page, mcid, 0});
    return mcid;
}

static fig *fig_of(const q_tags *t, uint32_t elem)
{
    return t->e[elem].fig ? &t->figs[t->e[elem].fig - 1] : NULL;
}

void q_tags_op(q_tags *t, size_t page, const q_op *o, double page_h)
{
    uint32_t elem = valid(t, o->tag.elem);
    if (!elem || t->dl->elems[elem].kind != Q_EL_FIGURE)
        return;
    tel *e = &t->e[elem];
    if (!e->fig) {
        t->figs = q_xrealloc(t->figs, (t->nfigs + 1) * sizeof *t->figs);
        memset(&t->figs[t->nfigs], 0, sizeof *t->figs);
        e->fig = (uint32_t)++t->nfigs;
    }
    fig *f = fig_of(t, elem);
    if (o->kind == DL_TEXT && !f->text && !t->dl->elems[elem].alt)
        f->text = q_xstrdup(o->text.utf8);
    q_box b;
    if (o->kind == DL_LINK || q_op_bounds(o, &b) != 0 || (e->nk && e->k[0].page != page))
        return;
    double y0 = page_h - b.y1, y1 = page_h - b.y0;
    if (!f->has_box) {
        f->box[0] = b.x0, f->box[1] = y0, f->box[2] = b.x1, f->box[3] = y1;
        f->has_box = 1;
        return;
    }
    f->box[0] = b.x0 < f->box[0] ? b.x0 : f->box[0];
    f->box[1] = y0 < f->box[1] ? y0 : f->box[1];
    f->box[2] = b.x1 > f->box[2] ? b.x1 : f->box[2];
    f->box[3] = y1 > f->box[3] ? y1 : f->box[3];
}

void q_tags_annot(q_tags *t, size_t page, uint32_t elem, HPDF_Annotation a)
{
    elem = valid(t, elem);
    t->annots = q_xrealloc(t->annots, (t->nannots + 1) * sizeof *t->annots);
    t->annots[t->nannots++] = (annot_ref){elem, a};
    add_kid(t, elem, (kid){t->seq++, (uint32_t)page, -1, oid(a)});
}

HPDF_Binary q_hpdf_utf16(HPDF_Doc pdf, const char *utf8)
{
    size_t n = strlen(utf8);
    unsigned char *b = q_xmalloc(n * 4 + 2), *o = b;
    *o++ = 0xFE;
    *o++ = 0xFF;
    for (const char *p = utf8, *end = utf8 + n; p < end;) {
        uint32_t cp = q_utf8_next(&p, end);
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000, hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
            *o++ = (unsigned char)(hi >> 8), *o++ = (unsigned char)hi;
            cp = lo;
        }
        *o++ = (unsigned char)(cp >> 8), *o++ = (unsigned char)cp;
    }
    HPDF_Binary s = HPDF_Binary_New(pdf->mmgr, b, (HPDF_UINT)(o - b));
    free(b);
    return s;
}

/* ---- Writing ------------------------------------------------------------
 * A large table has hundreds of thousands of elements: as libharu objects
 * (a dict, its names and numbers, each allocated, written and freed) they
 * were most of the paint's time and memory. Each element is instead a
 * libharu null, which only reserves its object number, and its dictionary
 * is written here as text, exactly as libharu would write it (keys in the
 * same order, "[ a b ]" arrays), which finish.c puts in the null's place. */

/* libharu refuses an array longer than HPDF_LIMIT_MAX_ARRAY (32767): an
 * element with more children (a table of 100,000 rows) gets them in groups
 * under wrappers, TBody in a table and Div elsewhere. */
enum { KIDS_GROUP = 16384 };

static void put_int(q_buf *b, long long v)
{
    char s[24];
    int k = (int)sizeof s;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        s[--k] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        s[--k] = '-';
    q_buf_add(b, s + k, sizeof s - (size_t)k);
}

static void put_ref(q_buf *b, uint32_t id)
{
    put_int(b, id);
    q_buf_add(b, " 0 R", 4);
}

static void put_real(q_buf *b, double v)
{
    char s[32];
    char *end = HPDF_FToA(s, (HPDF_REAL)v, s + sizeof s - 1);
    q_buf_add(b, s, (size_t)(end - s));
}

/* UTF-16BE with a byte-order mark, in hex, as libharu writes a binary. */
static void put_utf16(q_buf *b, const char *utf8)
{
    static const char hex[] = "0123456789ABCDEF";
    q_buf_puts(b, "<FEFF");
    for (const char *p = utf8, *end = utf8 + strlen(utf8); p < end;) {
        uint32_t cp = q_utf8_next(&p, end);
        uint32_t u[2] = {cp, 0};
        int nu = 1;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            u[0] = 0xD800 | (v >> 10), u[1] = 0xDC00 | (v & 0x3FF), nu = 2;
        }
        for (int k = 0; k < nu; k++)
            for (int sh = 12; sh >= 0; sh -= 4)
                q_buf_putc(b, hex[u[k] >> sh & 0xF]);
    }
    q_buf_putc(b, '>');
}

/* /A: table attributes of a cell, or a figure's bounding box; a figure's
 * /Alt. */
static void attributes(q_tags *t, uint32_t i, q_buf *b)
{
    const q_elem *e = &t->dl->elems[i];
    if (e->kind == Q_EL_HEADER_CELL || (e->kind == Q_EL_CELL && e->colspan > 1)) {
        q_buf_puts(b, "/A <<\n/O /Table\n");
        if (e->kind == Q_EL_HEADER_CELL)
            q_buf_puts(b, e->row == 0 ? "/Scope /Column\n" : "/Scope /Row\n");
        if (e->colspan > 1) {
            q_buf_puts(b, "/ColSpan ");
            put_int(b, e->colspan);
            q_buf_putc(b, '\n');
        }
        q_buf_puts(b, ">>\n");
    } else if (e->kind == Q_EL_FIGURE && fig_of(t, i) && fig_of(t, i)->has_box) {
        q_buf_puts(b, "/A <<\n/O /Layout\n/BBox [ ");
        for (int k = 0; k < 4; k++) {
            put_real(b, fig_of(t, i)->box[k]);
            q_buf_putc(b, ' ');
        }
        q_buf_puts(b, "]\n>>\n");
    }
    if (e->kind == Q_EL_FIGURE) {
        /* A figure always speaks: its alt, else its title, else its kind. */
        char *alt = e->alt && *e->alt ? q_xstrdup(e->alt)
                    : fig_of(t, i) && fig_of(t, i)->text ? q_asprintf("Chart: %s", fig_of(t, i)->text)
                                     : q_xstrdup("Figure");
        q_buf_puts(b, "/Alt ");
        put_utf16(b, alt);
        q_buf_putc(b, '\n');
        free(alt);
    }
}

/* Object numbers: the root, the elements, the wrappers, the parent tree,
 * reserved in that order, so consecutive. */
typedef struct ids {
    uint32_t root, se0, wrap0, ptree;
    const uint32_t *page;      /* per page */
} ids;

/* /K: children in element order, own content among them by paint order;
 * wrap: the first wrapper's index when the children come in groups. */
static void kids(q_tags *t, const ids *id, uint32_t i, const uint32_t *child, size_t nchild, size_t ng,
                 size_t wrap, q_buf *b)
{
    tel *e = &t->e[i];
    /* A single kid stands alone: no array (most cells and paragraphs). */
    if (nchild + e->nk == 1 && (nchild || (e->k[0].mcid >= 0))) {
        if (e->nk) {
            q_buf_puts(b, "/Pg ");
            put_ref(b, id->page[e->k[0].page]);
            q_buf_putc(b, '\n');
        }
        q_buf_puts(b, "/K ");
        if (nchild)
            put_ref(b, id->se0 + child[0]);
        else
            put_int(b, e->k[0].mcid);
        q_buf_putc(b, '\n');
        return;
    }
    uint32_t pg = e->nk ? e->k[0].page : 0;
    if (e->nk) {
        q_buf_puts(b, "/Pg ");
        put_ref(b, id->page[pg]);
        q_buf_putc(b, '\n');
    }
    q_buf_puts(b, "/K [ ");
    /* With groups, a wrapper stands for its group, where its first child is. */
    size_t nvirt = ng ? ng : nchild, a = 0, k = 0;
    while (a < nvirt || k < e->nk) {
        uint32_t ca = a < nvirt ? child[ng ? a * KIDS_GROUP : a] : 0;
        if (a < nvirt && (k == e->nk || t->e[ca].first == UINT32_MAX || t->e[ca].first < e->k[k].seq)) {
            put_ref(b, ng ? id->wrap0 + (uint32_t)(wrap + a) : id->se0 + ca);
            q_buf_putc(b, ' ');
            a++;
            continue;
        }
        const kid *c = &e->k[k++];
        if (c->mcid >= 0 && c->page == pg) {
            put_int(b, c->mcid);
            q_buf_putc(b, ' ');
            continue;
        }
        q_buf_puts(b, c->mcid >= 0 ? "<<\n/Type /MCR\n" : "<<\n/Type /OBJR\n");
        if (c->page != pg) {
            q_buf_puts(b, "/Pg ");
            put_ref(b, id->page[c->page]);
            q_buf_putc(b, '\n');
        }
        if (c->mcid >= 0) {
            q_buf_puts(b, "/MCID ");
            put_int(b, c->mcid);
        } else {
            q_buf_puts(b, "/Obj ");
            put_ref(b, c->annot);
        }
        q_buf_puts(b, "\n>> ");
    }
    q_buf_puts(b, "]\n");
}

/* The text of one more object: where it starts. */
static void mark(q_tags *t)
{
    if (t->nsub == t->capsub)
        t->suboff = q_xrealloc(t->suboff, (t->capsub = t->capsub ? t->capsub * 2 : 256) * sizeof *t->suboff);
    t->suboff[t->nsub++] = t->subtext.n;
}

/* Children of each element, in id order (ids follow reading order):
 * child[start[i] .. start[i+1]). Returns how many wrappers they need. */
static size_t children(const q_tags *t, size_t n, size_t **startp, uint32_t **childp)
{
    const q_dlist *dl = t->dl;
    size_t *start = q_xcalloc(n + 1, sizeof *start);
    uint32_t *child = q_xcalloc(n, sizeof *child);
    for (size_t i = 1; i < n; i++)
        start[(dl->elems[i].parent < i ? dl->elems[i].parent : 0) + 1]++;
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    size_t *fill = q_xcalloc(n, sizeof *fill);
    for (size_t i = 1; i < n; i++) {
        uint32_t p = dl->elems[i].parent < i ? dl->elems[i].parent : 0;
        child[start[p] + fill[p]++] = (uint32_t)i;
    }
    free(fill);
    size_t nwrap = 0;
    for (size_t i = 0; i < n; i++) {
        size_t nc = start[i + 1] - start[i];
        if (nc > KIDS_GROUP && nc + t->e[i].nk > 1)
            nwrap += (nc + KIDS_GROUP - 1) / KIDS_GROUP;
    }
    *startp = start;
    *childp = child;
    return nwrap;
}

int q_tags_write(q_tags *t, HPDF_Doc pdf, HPDF_Page *pages)
{
    const q_dlist *dl = t->dl;
    size_t n = dl->nelems ? dl->nelems : 1;
    HPDF_MMgr mm = pdf->mmgr;
    size_t *start;
    uint32_t *child;
    t->nwrap = children(t, n, &start, &child);
    free(start);
    free(child);
    /* Reserve the numbers: root, elements, wrappers, parent tree. */
    size_t nobj = 1 + n + t->nwrap + 1;
    /* libharu grows its object list 1,024 entries at a time, copying it
     * byte by byte each time: quadratic for a large tree. One step here. */
    HPDF_List xl = pdf->xref->entries;
    if (xl->items_per_block < nobj)
        xl->items_per_block = (HPDF_UINT)nobj;
    uint32_t first = 0;
    HPDF_Null root = NULL;
    for (size_t k = 0; k < nobj; k++) {
        HPDF_Null o = HPDF_Null_New(mm);
        if (!o || HPDF_Xref_Add(pdf->xref, o) != HPDF_OK)
            return -1;
        if (k == 0)
            first = oid(root = o);
        else if (oid(o) != first + k)
            return -1;
    }
    t->pid = q_xcalloc(dl->npages + 1, sizeof *t->pid);
    for (size_t p = 0; p < dl->npages; p++)
        t->pid[p] = oid(pages[p]);
    for (size_t p = 0; p < dl->npages; p++)
        if (t->nmc[p])
            HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
    for (size_t a = 0; a < t->nannots; a++)
        HPDF_Dict_AddNumber(t->annots[a].a, "StructParent", (HPDF_INT32)(dl->npages + a));
    for (size_t p = 0; p < dl->npages; p++)
        HPDF_Dict_AddName(pages[p], "Tabs", "S");   /* annotations in structure order */
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict mk = HPDF_Dict_New(mm);
    HPDF_Dict_AddBoolean(mk, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mk);
    HPDF_Dict vp = HPDF_Dict_New(mm);
    HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
    t->subfirst = first;
    return 0;
}

/* The objects' text, once libharu is gone: it and this are never in
 * memory together. */
static void write_text(q_tags *t)
{
    const q_dlist *dl = t->dl;
    size_t n = dl->nelems ? dl->nelems : 1;
    size_t *start;
    uint32_t *child;
    size_t nwrap = children(t, n, &start, &child);
    uint32_t first = t->subfirst;
    ids id = {first, first + 1, first + 1 + (uint32_t)n, first + 1 + (uint32_t)(n + nwrap), t->pid};
    q_buf *b = &t->subtext;
    /* Room for the usual case at once: grown by doubling, a large table's
     * text was briefly held twice (trimmed to its length after). */
    size_t nmc = t->nannots;
    for (size_t p = 0; p < dl->npages; p++)
        nmc += t->nmc[p];
    size_t est = 64 * (n + nwrap) + 12 * nmc + 256;
    if (b->cap < est) {
        b->s = q_xrealloc(b->s, est);
        b->cap = est;
    }
    mark(t);
    q_buf_puts(b, "<<\n/Type /StructTreeRoot\n/K ");
    put_ref(b, id.se0);
    q_buf_puts(b, "\n/ParentTree ");
    put_ref(b, id.ptree);
    q_buf_puts(b, "\n/ParentTreeNextKey ");
    put_int(b, (HPDF_INT32)(dl->npages + t->nannots));
    q_buf_puts(b, "\n/RoleMap <<\n/Title /H1\n>>\n>>\n");
    /* The parent of each element: its wrapper, when its parent has them. */
    uint32_t *up = q_xcalloc(n, sizeof *up);
    size_t wrap = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t p = i && dl->elems[i].parent < i ? dl->elems[i].parent : 0;
        mark(t);
        q_buf_puts(b, "<<\n/S /");
        q_buf_puts(b, q_tags_role(dl, (uint32_t)i));
        q_buf_puts(b, "\n/P ");
        put_ref(b, i == 0 ? id.root : up[i] ? up[i] : id.se0 + p);
        q_buf_putc(b, '\n');
        if (i)
            attributes(t, (uint32_t)i, b);
        size_t nc = start[i + 1] - start[i];
        size_t ng = nc > KIDS_GROUP && nc + t->e[i].nk > 1 ? (nc + KIDS_GROUP - 1) / KIDS_GROUP : 0;
        for (size_t c = 0; c < nc && ng; c++)
            up[child[start[i] + c]] = id.wrap0 + (uint32_t)(wrap + c / KIDS_GROUP);
        kids(t, &id, (uint32_t)i, child + start[i], nc, ng, wrap, b);
        q_buf_puts(b, ">>\n");
        wrap += ng;
    }
    free(up);
    /* The wrappers, in the order they were numbered. */
    for (size_t i = 0; i < n; i++) {
        size_t nc = start[i + 1] - start[i];
        if (!(nc > KIDS_GROUP && nc + t->e[i].nk > 1))
            continue;
        int table = i && dl->elems[i].kind == Q_EL_TABLE;
        for (size_t g = 0; g * KIDS_GROUP < nc; g++) {
            mark(t);
            q_buf_puts(b, table ? "<<\n/S /TBody\n/P " : "<<\n/S /Div\n/P ");
            put_ref(b, id.se0 + (uint32_t)i);
            q_buf_puts(b, "\n/K [ ");
            for (size_t c = g * KIDS_GROUP; c < nc && c < (g + 1) * KIDS_GROUP; c++) {
                put_ref(b, id.se0 + child[start[i] + c]);
                q_buf_putc(b, ' ');
            }
            q_buf_puts(b, "]\n>>\n");
        }
    }
    /* The parent tree: for each page the element of each MCID, then one
     * entry per annotation. */
    mark(t);
    q_buf_puts(b, "<<\n/Nums [ ");
    for (size_t p = 0; p < dl->npages; p++) {
        if (!t->nmc[p])
            continue;
        put_int(b, (HPDF_INT32)p);
        q_buf_puts(b, " [ ");
        for (size_t m = 0; m < t->nmc[p]; m++) {
            put_ref(b, id.se0 + t->mc[p][m]);
            q_buf_putc(b, ' ');
        }
        q_buf_puts(b, "] ");
    }
    for (size_t a = 0; a < t->nannots; a++) {
        put_int(b, (HPDF_INT32)(dl->npages + a));
        q_buf_putc(b, ' ');
        put_ref(b, id.se0 + t->annots[a].elem);
        q_buf_putc(b, ' ');
    }
    q_buf_puts(b, "]\n>>\n");
    mark(t);   /* the end of the last */
    free(start);
    free(child);
}

void q_tags_drop_text(void *tags)
{
    q_tags *t = tags;
    q_buf_free(&t->subtext);
    free(t->suboff);
    t->suboff = NULL;
    t->capsub = 0;
}

const char *q_tags_text(q_tags *t, uint32_t *first, size_t *count, const size_t **off)
{
    if (t->subfirst && !t->nsub) {
        write_text(t);
        spent(t);   /* the text stays till the file is made */
        t->subtext.s = q_xrealloc(t->subtext.s, t->subtext.n + 1);
        t->subtext.cap = t->subtext.n + 1;
    }
    *first = t->subfirst;
    *count = t->nsub ? t->nsub - 1 : 0;
    *off = t->suboff;
    return t->subtext.s;
}
