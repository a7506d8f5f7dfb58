/* The structure tree (docs/design.md, "Tagged PDF"). Each element becomes
 * a StructElem; its /K lists its children (element order, which is
 * reading order) with its own marked content and annotations placed among
 * them in the order they were painted. */
#include "paint/hpdf/tags.h"
#include "util/buf.h"
#include <hpdf_doc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Something an element holds directly: marked content or an annotation. */
typedef struct kid {
    uint32_t seq;           /* paint order */
    uint32_t page;
    int mcid;               /* -1: annot */
    HPDF_Annotation annot;
} kid;

typedef struct tel {
    kid *k;
    size_t nk, cap;
    uint32_t first;         /* seq of its own or a descendant's first content; UINT32_MAX: none */
    int has_box;
    double box[4];          /* PDF coordinates on its first page: x0 y0 x1 y1 */
    char *text;             /* a figure's first text, for alt */
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
};

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

void q_tags_free(q_tags *t)
{
    if (!t)
        return;
    size_t n = t->dl->nelems ? t->dl->nelems : 1;
    for (size_t i = 0; i < n; i++) {
        free(t->e[i].k);
        free(t->e[i].text);
    }
    for (size_t p = 0; p < t->dl->npages; p++)
        free(t->mc[p]);
    free(t->e);
    free(t->mc);
    free(t->nmc);
    free(t->capmc);
    free(t->annots);
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
        e->k = q_xrealloc(e->k, (e->cap = e->cap ? e->cap * 2 : 4) * sizeof *e->k);
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
    add_kid(t, elem, (kid){t->seq++, (uint32_t)page, mcid, NULL});
    return mcid;
}

void q_tags_op(q_tags *t, size_t page, const q_op *o, double page_h)
{
    uint32_t elem = valid(t, o->tag.elem);
    if (!elem || t->dl->elems[elem].kind != Q_EL_FIGURE)
        return;
    tel *e = &t->e[elem];
    if (o->kind == DL_TEXT && !e->text && !t->dl->elems[elem].alt)
        e->text = q_xstrdup(o->text.utf8);
    q_box b;
    if (o->kind == DL_LINK || q_op_bounds(o, &b) != 0 || (e->nk && e->k[0].page != page))
        return;
    double y0 = page_h - b.y1, y1 = page_h - b.y0;
    if (!e->has_box) {
        e->box[0] = b.x0, e->box[1] = y0, e->box[2] = b.x1, e->box[3] = y1;
        e->has_box = 1;
        return;
    }
    e->box[0] = b.x0 < e->box[0] ? b.x0 : e->box[0];
    e->box[1] = y0 < e->box[1] ? y0 : e->box[1];
    e->box[2] = b.x1 > e->box[2] ? b.x1 : e->box[2];
    e->box[3] = y1 > e->box[3] ? y1 : e->box[3];
}

