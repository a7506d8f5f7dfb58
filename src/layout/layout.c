#include "layout/layout.h"
#include "image/image.h"
#include "layout/text.h"
#include "layout/layout_impl.h"
#include "util/buf.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

piece *q_l_add_piece(pieces *ps)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 64;
        ps->v = q_xrealloc(ps->v, ps->cap * sizeof *ps->v);
    }
    piece *p = &ps->v[ps->n++];
    memset(p, 0, sizeof *p);
    p->can_break_before = 1;
    return p;
}

static void free_pieces(pieces *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        q_tline_clear(&ps->v[i].body);
        free(ps->v[i].outline_title);
    }
    free(ps->v);
    for (size_t i = 0; i < ps->nrepeats; i++)
        q_tline_clear(&ps->repeats[i]);
    free(ps->repeats);
}

void q_l_take_ops(q_tline *dst, q_tline *src, double dx, double dy)
{
    /* Exactly the room needed: a table's rows wait here, all of them, until
     * they are placed on pages. */
    if (dst->cap < dst->n + src->n) {
        dst->cap = dst->n + src->n;
        dst->ops = q_xrealloc(dst->ops, dst->cap * sizeof *dst->ops);
    }
    for (size_t k = 0; k < src->n; k++)
        q_op_translate(q_tline_push(dst, src->ops[k]), dx, dy);
    free(src->ops);
    src->ops = NULL;
    src->n = src->cap = 0;
}

uint32_t q_l_elem(lctx *L, int kind, uint32_t parent, int line)
{
    return q_dlist_add_elem(L->out, kind, parent, line);
}

q_tag q_l_in(uint32_t id)
{
    return (q_tag){id, Q_ART_NONE};
}

q_tag q_l_artifact(int a)
{
    return (q_tag){0, (uint8_t)a};
}

static char *plain_text(const q_para *p)
{
    q_buf b = {0};
    for (size_t i = 0; i < p->n; i++) {
        if (p->runs[i].kind != QR_TEXT)
            continue;
        for (const char *s = p->runs[i].text; *s; s++) {
            int sp = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
            if (sp && (b.n == 0 || b.s[b.n - 1] == ' '))
                continue;
            q_buf_putc(&b, sp ? ' ' : *s);
        }
    }
    while (b.n && b.s[b.n - 1] == ' ')
        b.s[--b.n] = 0;
    return q_buf_take(&b);
}

int q_l_stack_para(lctx *L, q_tline *dst, const q_para *p, const q_bstyle *st, double x, double y,
                   double width, int line, q_tag tag, double *h)
{
    q_tline *lines = NULL;
    q_tagto to = {L->out, tag};
    size_t n = q_typeset(L->faces, p, st, width, L->cur_page, L->pages_str, line, &to, &lines, L->d);
    *h = 0;
    if (!lines)
        return -1;   /* q_typeset allocates even for an empty paragraph */
    for (size_t i = 0; i < n; i++) {
        q_l_take_ops(dst, &lines[i], x, y + *h);
        *h += lines[i].h;
    }
    q_tlines_free(lines, n);
    return 0;
}

/* Key figures in a row share baselines: each part (value, label, note) is
 * set alone, then every card's part starts where the row's tallest part
 * above it ends, so a label that wraps or a missing note moves nothing in
 * the other cards. */
enum { KPI_PARTS = 3 };

