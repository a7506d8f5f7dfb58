/* Table layout: column widths, wrapped cells, rules of the house style
 * (no vertical rules; rules around the header, under the last row and
 * above a total), a header that repeats, marked as continued, on every
 * page the table spans. */
#include "layout/colwidth.h"
#include "layout/layout_impl.h"
#include "util/buf.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAD_X 5.0
#define PAD_Y 3.2
#define RULE_DARK 0x333333u
#define RULE_LIGHT 0xB0B0B0u
#define MIN_SIZE 7.0      /* the smallest type a table shrinks to */
#define SIZE_STEP 0.5

/* Measures text for colwidth.c; the last face is kept, as a table's
 * cells mostly share one style. */
typedef struct measurer {
    lctx *L;
    int line;
    q_tstyle last;
    q_face *face;
} measurer;

static double measure(void *ctx, const q_run *r, const char *s, size_t len)
{
    measurer *m = ctx;
    if (!m->face || m->last.family != r->st.family || m->last.bold != r->st.bold || m->last.italic != r->st.italic) {
        m->face = q_faces_get(m->L->faces, &r->st, m->line, m->L->d);
        m->last = r->st;
        if (!m->face)
            return -1;
    }
    return q_face_text_width(m->face, s, len, r->st.size);
}

/* A column's title as plain text, for messages. */
static void title_text(const q_para *p, char *out, size_t n)
{
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; i < p->n && k + 1 < n; i++)
        if (p->runs[i].kind == QR_TEXT && p->runs[i].text)
            k += (size_t)snprintf(out + k, n - k, "%s", p->runs[i].text);
}

/* What the layout of a table settled: where columns are, the type scale,
 * decimal tails. */
typedef struct geom {
    double *x, *w;
    double *tail;       /* decimal columns: widest tail at the styled size */
    double scale;       /* type size factor (shrunk to fit) */
    const char *dec;
    measurer *m;
} geom;

/* A cell across columns, for its widest word. */
typedef struct spanned {
    int col, span;
    double min;
} spanned;

/* The first title again, marked as continued (house style), in *extra
 * (whose runs the caller frees). */
static void continued_title(const q_table_block *t, q_para *extra)
{
    *extra = t->cols[0].title;
    extra->runs = q_xmalloc((extra->n + 1) * sizeof *extra->runs);
    if (extra->n)   /* a column with no title has no runs to copy */
        memcpy(extra->runs, t->cols[0].title.runs, extra->n * sizeof *extra->runs);
    q_tstyle st = t->th.text;
    st.bold = 0;
    st.color = 0x777777;
    extra->runs[extra->n++] = (q_run){QR_TEXT, st, " (continued)", NULL, 0};
}

/* Column widths by automatic table layout (colwidth.c), with a warning
 * when an explicit width is widened or the type shrinks. */