void q_tags_annot(q_tags *t, size_t page, uint32_t elem, HPDF_Annotation a)
{
    elem = valid(t, elem);
    t->annots = q_xrealloc(t->annots, (t->nannots + 1) * sizeof *t->annots);
    t->annots[t->nannots++] = (annot_ref){elem, a};
    add_kid(t, elem, (kid){t->seq++, (uint32_t)page, -1, a});
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

/* /A: table attributes of a cell, or a figure's bounding box. */
static void attributes(q_tags *t, HPDF_Doc pdf, uint32_t i, HPDF_Dict se)
{
    const q_elem *e = &t->dl->elems[i];
    HPDF_Dict a = NULL;
    if (e->kind == Q_EL_HEADER_CELL || (e->kind == Q_EL_CELL && e->colspan > 1)) {
        a = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_AddName(a, "O", "Table");
        if (e->kind == Q_EL_HEADER_CELL)
            HPDF_Dict_AddName(a, "Scope", e->row == 0 ? "Column" : "Row");
        if (e->colspan > 1)
            HPDF_Dict_AddNumber(a, "ColSpan", e->colspan);
    } else if (e->kind == Q_EL_FIGURE && t->e[i].has_box) {
        a = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_AddName(a, "O", "Layout");
        HPDF_Array box = HPDF_Array_New(pdf->mmgr);
        for (int k = 0; k < 4; k++)
            HPDF_Array_AddReal(box, (HPDF_REAL)t->e[i].box[k]);
        HPDF_Dict_Add(a, "BBox", box);
    }
    if (a)
        HPDF_Dict_Add(se, "A", a);
    if (e->kind == Q_EL_FIGURE) {
        /* A figure always speaks: its alt, else its title, else its kind. */
        char *alt = e->alt && *e->alt ? q_xstrdup(e->alt)
                    : t->e[i].text   ? q_asprintf("Chart: %s", t->e[i].text)
                                     : q_xstrdup("Figure");
        HPDF_Dict_Add(se, "Alt", q_hpdf_utf16(pdf, alt));
        free(alt);
    }
}

/* libharu refuses an array longer than HPDF_LIMIT_MAX_ARRAY (32767): an
 * element with more children (a table of 100,000 rows) gets them in groups
 * under wrappers, TBody in a table and Div elsewhere. */
enum { KIDS_GROUP = 16384 };

/* The wrappers of element i's children, when it has too many; up[c] is
 * set to the wrapper of child c, its /P. Returns how many (0: none needed). */
static size_t group_kids(HPDF_Doc pdf, const q_dlist *dl, uint32_t i, HPDF_Dict *se, const uint32_t *child,
                         size_t nchild, HPDF_Dict *up, HPDF_Dict **wrap)
{
    if (nchild <= KIDS_GROUP)
        return 0;
    size_t ng = (nchild + KIDS_GROUP - 1) / KIDS_GROUP;
    *wrap = q_xcalloc(ng, sizeof **wrap);
    int table = i && i < dl->nelems && dl->elems[i].kind == Q_EL_TABLE;
    for (size_t g = 0; g < ng; g++) {
        HPDF_Dict w = HPDF_Dict_New(pdf->mmgr);
        if (!w || HPDF_Xref_Add(pdf->xref, w) != HPDF_OK)
            return (size_t)-1;
        HPDF_Dict_AddName(w, "S", table ? "TBody" : "Div");
        HPDF_Dict_Add(w, "P", se[i]);
        HPDF_Array k = HPDF_Array_New(pdf->mmgr);
        for (size_t c = g * KIDS_GROUP; c < nchild && c < (g + 1) * KIDS_GROUP; c++) {
            HPDF_Array_Add(k, se[child[c]]);
            up[child[c]] = w;
        }
        HPDF_Dict_Add(w, "K", k);
        (*wrap)[g] = w;
    }
    return ng;
}

/* /K: children in element order, own content among them by paint order. */
static int kids(q_tags *t, HPDF_Doc pdf, HPDF_Page *pages, uint32_t i, HPDF_Dict *se, const uint32_t *child,
                size_t nchild, HPDF_Dict *up)
{
    tel *e = &t->e[i];
    /* A single kid stands alone: no array (most cells and paragraphs). */
    if (nchild + e->nk == 1 && (nchild || (e->k[0].mcid >= 0))) {
        if (e->nk)
            HPDF_Dict_Add(se[i], "Pg", pages[e->k[0].page]);
        if (nchild)
            HPDF_Dict_Add(se[i], "K", se[child[0]]);
        else
            HPDF_Dict_AddNumber(se[i], "K", e->k[0].mcid);
        return 0;
    }
    HPDF_Dict *wrap = NULL;
    size_t ng = group_kids(pdf, t->dl, i, se, child, nchild, up, &wrap);
    if (ng == (size_t)-1) {
        free(wrap);
        return -1;
    }
    /* With wrappers, a wrapper stands for its group and comes with its
     * first child. */
    size_t nvirt = ng ? ng : nchild;
    HPDF_Array k = HPDF_Array_New(pdf->mmgr);
    uint32_t pg = e->nk ? e->k[0].page : 0;
    if (e->nk)
        HPDF_Dict_Add(se[i], "Pg", pages[pg]);
    size_t a = 0, b = 0;
    while (a < nvirt || b < e->nk) {
        uint32_t ca = a < nvirt ? child[ng ? a * KIDS_GROUP : a] : 0;
        if (a < nvirt && (b == e->nk || t->e[ca].first == UINT32_MAX || t->e[ca].first < e->k[b].seq)) {
            HPDF_Array_Add(k, ng ? wrap[a] : se[ca]);
            a++;
            continue;
        }
        const kid *c = &e->k[b++];
        if (c->mcid >= 0 && c->page == pg) {
            HPDF_Array_AddNumber(k, c->mcid);
            continue;
        }
        HPDF_Dict r = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_AddName(r, "Type", c->mcid >= 0 ? "MCR" : "OBJR");
        if (c->page != pg)
            HPDF_Dict_Add(r, "Pg", pages[c->page]);
        if (c->mcid >= 0)
            HPDF_Dict_AddNumber(r, "MCID", c->mcid);
        else
            HPDF_Dict_Add(r, "Obj", c->annot);
        HPDF_Array_Add(k, r);
    }
    HPDF_Dict_Add(se[i], "K", k);
    free(wrap);
    return 0;
}

int q_tags_write(q_tags *t, HPDF_Doc pdf, HPDF_Page *pages)
{
    const q_dlist *dl = t->dl;
    size_t n = dl->nelems ? dl->nelems : 1;
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Dict root = HPDF_Dict_New(mm);
    if (!root || HPDF_Xref_Add(pdf->xref, root) != HPDF_OK)
        return -1;
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    HPDF_Dict *se = q_xcalloc(n, sizeof *se);
    for (size_t i = 0; i < n; i++) {
        se[i] = HPDF_Dict_New(mm);
        if (!se[i] || HPDF_Xref_Add(pdf->xref, se[i]) != HPDF_OK) {
            free(se);
            return -1;
        }
        /* /Type /StructElem is optional: left out, hundreds of times. */
        HPDF_Dict_AddName(se[i], "S", q_tags_role(dl, (uint32_t)i));
    }
    /* Children of each element, in id order (ids follow reading order). */
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
    HPDF_Dict *up = q_xcalloc(n, sizeof *up);   /* a wrapper, when the parent has one */
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        uint32_t p = i && dl->elems[i].parent < i ? dl->elems[i].parent : 0;
        HPDF_Dict_Add(se[i], "P", i == 0 ? root : up[i] ? up[i] : se[p]);
        if (i)
            attributes(t, pdf, (uint32_t)i, se[i]);
        rc = kids(t, pdf, pages, (uint32_t)i, se, child + start[i], start[i + 1] - start[i], up);
    }
    free(up);
    if (rc != 0) {
        free(se);
        free(start);
        free(child);
        free(fill);
        return -1;
    }
    HPDF_Dict_Add(root, "K", se[0]);
    /* The parent tree: for each page the element of each MCID, then one
     * entry per annotation. */
    HPDF_Dict ptree = HPDF_Dict_New(mm);
    HPDF_Xref_Add(pdf->xref, ptree);
    HPDF_Array nums = HPDF_Array_New(mm);
    for (size_t p = 0; p < dl->npages; p++) {
        if (!t->nmc[p])
            continue;
        HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
        HPDF_Array refs = HPDF_Array_New(mm);
        for (size_t m = 0; m < t->nmc[p]; m++)
            HPDF_Array_Add(refs, se[t->mc[p][m]]);
        HPDF_Array_Add(nums, refs);
        HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
    }
    for (size_t a = 0; a < t->nannots; a++) {
        HPDF_INT32 key = (HPDF_INT32)(dl->npages + a);
        HPDF_Array_AddNumber(nums, key);
        HPDF_Array_Add(nums, se[t->annots[a].elem]);
        HPDF_Dict_AddNumber(t->annots[a].a, "StructParent", key);
    }
    HPDF_Dict_Add(ptree, "Nums", nums);
    HPDF_Dict_Add(root, "ParentTree", ptree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)(dl->npages + t->nannots));
    HPDF_Dict roles = HPDF_Dict_New(mm);
    HPDF_Dict_AddName(roles, "Title", "H1");
    HPDF_Dict_Add(root, "RoleMap", roles);
    for (size_t p = 0; p < dl->npages; p++)
        HPDF_Dict_AddName(pages[p], "Tabs", "S");   /* annotations in structure order */
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict mark = HPDF_Dict_New(mm);
    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark);
    HPDF_Dict vp = HPDF_Dict_New(mm);
    HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
    free(se);
    free(start);
    free(child);
    free(fill);
    return 0;
}