static int kpi_block(lctx *L, const q_block *b, pieces *ps)
{
    int cols = b->columns > 0 ? b->columns : 1;
    double gutter = 14;
    double cw = (L->text_w - gutter * (cols - 1)) / cols;
    static const double gap[KPI_PARTS] = {8, 2, 2};   /* above value, label, note */
    q_tline *set = q_xcalloc((size_t)cols * KPI_PARTS, sizeof *set);
    int rc = 0;
    for (size_t first = 0; first < b->nkpis && !rc; first += (size_t)cols) {
        piece *p = q_l_add_piece(ps);
        p->first_of_block = first == 0;
        p->before = first == 0 ? b->st.space_before : 10;
        p->after = b->st.space_after;
        double tallest[KPI_PARTS] = {0, 0, 0};
        size_t n = b->nkpis - first < (size_t)cols ? b->nkpis - first : (size_t)cols;
        for (size_t c = 0; c < n && !rc; c++) {
            const q_kpi *kp = &b->kpis[first + c];
            double x = (double)c * (cw + gutter);
            /* A thin accent rule above each figure (house style: no boxes). */
            q_tline_push(&p->body, q_op_rect(q_l_artifact(Q_ART_RULE), x, 0, cw, 1.5, kp->value_st.text.color));
            uint32_t g = q_l_elem(L, Q_EL_GROUP, 0, b->line);
            const q_para *para[KPI_PARTS] = {&kp->value, &kp->label, &kp->note};
            const q_bstyle *st[KPI_PARTS] = {&kp->value_st, &kp->label_st, &kp->note_st};
            for (int k = 0; k < KPI_PARTS && !rc; k++) {
                double h = 0;
                if (k == 2 && !para[k]->n)
                    continue;
                q_tag tag = q_l_in(q_l_elem(L, Q_EL_PARA, g, b->line));
                rc = q_l_stack_para(L, &set[c * KPI_PARTS + k], para[k], st[k], x, 0, cw, b->line, tag, &h);
                tallest[k] = h > tallest[k] ? h : tallest[k];
            }
        }
        double y[KPI_PARTS], top = 0;
        for (int k = 0; k < KPI_PARTS; k++) {
            y[k] = top + gap[k];
            if (k < 2 || tallest[k] > 0)
                top = y[k] + tallest[k];
        }
        for (size_t c = 0; c < n; c++)
            for (int k = 0; k < KPI_PARTS; k++)
                q_l_take_ops(&p->body, &set[c * KPI_PARTS + k], 0, y[k]);
        p->body.h = top;
    }
    for (int i = 0; i < cols * KPI_PARTS; i++)
        q_tline_clear(&set[i]);
    free(set);
    return rc;
}

/* The element a text block's lines belong to; an item's text is the body
 * of an item of the list consecutive items share (*label: its marker's). */
static uint32_t text_elem(lctx *L, const q_block *b, uint32_t parent, uint32_t *label)
{
    *label = 0;
    switch (b->kind) {
    case QB_HEADING: {
        uint32_t e = q_l_elem(L, b->level >= 1 ? Q_EL_HEADING : Q_EL_TITLE, parent, b->line);
        L->out->elems[e].level = (uint8_t)(b->level >= 1 ? b->level : 0);
        return e;
    }
    case QB_ITEM: {
        if (!L->list)
            L->list = q_l_elem(L, Q_EL_LIST, parent, b->line);
        uint32_t li = q_l_elem(L, Q_EL_ITEM, L->list, b->line);
        if (b->marker)
            *label = q_l_elem(L, Q_EL_LABEL, li, b->line);
        return q_l_elem(L, Q_EL_ITEM_BODY, li, b->line);
    }
    case QB_TOC:
        return q_l_elem(L, Q_EL_CAPTION, parent, b->line);
    default:
        return q_l_elem(L, Q_EL_PARA, parent, b->line);
    }
}

static int text_block(lctx *L, const q_block *b, uint32_t parent, pieces *ps)
{
    q_tline *lines = NULL;
    uint32_t label;
    q_tagto to = {L->out, q_l_in(text_elem(L, b, parent, &label))};
    size_t n = q_typeset(L->faces, &b->para, &b->st, L->text_w, L->cur_page, L->pages_str, b->line, &to, &lines,
                         L->d);
    if (!n && !lines)
        return -1;
    for (size_t i = 0; i < n; i++) {
        piece *p = q_l_add_piece(ps);
        p->first_of_block = i == 0;
        p->before = i == 0 ? b->st.space_before : 0;
        p->after = i + 1 == n ? b->st.space_after : 0;
        /* Widows and orphans: no lone first or last line across a break. */
        p->can_break_before = i == 0 || (i >= ORPHANS && n - i >= WIDOWS);
        p->body.h = lines[i].h;
        q_l_take_ops(&p->body, &lines[i], 0, 0);
        if (i == 0 && b->kind == QB_ITEM && b->marker) {
            const q_text *first = NULL;
            for (size_t k = 0; k < p->body.n && !first; k++)
                if (p->body.ops[k].kind == DL_TEXT)
                    first = &p->body.ops[k].text;
            if (first) {
                /* The marker in the style of the item's first words. */
                q_face *face = q_fonts_get(L->out->fonts, first->font);
                size_t len = strlen(b->marker);
                double w = face ? q_face_text_width(face, b->marker, len, first->size) : 0;
                q_tline_push(&p->body, q_op_text(q_l_in(label), b->st.indent - 12, first->y, first->font, first->size,
                                                 first->color, b->marker, len, w));
            }
        }
        if (i == 0 && b->kind == QB_HEADING && b->level >= 1) {
            p->outline_level = b->level;
            p->outline_title = plain_text(&b->para);
            L->heading_piece = q_xrealloc(L->heading_piece, (L->nheadings + 1) * sizeof *L->heading_piece);
            L->heading_piece[L->nheadings++] = ps->n - 1;
        }
    }
    q_tlines_free(lines, n);
    return 0;
}