static int column_widths(lctx *L, const q_table_block *t, int line, geom *g)
{
    int n = t->ncols, rc = 0;
    q_colw_in *in = q_xcalloc((size_t)n + 1, sizeof *in);
    int *widened = q_xcalloc((size_t)n + 1, sizeof *widened);
    for (int k = 0; k < n && rc == 0; k++) {
        const q_tcol *c = &t->cols[k];
        in[k].pad = (k > 0 ? PAD_X : 0) + (k + 1 < n ? PAD_X : 0);
        in[k].set = c->width > 0 ? (c->width_pct ? L->text_w * c->width / 100 : c->width) : 0;
        in[k].numeric = c->numeric;
        in[k].decimal = c->align == QA_DECIMAL;
        rc = q_colw_cell(&in[k], &c->title, 1, g->dec, measure, g->m);
    }
    q_colw_in cont = {0};   /* "Year (continued)" atop later pages */
    if (rc == 0 && n && t->repeat_header && t->cols[0].width <= 0) {   /* an explicit width is the author's */
        q_para extra;
        continued_title(t, &extra);
        rc = q_colw_cell(&cont, &extra, 1, g->dec, measure, g->m);
        free(extra.runs);
    }
    spanned *sp = NULL;
    size_t nsp = 0, capsp = 0;
    for (size_t r = 0; r < t->nrows && rc == 0; r++) {
        const q_trow *row = &t->rows[r];
        for (int i = 0, col = 0; i < row->ncells && col < n && rc == 0; col += row->cells[i].span, i++) {
            if (row->cells[i].span == 1) {
                rc = q_colw_cell(&in[col], &row->cells[i].para, 0, g->dec, measure, g->m);
                continue;
            }
            q_colw_in one = {0};
            rc = q_colw_cell(&one, &row->cells[i].para, 0, NULL, measure, g->m);
            if (nsp == capsp) {
                capsp = capsp ? 2 * capsp : 16;
                sp = q_xrealloc(sp, capsp * sizeof *sp);
            }
            int last = col + row->cells[i].span > n ? n - 1 : col + row->cells[i].span - 1;
            sp[nsp++] = (spanned){col, last - col + 1, one.min};
        }
    }
    /* Spanning cells after the others: only then is it known what their
     * columns lack. */
    for (size_t i = 0; i < nsp && rc == 0; i++) {
        int last = sp[i].col + sp[i].span - 1;
        q_colw_span(in, sp[i].col, sp[i].span, sp[i].min, (sp[i].col > 0 ? PAD_X : 0) + (last + 1 < n ? PAD_X : 0));
    }
    free(sp);
    if (rc == 0) {
        q_colw_opts o = {L->text_w, t->td.text.size, MIN_SIZE, SIZE_STEP};
        q_colw_res res, alt;
        /* "(continued)" is a word too, kept whole unless only it makes the
         * type shrink: then it may break (on repeated headers only). */
        double plain = in[0].min;
        in[0].min = fmax(plain, cont.min);
        q_colw_resolve(in, n, &o, g->w, widened, &res);
        if ((res.scale < 1 || res.broke) && cont.min > plain) {
            in[0].min = plain;
            q_colw_resolve(in, n, &o, g->w, widened, &alt);
            if (alt.scale > res.scale || alt.broke < res.broke) {
                res = alt;
            } else {
                in[0].min = fmax(plain, cont.min);
                q_colw_resolve(in, n, &o, g->w, widened, &res);
            }
        }
        g->scale = res.scale;
        for (int k = 0; k < n; k++) {
            g->tail[k] = in[k].tail;
            char title[80];
            title_text(&t->cols[k].title, title, sizeof title);
            if (widened[k])
                q_warn_add(L->d, L->o->file, line, 0,
                           "table: column %d (\"%s\") is set %.0f pt wide, not %.0f pt as its width says, so "
                           "that its widest word or figure is not cut",
                           k + 1, title, g->w[k], in[k].set);
        }
        double size = t->td.text.size * res.scale;
        if (res.overflow)
            q_warn_add(L->d, L->o->file, line, 0,
                       "table: its figures do not fit the text width even at %g pt, so the table runs into the "
                       "right margin; give it fewer columns or a wider page",
                       size);
        else if (res.broke)
            q_warn_add(L->d, L->o->file, line, 0,
                       "table: its columns do not fit the text width even at %g pt, so words in its text columns "
                       "break across lines (figures do not); give it fewer or narrower columns",
                       size);
        else if (res.scale < 1)
            q_warn_add(L->d, L->o->file, line, 0,
                       "table: its columns do not fit the text width at %g pt, so its type is set at %g pt",
                       t->td.text.size, size);
    }
    free(in);
    free(widened);
    return rc;
}

/* p with every size scaled by f, in tmp (whose runs the caller frees);
 * the text is shared. */
static const q_para *scaled(const q_para *p, double f, q_para *tmp)
{
    if (f == 1)
        return p;
    tmp->runs = q_xmalloc((p->n + 1) * sizeof *tmp->runs);
    if (p->n)   /* an empty cell has no runs */
        memcpy(tmp->runs, p->runs, p->n * sizeof *p->runs);
    tmp->n = tmp->cap = p->n;
    for (size_t i = 0; i < p->n; i++)
        tmp->runs[i].st.size *= f;
    return tmp;
}

/* Where a row's ops go: under table (a row element numbered r, header
 * cells when header), or an artifact when art. */
typedef struct rowtag {
    uint32_t table;
    int r, header, art;
} rowtag;

