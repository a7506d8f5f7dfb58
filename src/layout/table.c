/* Table layout: column widths, wrapped cells, rules of the house style
 * (no vertical rules; rules around the header, under the last row and
 * above a total), a header that repeats, marked as continued, on every
 * page the table spans. */
#include "layout/layout_impl.h"
#include "util/buf.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAD_X 5.0
#define PAD_Y 3.2
#define RULE_DARK 0x333333u
#define RULE_LIGHT 0xB0B0B0u
#define ZEBRA 0xF2F4F7u

/* The width a paragraph wants on one line, at least *edge. Returns 0, or
 * -1 on a font error (reported). */
static int natural_width(lctx *L, const q_para *p, const q_bstyle *st, int line, double *edge)
{
    q_tline *lines = NULL;
    q_bstyle left = *st;
    left.align = QA_LEFT;
    left.indent = 0;
    size_t n = q_typeset(L->faces, p, &left, 1e6, NULL, NULL, line, NULL, &lines, L->d);
    if (!lines)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < lines[i].n; k++)
            if (lines[i].ops[k].kind == DL_TEXT)
                *edge = fmax(*edge, lines[i].ops[k].text.x + lines[i].ops[k].text.w);
    q_tlines_free(lines, n);
    return 0;
}

/* The widest word of a title: a column is never narrower. Words are taken
 * within runs (a word that changes style mid-way counts in parts). */
static int longest_word(lctx *L, const q_para *p, int line, double *widest)
{
    *widest = 0;
    for (size_t i = 0; i < p->n; i++) {
        const q_run *r = &p->runs[i];
        if (r->kind != QR_TEXT)
            continue;
        q_face *face = q_faces_get(L->faces, &r->st, line, L->d);
        if (!face)
            return -1;
        for (const char *s = r->text; *s;) {
            size_t n = strcspn(s, " \t\n\r");
            *widest = fmax(*widest, q_face_text_width(face, s, n, r->st.size));
            s += n;
            s += strspn(s, " \t\n\r");
        }
    }
    return 0;
}

/* Shared columns get what their cells need on one line (titles may wrap
 * down to their longest word); what is left is shared out evenly, so
 * columns of figures sit at an even rhythm across the width. A table with
 * no set widths that needs under half the column is set narrower, rather
 * than stretched into two islands at the margins. */