/* An image at its natural size (96 pixels to the inch, as on screens),
 * shrunk to fit the column and the page. */
static void image_block(lctx *L, const q_block *b, pieces *ps)
{
    const q_image *im = b->image;
    double aspect = (double)im->h / im->w;
    double w = b->width_pct ? L->text_w * b->width / 100 : b->width;
    double h = b->height;
    if (w <= 0 && h <= 0)
        w = im->w * 72.0 / 96.0;
    if (w <= 0)
        w = h / aspect;
    if (h <= 0)
        h = w * aspect;
    double max_h = L->doc->page_h - L->doc->margin_t - L->doc->margin_b;
    if (w > L->text_w)
        h *= L->text_w / w, w = L->text_w;
    if (h > max_h)
        w *= max_h / h, h = max_h;
    piece *p = q_l_add_piece(ps);
    p->first_of_block = 1;
    p->before = b->st.space_before;
    p->after = b->st.space_after;
    p->body.h = h;
    uint32_t fig = q_l_elem(L, Q_EL_FIGURE, 0, b->line);
    L->out->elems[fig].alt = b->alt ? q_xstrdup(b->alt) : NULL;
    double x = b->st.align == QA_CENTER ? (L->text_w - w) / 2 : b->st.align == QA_RIGHT ? L->text_w - w : 0;
    q_tline_push(&p->body, q_op_image(q_l_in(fig), x, 0, w, h, (int)L->out->nimages));
    L->out->images = q_xrealloc(L->out->images, (L->out->nimages + 1) * sizeof *L->out->images);
    L->out->images[L->out->nimages++] = im;
}

/* A contents entry's dot leader: spaced dots in one grey regular face
 * and size for every entry, all ending at the same x, so the dots of all
 * entries stand in columns; they are an artifact, not text to read, drawn
 * between the entry's words and its number (text copied in drawing order
 * reads "Entry . . . 3"; the link's words and number are then two
 * marked-content sequences of one element). They
 * end half an em before a two-digit page number in the entries' largest
 * style (a three-digit one comes closer). */
static int toc_leader(lctx *L, piece *p, const q_bstyle *toc_st, int line)
{
    q_tstyle st = toc_st->text, num = toc_st->text;
    st.size -= 2;
    st.bold = st.italic = 0;
    num.size -= 1;
    num.bold = 1;
    q_face *face = q_faces_get(L->faces, &st, line, L->d), *nface = q_faces_get(L->faces, &num, line, L->d);
    if (!face || !nface)
        return -1;
    double last_y = -1, end = 0;
    for (size_t o = 0; o < p->body.n; o++) {
        const q_op *op = &p->body.ops[o];
        if (op->kind != DL_TEXT)
            continue;
        if (op->text.y > last_y + 0.01)
            last_y = op->text.y, end = 0;
        if (op->text.y > last_y - 0.01 && op->text.x + op->text.w > end)
            end = op->text.x + op->text.w;
    }
    double pair = q_face_text_width(face, ". ", 2, st.size), dot = q_face_text_width(face, ".", 1, st.size);
    double stop = L->text_w - q_face_text_width(nface, "00", 2, num.size) - num.size / 2;
    if (last_y < 0 || pair <= 0)
        return 0;
    int n = (int)((stop - dot - (end + pair)) / pair) + 1;
    if (n < 2)
        return 0;   /* no room: a leader of one dot says nothing */
    q_buf b = {0};
    for (int i = 0; i < n; i++)
        q_buf_puts(&b, i ? " ." : ".");
    double w = q_face_text_width(face, b.s, b.n, st.size);
    q_tline_push(&p->body, q_op_text(q_l_artifact(Q_ART_RULE), stop - w, last_y, q_face_id(face), st.size,
                                     0x888888, b.s, b.n, w));
    q_buf_free(&b);
    return 0;
}