/* The tag of one cell: its own element, under the row's. */
static q_tag cell_tag(lctx *L, const rowtag *rt, uint32_t *tr, int col, int span, int line)
{
    if (rt->art)
        return q_l_artifact(rt->art);
    if (!*tr) {
        *tr = q_l_elem(L, Q_EL_ROW, rt->table, line);
        L->out->elems[*tr].row = rt->r;
    }
    uint32_t e = q_l_elem(L, rt->header ? Q_EL_HEADER_CELL : Q_EL_CELL, *tr, line);
    L->out->elems[e].row = rt->r;
    L->out->elems[e].col = col;
    L->out->elems[e].colspan = (uint16_t)span;
    return q_l_in(e);
}

/* One row: each cell set into its columns. Header cells sit on a common
 * bottom line, body cells hang from the top; a decimal cell is set right,
 * short of the column's edge by what its tail lacks of the widest. The
 * row's height goes into *row_h. Returns 0, or -1 on a font error
 * (reported). */
static int set_row(lctx *L, q_tline *dst, const q_trow *row, const q_table_block *t, const geom *g,
                   const q_bstyle *base, int header, int line, const rowtag *rt, double *row_h)
{
    uint32_t tr = 0;
    q_tline *cells = q_xcalloc((size_t)row->ncells + 1, sizeof *cells);
    double *heights = q_xcalloc((size_t)row->ncells + 1, sizeof *heights);
    double h = 0;
    int rc = 0;
    for (int i = 0, col = 0; i < row->ncells && col < t->ncols && rc == 0; col += row->cells[i].span, i++) {
        const q_tcell *cell = &row->cells[i];
        int last = col + cell->span >= t->ncols ? t->ncols - 1 : col + cell->span - 1;
        double left = col == 0 ? 0 : PAD_X, right = last == t->ncols - 1 ? 0 : PAD_X;
        double cw = g->x[last] + g->w[last] - g->x[col] - left - right;
        q_para tmp = {0};
        const q_para *para = scaled(&cell->para, g->scale, &tmp);
        q_bstyle st = *base;
        st.text.size *= g->scale;
        st.align = cell->align == QA_DECIMAL ? QA_RIGHT : cell->align;
        st.indent = 0;
        if (cell->align == QA_DECIMAL && !header && cell->span == 1) {
            double tail = q_colw_tail(para, t->decimal, measure, g->m);
            rc = tail < 0 ? -1 : 0;
            right += fmax(g->tail[col] * g->scale - tail, 0);
            cw -= fmax(g->tail[col] * g->scale - tail, 0);
        }
        q_tag tag = cell_tag(L, rt, &tr, col, cell->span, line);
        if (rc == 0)
            rc = q_l_stack_para(L, &cells[i], para, &st, g->x[col] + left, PAD_Y, fmax(cw, 1), line, tag,
                                &heights[i]);
        free(tmp.runs);
        h = fmax(h, heights[i]);
    }
    for (int i = 0; i < row->ncells; i++) {
        if (rc == 0)
            q_l_take_ops(dst, &cells[i], 0, header ? h - heights[i] : 0);
        q_tline_clear(&cells[i]);
    }
    free(cells);
    free(heights);
    *row_h = h + 2 * PAD_Y;
    return rc;
}

/* Rules and borders are artifacts: they draw the table, not its content. */
static void rule(q_tline *l, double y, double w, double stroke, uint32_t color)
{
    q_tline_push(l, q_op_line(q_l_artifact(Q_ART_RULE), 0, y, w, y, stroke, color));
}