static int column_widths(lctx *L, const q_table_block *t, int line, double *w)
{
    double total = L->text_w, fixed = 0, need_sum = 0;
    int nshared = 0;
    double *need = q_xcalloc((size_t)t->ncols + 1, sizeof *need);
    for (int k = 0; k < t->ncols; k++) {
        const q_tcol *c = &t->cols[k];
        if (c->width > 0) {
            w[k] = c->width_pct ? total * c->width / 100 : c->width;
            fixed += w[k];
            continue;
        }
        int rc = longest_word(L, &c->title, line, &need[k]);
        for (size_t r = 0; r < t->nrows && rc == 0; r++) {
            const q_trow *row = &t->rows[r];
            for (int i = 0, col = 0; i < row->ncells && rc == 0; col += row->cells[i].span, i++)
                if (col == k && row->cells[i].span == 1)
                    rc = natural_width(L, &row->cells[i].para, &t->td, line, &need[k]);
        }
        if (rc != 0) {
            free(need);
            return -1;
        }
        need[k] += 2 * PAD_X;
        need_sum += need[k];
        nshared++;
    }
    double rest = fmax(total - fixed, 0);
    if (fixed == 0 && need_sum < 0.5 * total)
        rest = fmax(need_sum * 1.5, 0.45 * total);
    for (int k = 0; k < t->ncols; k++) {
        if (t->cols[k].width > 0)
            continue;
        if (need_sum <= rest)
            w[k] = need[k] + (rest - need_sum) / nshared;
        else
            w[k] = rest * need[k] / need_sum;
    }
    free(need);
    return 0;
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
 * bottom line, body cells hang from the top. The row's height goes into
 * *row_h. Returns 0, or -1 on a font error (reported). */
static int set_row(lctx *L, q_tline *dst, const q_trow *row, const q_table_block *t, const double *x,
                   const double *w, const q_bstyle *base, int bottom, int line, const rowtag *rt, double *row_h)
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
        double cw = x[last] + w[last] - x[col] - left - right;
        q_bstyle st = *base;
        st.align = cell->align;
        st.indent = 0;
        q_tag tag = cell_tag(L, rt, &tr, col, cell->span, line);
        rc = q_l_stack_para(L, &cells[i], &cell->para, &st, x[col] + left, PAD_Y, fmax(cw, 1), line, tag,
                            &heights[i]);
        h = fmax(h, heights[i]);
    }
    for (int i = 0; i < row->ncells; i++) {
        if (rc == 0)
            q_l_take_ops(dst, &cells[i], 0, bottom ? h - heights[i] : 0);
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
static int header_row(lctx *L, q_tline *dst, const q_table_block *t, const double *x, const double *w,
                      double tw, int continued, int line, uint32_t table)
{
    q_trow row = {QT_ROW, q_xcalloc((size_t)t->ncols, sizeof *row.cells), t->ncols};
    q_para extra = {0};
    for (int k = 0; k < t->ncols; k++) {
        row.cells[k].para = t->cols[k].title;
        row.cells[k].align = t->cols[k].align;
        row.cells[k].span = 1;
    }
    if (continued && t->ncols) {
        /* The first title again, marked as continued (house style). */
        extra = t->cols[0].title;
        extra.runs = q_xmalloc((extra.n + 1) * sizeof *extra.runs);
        memcpy(extra.runs, t->cols[0].title.runs, extra.n * sizeof *extra.runs);
        q_tstyle st = t->th.text;
        st.bold = 0;
        st.color = 0x777777;
        extra.runs[extra.n++] = (q_run){QR_TEXT, st, " (continued)", NULL};
        row.cells[0].para = extra;
    }
    rowtag rt = {table, 0, 1, continued ? Q_ART_REPEATED : 0};
    int rc = set_row(L, dst, &row, t, x, w, &t->th, 1, line, &rt, &dst->h);
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
static void split_row(pieces *ps, q_tline *cells, double h, double limit, double width, int zebra, int repeat)
{
    double *tops = NULL;
    size_t n = row_bands(cells, limit, &tops);
    for (size_t c = 0; c < n; c++) {
        double lo = tops[c], hi = c + 1 < n ? tops[c + 1] : 1e300;
        piece *p = q_l_add_piece(ps);
        if (zebra)
            q_tline_push(&p->body, q_op_rect(q_l_artifact(Q_ART_STRIPE), 0, 0, width, (c + 1 < n ? hi : h) - lo, ZEBRA));
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

int q_l_table(lctx *L, const q_block *b, pieces *ps)
{
    const q_table_block *t = b->table;
    if (!t->ncols)
        return 0;
    double *w = q_xcalloc((size_t)t->ncols, sizeof *w), *x = q_xcalloc((size_t)t->ncols, sizeof *x);
    int rc = column_widths(L, t, b->line, w);
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
        rc = header_row(L, &p->body, t, x, w, tw, 0, b->line, table);
        if (rc == 0 && t->repeat_header) {
            ps->repeats = q_xrealloc(ps->repeats, (ps->nrepeats + 1) * sizeof *ps->repeats);
            q_tline *again = &ps->repeats[ps->nrepeats++];
            memset(again, 0, sizeof *again);
            rc = header_row(L, again, t, x, w, tw, 1, b->line, table);
            repeat = (int)ps->nrepeats;
        }
    }
    int stripe = 0;
    double limit = L->doc->page_h - L->doc->margin_t - L->doc->margin_b - 2 -
                   (repeat ? ps->repeats[repeat - 1].h : 0);
    for (size_t r = 0; r < t->nrows && rc == 0; r++) {
        const q_trow *row = &t->rows[r];
        q_bstyle st = t->td;
        double top = row->kind == QT_GROUP && r > 0 ? 6 : 0;
        q_tline cells = {0};
        double h;
        rowtag rt = {table, (int)r + has_header, 0, 0};
        if ((rc = set_row(L, &cells, row, t, x, w, &st, 0, b->line, &rt, &h)) != 0)
            break;
        if (top + h > limit) {
            split_row(ps, &cells, h, limit, tw, row->kind == QT_ROW && t->zebra && stripe++ % 2 == 1, repeat);
            continue;
        }
        piece *p = q_l_add_piece(ps);
        if (row->kind == QT_ROW && t->zebra && stripe++ % 2 == 1) {
            q_tline_push(&p->body, q_op_rect(q_l_artifact(Q_ART_STRIPE), 0, top, tw, h, ZEBRA));
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
    return rc;
}