/* <toc/>: its title, then a line per h1–h3 of the body, indented by level,
 * a dot leader, and the page number at the right margin (filled in once
 * pagination knows it). */
static int toc_block(lctx *L, const q_block *b, pieces *ps)
{
    uint32_t toc = q_l_elem(L, Q_EL_TOC, 0, b->line);
    if (b->para.n && text_block(L, b, toc, ps) != 0)
        return -1;
    int k = 0;
    for (size_t i = 0; i < L->doc->body.n; i++) {
        const q_block *h = &L->doc->body.v[i];
        if (h->kind != QB_HEADING || h->level < 1)
            continue;
        q_bstyle st = b->st;
        st.text = h->level == 1 ? b->st.text : L->doc->body.v[i].st.text;
        st.text.size = b->st.text.size - (h->level == 1 ? 1 : 2);
        st.text.bold = h->level == 1;
        st.text.color = b->st.text.color;
        st.leading = 1.35;
        st.align = QA_LEFT;
        st.indent = 0;
        double indent = 14.0 * (h->level - 1), number_room = 36;
        /* The heading's words in the entry's style (runs share the text). */
        q_para entry = {q_xmalloc((h->para.n + 1) * sizeof *entry.runs), h->para.n, h->para.n};
        for (size_t r = 0; r < h->para.n; r++) {
            entry.runs[r] = h->para.runs[r];
            entry.runs[r].st = st.text;
            entry.runs[r].href = NULL;
        }
        piece *p = q_l_add_piece(ps);
        p->before = h->level == 1 && k ? 4 : 0;
        p->first_of_block = 1;
        p->can_break_before = k > 0 || !b->para.n;
        /* The entry's words, number and active area are one link. */
        uint32_t item = q_l_elem(L, Q_EL_TOC_ITEM, toc, b->line);
        q_tag link = q_l_in(q_l_elem(L, Q_EL_LINK, item, b->line));
        int rc = q_l_stack_para(L, &p->body, &entry, &st, indent, 0, L->text_w - indent - number_room, b->line,
                                link, &p->body.h);
        free(entry.runs);
        if (rc != 0)
            return -1;
        p->toc_entry = ++k;
        p->toc_number = (q_op){.kind = DL_TEXT, .tag = link};
        for (size_t o = 0; o < p->body.n; o++)
            if (p->body.ops[o].kind == DL_TEXT) {
                p->toc_number.text = p->body.ops[o].text;
                p->toc_number.text.utf8 = NULL;
                p->toc_number.text.glyphs = NULL;
            }
        if (toc_leader(L, p, &b->st, b->line) != 0)
            return -1;
    }
    if (k && ps->n)
        ps->v[ps->n - 1].after = b->st.space_after + 6;
    return 0;
}

static int build_pieces(lctx *L, const q_blocks *bs, pieces *ps)
{
    int keep = 0, force = 0, numbering = 0;
    for (size_t i = 0; i < bs->n; i++) {
        const q_block *b = &bs->v[i];
        size_t before = ps->n;
        int rc = 0;
        L->cur_page = L->block_page ? L->block_page[i] : NULL;
        if (L->block_first)
            L->block_first[i] = ps->n;
        if (b->kind != QB_ITEM)
            L->list = 0;
        switch (b->kind) {
        case QB_PAGE_BREAK:
            force = 1;
            numbering = b->numbering ? b->numbering : numbering;
            continue;
        case QB_SPACER: {
            piece *p = q_l_add_piece(ps);
            p->first_of_block = 1;
            p->spacer = 1;
            p->body.h = b->height;
            break;
        }
        case QB_RULE: {
            piece *p = q_l_add_piece(ps);
            p->first_of_block = 1;
            p->before = b->st.space_before;
            p->after = b->st.space_after;
            p->body.h = b->height;
            q_tline_push(&p->body, q_op_line(q_l_artifact(Q_ART_RULE), 0, b->height / 2, L->text_w, b->height / 2,
                                             b->height, b->color));
            break;
        }
        case QB_KPIS:
            rc = kpi_block(L, b, ps);
            break;
        case QB_IMAGE:
            if (b->image)
                image_block(L, b, ps);
            break;
        case QB_TABLE:
            rc = q_l_table(L, b, ps);
            /* Laid out, and never set again: its rows go now (large data). */
            if (L->consume && bs == &L->consume->body) {
                q_table_block_free(L->consume->body.v[i].table);
                L->consume->body.v[i].table = NULL;
            }
            break;
        case QB_TOC:
            rc = toc_block(L, b, ps);
            break;
        case QB_CHART:
            rc = q_l_chart(L, b, ps);
            break;
        default:
            rc = text_block(L, b, 0, ps);
        }
        if (rc != 0)
            return -1;
        if (ps->n > before) {
            if (keep)
                ps->v[before].can_break_before = 0;
            if (force)
                ps->v[before].forced_break_before = 1;
            ps->v[before].numbering = numbering;
            keep = b->st.keep_with_next;
            force = 0;
            numbering = 0;
        }
    }
    return 0;
}