/* The header row; set again (continued) on later pages it is an artifact. */
static int header_row(lctx *L, q_tline *dst, const q_table_block *t, const geom *g, double tw, int continued,
                      int line, uint32_t table)
{
    q_trow row = {QT_ROW, q_xcalloc((size_t)t->ncols, sizeof *row.cells), t->ncols};
    q_para extra = {0};
    for (int k = 0; k < t->ncols; k++) {
        row.cells[k].para = t->cols[k].title;
        row.cells[k].align = t->cols[k].align;
        row.cells[k].span = 1;
    }
    if (continued && t->ncols) {
        continued_title(t, &extra);
        row.cells[0].para = extra;
    }
    rowtag rt = {table, 0, 1, continued ? Q_ART_REPEATED : 0};
    int rc = set_row(L, dst, &row, t, g, &t->th, 1, line, &rt, &dst->h);
    if (rc == 0 && t->border) {
        rule(dst, 0, tw, 0.8, RULE_DARK);
        rule(dst, dst->h, tw, 0.5, RULE_DARK);
    }
    free(extra.runs);
    free(row.cells);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A row taller than a page is cut between lines of text (SPEC §3.7):
 * bands of at most `limit` points, each its own piece. Ops are sorted into
 * bands by their baseline (links by their middle); returns the number of
 * bands, their tops in *tops. */
static size_t row_bands(const q_tline *cells, double limit, double **tops)
{
    double *base = q_xmalloc((cells->n + 1) * sizeof *base);
    double *size = q_xmalloc((cells->n + 1) * sizeof *size);
    size_t nb = 0;
    for (size_t k = 0; k < cells->n; k++)
        if (cells->ops[k].kind == DL_TEXT)
            base[nb++] = cells->ops[k].text.y;
    qsort(base, nb, sizeof *base, cmp_double);
    for (size_t k = 0; k < nb; k++) {
        size[k] = 0;
        for (size_t j = 0; j < cells->n; j++) {
            const q_op *o = &cells->ops[j];
            if (o->kind == DL_TEXT && o->text.y == base[k] && o->text.size > size[k])
                size[k] = o->text.size;
        }
    }
    double *t = q_xmalloc((nb + 2) * sizeof *t);
    size_t n = 1;
    t[0] = 0;
    for (size_t k = 0; k < nb; k++)
        if (base[k] + 0.3 * size[k] - t[n - 1] > limit && base[k] - 1.1 * size[k] - PAD_Y > t[n - 1])
            t[n++] = base[k] - 1.1 * size[k] - PAD_Y;
    free(base);
    free(size);
    *tops = t;
    return n;
}

/* Text by its baseline, anything else by its middle. */
static double op_mid(const q_op *o)
{
    q_box b;
    if (o->kind == DL_TEXT)
        return o->text.y;
    return q_op_bounds(o, &b) == 0 ? (b.y0 + b.y1) / 2 : 0;
}

/* Moves a tall row's ops into one piece per band. */
static void split_row(pieces *ps, q_tline *cells, double h, double limit, double width, uint32_t zebra, int repeat)
{
    double *tops = NULL;
    size_t n = row_bands(cells, limit, &tops);
    for (size_t c = 0; c < n; c++) {
        double lo = tops[c], hi = c + 1 < n ? tops[c + 1] : 1e300;
        piece *p = q_l_add_piece(ps);
        if (zebra)
            q_tline_push(&p->body, q_op_rect(q_l_artifact(Q_ART_STRIPE), 0, 0, width, (c + 1 < n ? hi : h) - lo, zebra));
        for (size_t k = 0; k < cells->n; k++) {
            double m = op_mid(&cells->ops[k]);
            if (m < lo || m >= hi)
                continue;
            q_op_translate(q_tline_push(&p->body, cells->ops[k]), 0, -lo);
            memset(&cells->ops[k], 0, sizeof cells->ops[k]);   /* moved: owns nothing now */
        }
        p->body.h = (c + 1 < n ? hi : h) - lo;
        p->repeat = repeat;
    }
    q_tline_clear(cells);
    free(tops);
}

/* The block itself when its rows may be freed once set (q_layout_consume,
 * one pass): a large table is then never held both as rows and as ops. */
static q_table_block *consumable(lctx *L, const q_block *b)
{
    q_blocks *body = L->consume ? &L->consume->body : NULL;
    if (!body || b < body->v || b >= body->v + body->n)
        return NULL;
    return body->v[b - body->v].table;
}

int q_l_table(lctx *L, const q_block *b, pieces *ps)
{
    const q_table_block *t = b->table;
    if (!t->ncols)
        return 0;
    double *w = q_xcalloc((size_t)t->ncols, sizeof *w), *x = q_xcalloc((size_t)t->ncols, sizeof *x);
    double *tail = q_xcalloc((size_t)t->ncols, sizeof *tail);
    measurer m = {L, b->line, {0}, NULL};
    geom g = {x, w, tail, 1, t->decimal, &m};
    int rc = column_widths(L, t, b->line, &g);
    for (int k = 1; k < t->ncols; k++)
        x[k] = x[k - 1] + w[k - 1];
    double tw = x[t->ncols - 1] + w[t->ncols - 1];   /* the table's width */
    int has_header = 0;
    for (int k = 0; k < t->ncols; k++)
        has_header |= t->cols[k].title.n > 0;
    size_t first = ps->n;
    int repeat = 0;
    uint32_t table = q_l_elem(L, Q_EL_TABLE, 0, b->line);
    if (has_header && rc == 0) {
        piece *p = q_l_add_piece(ps);
        rc = header_row(L, &p->body, t, &g, tw, 0, b->line, table);
        if (rc == 0 && t->repeat_header) {
            ps->repeats = q_xrealloc(ps->repeats, (ps->nrepeats + 1) * sizeof *ps->repeats);
            q_tline *again = &ps->repeats[ps->nrepeats++];
            memset(again, 0, sizeof *again);
            rc = header_row(L, again, t, &g, tw, 1, b->line, table);
            repeat = (int)ps->nrepeats;
        }
    }
    int stripe = 0;
    q_table_block *own = consumable(L, b);
    double limit = L->doc->page_h - L->doc->margin_t - L->doc->margin_b - 2 -
                   (repeat ? ps->repeats[repeat - 1].h : 0);
    for (size_t r = 0; r < t->nrows && rc == 0; r++) {
        const q_trow *row = &t->rows[r];
        q_bstyle st = t->td;
        double top = row->kind == QT_GROUP && r > 0 ? 6 : 0;
        q_tline cells = {0};
        double h;
        rowtag rt = {table, (int)r + has_header, 0, 0};
        if ((rc = set_row(L, &cells, row, t, &g, &st, 0, b->line, &rt, &h)) != 0)
            break;
        if (own) {   /* set: its cells are ops now; its kind is still read */
            q_trow *done = &own->rows[r];
            for (int c = 0; c < done->ncells; c++)
                q_para_free(&done->cells[c].para);
            free(done->cells);
            done->cells = NULL;
            done->ncells = 0;
        }
        if (top + h > limit) {
            split_row(ps, &cells, h, limit, tw,
                      row->kind == QT_ROW && t->zebra && stripe++ % 2 == 1 ? t->zebra_color : 0, repeat);
            continue;
        }
        piece *p = q_l_add_piece(ps);
        if (row->kind == QT_ROW && t->zebra && stripe++ % 2 == 1) {
            q_tline_push(&p->body, q_op_rect(q_l_artifact(Q_ART_STRIPE), 0, top, tw, h, t->zebra_color));
        }
        if (row->kind == QT_GROUP)
            stripe = 0;
        q_l_take_ops(&p->body, &cells, 0, top);
        p->body.h = top + h;
        if (row->kind == QT_TOTAL && t->border)
            rule(&p->body, 0, tw, 0.5, RULE_DARK);
        /* A subtotal closes its group: a light rule above, like a total's. */
        if (row->kind == QT_SUBTOTAL && t->border)
            rule(&p->body, 0, tw, 0.5, RULE_LIGHT);
        p->repeat = repeat;
        /* The header never ends a page alone; a total stays with its rows;
         * a group title stays with its first row. */
        p->can_break_before = !(r == 0 && has_header) && row->kind != QT_TOTAL;
        if (r > 0 && t->rows[r - 1].kind == QT_GROUP)
            p->can_break_before = 0;
        if (row->kind == QT_SUBTOTAL)
            p->can_break_before = 0;   /* it stays with its group's rows */
    }
    if (rc == 0 && ps->n > first) {
        piece *last = &ps->v[ps->n - 1];
        if (t->border && t->rows && t->rows[t->nrows ? t->nrows - 1 : 0].kind != QT_TOTAL)
            rule(&last->body, last->body.h, tw, 0.5, RULE_LIGHT);
        ps->v[first].first_of_block = 1;
        ps->v[first].before = b->st.space_before;
        last->after = b->st.space_after;
    }
    free(w);
    free(x);
    free(tail);
    return rc;
}