/* Decides the page of each piece: fill a page, and when a piece does not
 * fit, break before the last piece on the page that allows it. */
/* A table row that starts a page has its header set above it again. */
static double repeat_height(const pieces *ps, size_t i)
{
    return ps->v[i].repeat ? ps->repeats[ps->v[i].repeat - 1].h : 0;
}

static int paginate(lctx *L, pieces *ps, size_t **page_of, double **y_of, size_t *npages)
{
    double avail = L->doc->page_h - L->doc->margin_t - L->doc->margin_b;
    size_t *pg = q_xcalloc(ps->n + 1, sizeof *pg);
    double *ys = q_xcalloc(ps->n + 1, sizeof *ys);
    size_t page = 0, start = 0, i = 0;
    double y = 0;
    L->out->nlabels = 0;   /* a pass that starts again */
    while (i < ps->n) {
        piece *p = &ps->v[i];
        int top = i == start;
        if (p->numbering && (top || p->forced_break_before) &&
            (!L->out->nlabels || L->out->labels[L->out->nlabels - 1].page != (int)page + !top)) {
            L->out->labels = q_xrealloc(L->out->labels, (L->out->nlabels + 1) * sizeof *L->out->labels);
            L->out->labels[L->out->nlabels++] = (q_page_label){(int)page + !top, p->numbering == Q_NUM_ROMAN};
        }
        if (p->forced_break_before && !top) {
            if (++page >= (size_t)L->o->max_pages)
                goto too_many;
            start = i;
            y = repeat_height(ps, i);
            continue;
        }
        double gap = top || !p->first_of_block ? 0 : fmax(ps->v[i - 1].after, p->before);
        double h = top && p->spacer ? 0 : p->body.h;
        if (top || y + gap + h <= avail + 0.01) {
            pg[i] = page;
            ys[i] = y + gap;
            y += gap + h;
            i++;
            continue;
        }
        size_t b = i;
        while (b > start + 1 && !ps->v[b].can_break_before)
            b--;
        if (!ps->v[b].can_break_before)
            b = i;   /* nothing allows a break: break here rather than overflow */
        if (++page >= (size_t)L->o->max_pages)
            goto too_many;
        start = b;
        i = b;
        y = repeat_height(ps, b);
    }
    *page_of = pg;
    *y_of = ys;
    *npages = ps->n ? page + 1 : 1;
    return 0;
too_many:
    q_diag_add(L->d, Q_EDATA, L->o->file, 0, 0, "the document needs more than %d pages (--max-pages)",
               L->o->max_pages);
    free(pg);
    free(ys);
    return -1;
}

static void place(q_page *pg, const q_tline *src, double dx, double dy)
{
    for (size_t k = 0; k < src->n; k++)
        q_op_translate(q_page_push(pg, q_op_copy(&src->ops[k])), dx, dy);
}

/* The same for a piece placed once: its ops move to the page, so a large
 * table is never held twice. */
static void place_take(q_page *pg, q_tline *src, double dx, double dy)
{
    for (size_t k = 0; k < src->n; k++)
        q_op_translate(q_page_push(pg, src->ops[k]), dx, dy);
    free(src->ops);
    src->ops = NULL;
    src->n = src->cap = 0;
}

/* A contents line gets its page number, right-aligned, and a link. */
static void toc_fill(lctx *L, q_page *pg, const piece *p, double y, size_t target_page, double target_y)
{
    char num[24];
    snprintf(num, sizeof num, "%zu", target_page + 1);
    const q_text *t = &p->toc_number.text;
    q_face *face = q_fonts_get(L->out->fonts, t->font);
    double w = face ? q_face_text_width(face, num, strlen(num), t->size) : 0;
    q_page_push(pg, q_op_text(p->toc_number.tag, L->doc->margin_l + L->text_w - w, t->y + y, t->font, t->size,
                              t->color, num, strlen(num), w));
    q_page_push(pg, q_op_goto_link(p->toc_number.tag, L->doc->margin_l, y, L->text_w, p->body.h, (int)target_page,
                                   target_y));
}

/* Header and footer are set per page: they hold {page} and {pages}. */
static int margin_blocks(lctx *L, const q_blocks *bs, q_page *pg, int header, size_t page, size_t pages)
{
    if (!bs->n)
        return 0;
    char pnum[32], ptotal[32];
    snprintf(pnum, sizeof pnum, "%zu", page + 1);
    snprintf(ptotal, sizeof ptotal, "%zu", pages);
    q_tline box = {0};
    double y = 0;
    q_tagto to = {L->out, q_l_artifact(header ? Q_ART_HEADER : Q_ART_FOOTER)};
    for (size_t i = 0; i < bs->n; i++) {
        const q_block *b = &bs->v[i];
        if (b->kind == QB_RULE) {
            y += 3;
            q_tline_push(&box, q_op_line(to.tag, 0, y, L->text_w, y, b->height, b->color));
            y += b->height + 3;
            continue;
        }
        if (b->kind == QB_SPACER) {
            y += b->height;
            continue;
        }
        if (b->kind != QB_PARA && b->kind != QB_HEADING && b->kind != QB_ITEM)
            continue;
        q_tline *lines = NULL;
        size_t n = q_typeset(L->faces, &b->para, &b->st, L->text_w, pnum, ptotal, b->line, &to, &lines, L->d);
        if (!n && !lines) {
            q_tline_clear(&box);
            return -1;
        }
        for (size_t k = 0; k < n; k++) {
            q_l_take_ops(&box, &lines[k], 0, y);
            y += lines[k].h;
        }
        q_tlines_free(lines, n);
    }
    const q_doc *doc = L->doc;
    double gap = 14;
    double top = header ? fmax(doc->margin_t - gap - y, doc->margin_t * 0.25)
                        : doc->page_h - doc->margin_b + gap;
    place(pg, &box, doc->margin_l, top);
    q_tline_clear(&box);
    return 0;
}

static int para_uses_pages(const q_para *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->runs[i].kind == QR_PAGE || p->runs[i].kind == QR_PAGES)
            return 1;
    return 0;
}

static int body_uses_pages(const q_blocks *bs)
{
    for (size_t i = 0; i < bs->n; i++) {
        const q_block *b = &bs->v[i];
        if (para_uses_pages(&b->para))
            return 1;
        for (size_t k = 0; k < b->nkpis; k++)
            if (para_uses_pages(&b->kpis[k].value) || para_uses_pages(&b->kpis[k].label) ||
                para_uses_pages(&b->kpis[k].note))
                return 1;
        for (size_t r = 0; b->table && r < b->table->nrows; r++)
            for (int c = 0; c < b->table->rows[r].ncells; c++)
                if (para_uses_pages(&b->table->rows[r].cells[c].para))
                    return 1;
    }
    return 0;
}

/* Builds and paginates the body. When the body itself prints {page} or
 * {pages}, it is set again with the numbers the last pass found, until
 * they stop changing (three passes at most). */
static int flow(lctx *L, pieces *ps, size_t **page_of, double **y_of, size_t *npages)
{
    const q_blocks *body = &L->doc->body;
    int again = body_uses_pages(body);
    char *pages = L->pages_buf;
    if (again)
        L->consume = NULL;
    if (again) {
        L->block_first = q_xcalloc(body->n + 1, sizeof *L->block_first);
        L->block_page = q_xcalloc(body->n + 1, sizeof *L->block_page);
    }
    for (int pass = 0;; pass++) {
        L->nheadings = 0;
        L->list = 0;
        q_dlist_trim_elems(L->out, 0);   /* the body's elements, from the start */
        if (build_pieces(L, body, ps) != 0 || paginate(L, ps, page_of, y_of, npages) != 0)
            return -1;
        if (!again || pass == 2)
            return 0;
        int changed = !L->pages_str || strtoul(pages, NULL, 10) != *npages;
        snprintf(pages, sizeof L->pages_buf, "%zu", *npages);
        for (size_t i = 0; i < body->n; i++) {
            size_t first = L->block_first[i] < ps->n ? L->block_first[i] : ps->n ? ps->n - 1 : 0;
            char now[24];
            snprintf(now, sizeof now, "%zu", ps->n ? (*page_of)[first] + 1 : 1);
            changed |= strcmp(now, L->block_page[i]) != 0;
            memcpy(L->block_page[i], now, sizeof now);
        }
        if (!changed)
            return 0;
        L->pages_str = pages;
        free_pieces(ps);
        memset(ps, 0, sizeof *ps);
        free(*page_of);
        free(*y_of);
        *page_of = NULL;
        *y_of = NULL;
    }
}

/* A page whose body is placed: its header and footer, then its ops take
 * exactly their room (they grew by doubling; a large table's peak). */
static int finish_page(lctx *L, size_t p, size_t npages)
{
    q_page *pg = &L->out->pages[p];
    if (margin_blocks(L, &L->doc->header, pg, 1, p, npages) != 0 ||
        margin_blocks(L, &L->doc->footer, pg, 0, p, npages) != 0)
        return -1;
    if (pg->n && pg->n < pg->cap) {
        pg->ops = q_xrealloc(pg->ops, pg->n * sizeof *pg->ops);
        pg->cap = pg->n;
    }
    return 0;
}

static int layout(const q_doc *doc, q_doc *consume, const q_layout_opts *o, q_dlist *out, q_diags *d)
{
    lctx L = {.doc = doc, .consume = consume, .o = o, .faces = q_faces_new(doc, out->fonts, o->file), .d = d,
              .text_w = doc->page_w - doc->margin_l - doc->margin_r, .out = out};
    pieces ps = {0};
    size_t *page_of = NULL, npages = 0;
    double *y_of = NULL;
    int rc = -1;
    if (flow(&L, &ps, &page_of, &y_of, &npages) != 0)
        goto done;
    out->title = doc->title;
    out->author = doc->author;
    out->subject = doc->subject;
    out->keywords = doc->keywords;
    out->lang = doc->lang;
    for (size_t p = 0; p < npages; p++)
        q_dlist_add_page(out, doc->page_w, doc->page_h);
    size_t done_pages = 0;
    for (size_t i = 0; i < ps.n; i++) {
        for (; done_pages < page_of[i]; done_pages++)
            if (finish_page(&L, done_pages, npages) != 0)
                goto done;
        q_page *pg = &out->pages[page_of[i]];
        int top = i == 0 || page_of[i - 1] != page_of[i];
        if (ps.v[i].spacer && top)
            continue;
        if (top && ps.v[i].repeat)
            place(pg, &ps.repeats[ps.v[i].repeat - 1], doc->margin_l, doc->margin_t);
        double y = doc->margin_t + y_of[i];
        place_take(pg, &ps.v[i].body, doc->margin_l, y);
        if (ps.v[i].toc_entry && (size_t)ps.v[i].toc_entry <= L.nheadings)
            toc_fill(&L, pg, &ps.v[i], y, page_of[L.heading_piece[ps.v[i].toc_entry - 1]],
                     doc->margin_t + y_of[L.heading_piece[ps.v[i].toc_entry - 1]]);
        if (ps.v[i].outline_level) {
            out->outline = q_xrealloc(out->outline, (out->noutline + 1) * sizeof *out->outline);
            out->outline[out->noutline++] = (q_outline){q_xstrdup(ps.v[i].outline_title), ps.v[i].outline_level,
                                                        (int)page_of[i], y};
        }
    }
    for (; done_pages < npages; done_pages++)
        if (finish_page(&L, done_pages, npages) != 0)
            goto done;
    free_pieces(&ps);
    memset(&ps, 0, sizeof ps);
    /* No glyph arrays here: only the cairo painter reads them, and made
     * for every page at once they were a large table's peak (quire.c). */
    rc = 0;
done:
    free(page_of);
    free(y_of);
    free_pieces(&ps);
    free(L.heading_piece);
    free(L.block_first);
    free(L.block_page);
    q_faces_free(L.faces);
    return rc;
}

int q_layout(const q_doc *doc, const q_layout_opts *o, q_dlist *out, q_diags *d)
{
    return layout(doc, NULL, o, out, d);
}

int q_layout_consume(q_doc *doc, const q_layout_opts *o, q_dlist *out, q_diags *d)
{
    return layout(doc, doc, o, out, d);
}
