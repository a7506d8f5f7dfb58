/* <table>: columns, rows from a query or written out, group rows, a total.
 * Numbers align right unless a column says otherwise (house style). */
#include "expand/expand_impl.h"
#include "util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ALIGN_AUTO = -1 };
#define ZEBRA_GREY 0xF2F4F7u

typedef struct col_votes {
    int numeric, text;
} col_votes;

static int parse_align(const xmlNode *n)
{
    char *a = q_attr(n, "align");
    int r = !a                       ? ALIGN_AUTO
            : !strcmp(a, "right")    ? QA_RIGHT
            : !strcmp(a, "center")   ? QA_CENTER
            : !strcmp(a, "decimal")  ? QA_DECIMAL
                                     : QA_LEFT;
    free(a);
    return r;
}

static int numeric_format(const char *fmt)
{
    static const char *const prefixes[] = {"int", "num", "pct", "+", "compact", "money"};
    for (size_t i = 0; fmt && i < sizeof prefixes / sizeof *prefixes; i++)
        if (!strncmp(fmt, prefixes[i], strlen(prefixes[i])))
            return 1;
    return 0;
}

/* A value="…" whose placeholders all carry numeric formats reads as a number. */
static int numeric_value_text(const char *v)
{
    int any = 0;
    for (const char *p = strchr(v, '{'); p; p = strchr(p + 1, '{')) {
        if (p[1] == '{') {
            p++;
            continue;
        }
        const char *bar = strchr(p, '|'), *close = strchr(p, '}');
        if (!close || !bar || bar > close)
            return 0;
        char *fmt = q_xstrndup(bar + 1, (size_t)(close - bar - 1));
        int num = numeric_format(fmt);
        free(fmt);
        if (!num)
            return 0;
        any = 1;
    }
    return any;
}

static q_trow *add_row(q_table_block *t, int kind, int ncells)
{
    if (t->nrows == t->caprows) {
        t->caprows = t->caprows ? t->caprows * 2 : 16;
        t->rows = q_xrealloc(t->rows, t->caprows * sizeof *t->rows);
    }
    q_trow *r = &t->rows[t->nrows++];
    r->kind = kind;
    r->ncells = ncells;
    r->cells = q_xcalloc((size_t)(ncells ? ncells : 1), sizeof *r->cells);
    for (int i = 0; i < ncells; i++) {
        r->cells[i].align = ALIGN_AUTO;
        r->cells[i].span = 1;
    }
    return r;
}

static void text_into(ctx *c, const char *text, int line, q_para *p, const q_tstyle *st)
{
    para_sink ps = {p, *st, NULL};
    q_x_text(c, text, line, q_x_emit_para, &ps);
}

/* A column's attributes, read once per table rather than once a cell. */
typedef struct colspec {
    char *value, *field, *fmt;
    char *text;      /* what each cell expands: value, or "{field|fmt}" */
    int line;
} colspec;

static colspec *colspecs(xmlNode **cols, int n)
{
    colspec *cs = q_xcalloc((size_t)n + 1, sizeof *cs);
    for (int k = 0; k < n; k++) {
        colspec *c = &cs[k];
        c->value = q_attr(cols[k], "value");
        c->field = q_attr(cols[k], "field");
        c->fmt = q_attr(cols[k], "format");
        c->text = c->value   ? q_xstrdup(c->value)
                : c->field ? q_asprintf("{%s%s%s}", c->field, c->fmt ? "|" : "", c->fmt ? c->fmt : "")
                           : q_xstrdup("");
        c->line = q_line(cols[k]);
    }
    return cs;
}

static void colspecs_free(colspec *cs, int n)
{
    for (int k = 0; k < n; k++) {
        free(cs[k].value);
        free(cs[k].field);
        free(cs[k].fmt);
        free(cs[k].text);
    }
    free(cs);
}

/* The cells of one query row, one per column. */
static void query_row(ctx *c, q_table_block *t, const colspec *cs, col_votes *votes, const q_table *qt, size_t r)
{
    q_trow *row = add_row(t, QT_ROW, t->ncols);
    for (int k = 0; k < t->ncols; k++) {
        const char *value = cs[k].value, *field = cs[k].field, *fmt = cs[k].fmt;
        c->own_row = field && !value;   /* field="…" is the table's own column */
        text_into(c, cs[k].text, cs[k].line, &row->cells[k].para, &t->td.text);
        c->own_row = 0;
        if (value && numeric_value_text(value))
            votes[k].numeric++;
        else if (value)
            votes[k].text++;
        else if (field && qt) {
            int col = q_table_col(qt, field);
            const q_value *v = col >= 0 && r < qt->nrows ? &qt->cells[r * (size_t)qt->ncols + (size_t)col] : NULL;
            if (v && (v->type == QV_INT || v->type == QV_REAL))
                votes[k].numeric++;
            else if (v && v->type == QV_TEXT)
                votes[k].text += !numeric_format(fmt);
        }
    }
}

/* Whether the group-by value v (as printed) differs from *last, which
 * then holds it. */
static int group_changed(ctx *c, const q_value *v, char **last)
{
    q_buf b = {0};
    char err[128];
    if (q_format_value(v, NULL, &c->nf, &b, err, sizeof err) != 0)
        q_buf_puts(&b, "");
    if (*last && !strcmp(*last, q_buf_str(&b))) {
        q_buf_free(&b);
        return 0;
    }
    free(*last);
    *last = q_buf_take(&b);
    return 1;
}

static void group_row(q_table_block *t, const char *text)
{
    q_trow *row = add_row(t, QT_GROUP, 1);
    row->cells[0].span = t->ncols;
    q_tstyle st = t->td.text;
    st.bold = 1;
    q_run *run = q_para_add(&row->cells[0].para, QR_TEXT, &st);
    run->text = q_xstrdup(text);
}

/* <total> or <subtotal>: the label in the first column, then one <cell>
 * per remaining column; aggregates run over agg's rows. */
static void closing_row(ctx *c, const xmlNode *el, q_table_block *t, int kind, const agg_scope *agg)
{
    q_trow *row = add_row(t, kind, t->ncols);
    q_tstyle st = t->td.text;
    st.bold = 1;
    c->agg = agg;
    char *label = q_attr(el, "label");
    if (label)
        text_into(c, label, q_line(el), &row->cells[0].para, &st);
    free(label);
    int k = 1;
    for (const xmlNode *cell = q_first_elem(el); cell && k < t->ncols; cell = q_next_elem(cell)) {
        if (!q_is(cell, "cell"))
            continue;
        char *v = q_attr(cell, "value");
        if (v)
            text_into(c, v, q_line(cell), &row->cells[k].para, &st);
        free(v);
        k++;
    }
    c->agg = NULL;
}

/* A group's subtotal; its label and cells also see the group's first row. */
static void subtotal_row(ctx *c, const xmlNode *sub, q_table_block *t, const qref *q, const char *alias, size_t first,
                         size_t n, int line)
{
    agg_scope agg = {*q, first, n};
    if (q_x_push_rows(c, q, c->o->check_only ? (size_t)-1 : first, alias, line, 1) != 0)
        return;
    closing_row(c, sub, t, QT_SUBTOTAL, &agg);
    c->nrows--;
}

static void query_rows(ctx *c, const xmlNode *n, q_table_block *t, xmlNode **cols, col_votes *votes, const qref *q)
{
    char *group = q_attr(n, "group-by"), *alias = q_attr(n, "as");
    const xmlNode *sub = q_child(n, "subtotal");
    int gcol = group ? q_table_col(q->t, group) : -1;
    if (group && gcol < 0 && q->failed)
        c->failed = 1;   /* the query's failure was reported */
    else if (group && gcol < 0)
        q_x_unknown_name(c, group, q_line(n));
    if (sub && !group)
        Q_X_REPORT(c, q_line(sub), "<subtotal> closes each group of group-by=\"…\"; this table has no group-by");
    if (alias && q_x_check_alias(c, alias, q_line(n)) != 0) {
        free(group);
        free(alias);
        return;
    }
    size_t count = c->o->check_only ? 1 : q->t->nrows;
    if (!count && !q_child(n, "tr") && !q_x_warned_at(c, "query", q->name, q->line))
        q_warn_add(c->d, c->t->path, q_line(n), 0,
                   "table: query '%s' (line %d) found no rows, so the table has no rows under its header; "
                   "check its WHERE and the params, or test for it with <if>",
                   q->name, q->line);
    char *last = NULL;
    size_t start = 0;   /* the current group's first row */
    colspec *cs = colspecs(cols, t->ncols);
    for (size_t r = 0; r < count && q_x_spend(c, q_line(n), t->nrows ? q_trow_bytes(&t->rows[t->nrows - 1]) : 0) == 0;
         r++) {
        size_t row = c->o->check_only ? (size_t)-1 : r;
        if (gcol >= 0 && !c->o->check_only &&
            group_changed(c, &q->t->cells[r * (size_t)q->t->ncols + (size_t)gcol], &last)) {
            if (sub && r > 0)   /* close the group before */
                subtotal_row(c, sub, t, q, alias, start, r - start, q_line(n));
            start = r;
            group_row(t, last);
        }
        if (q_x_push_rows(c, q, row, alias, q_line(n), 1) != 0)
            break;
        query_row(c, t, cs, votes, q->t, r);
        c->nrows--;
    }
    colspecs_free(cs, t->ncols);
    if (sub && group && (gcol >= 0 || c->o->check_only) && count)
        subtotal_row(c, sub, t, q, alias, start, count - start, q_line(n));
    free(last);
    free(group);
    free(alias);
}

static void written_rows(ctx *c, const xmlNode *n, q_table_block *t)
{
    for (const xmlNode *tr = q_first_elem(n); tr; tr = q_next_elem(tr)) {
        if (!q_is(tr, "tr"))
            continue;
        int ncells = 0;
        for (const xmlNode *td = q_first_elem(tr); td; td = q_next_elem(td))
            ncells += q_is(td, "td");
        q_trow *row = add_row(t, QT_ROW, ncells);
        int k = 0;
        for (const xmlNode *td = q_first_elem(tr); td; td = q_next_elem(td)) {
            if (!q_is(td, "td"))
                continue;
            q_tcell *cell = &row->cells[k++];
            cell->align = parse_align(td);
            char *span = q_attr(td, "colspan");
            cell->span = span && atoi(span) > 0 ? atoi(span) : 1;
            free(span);
            q_x_inline(c, td, &cell->para, t->td.text, NULL);
        }
    }
}

/* zebra="true" stripes in the house grey, zebra="#eef2f7" in that colour. */
static void zebra(ctx *c, const xmlNode *n, q_table_block *t)
{
    char *z = q_attr(n, "zebra");
    t->zebra_color = ZEBRA_GREY;
    if (!z || !strcmp(z, "false") || !strcmp(z, "0"))
        t->zebra = 0;
    else if (!strcmp(z, "true") || !strcmp(z, "1") || !strcmp(z, "yes"))
        t->zebra = 1;
    else if (q_parse_color(z, &t->zebra_color) == 0)
        t->zebra = 1;
    else {
        Q_X_REPORT(c, q_line(n), "table: zebra=\"%s\" is neither true, false nor a colour (#eef2f7)", z);
        c->failed = 1;
    }
    free(z);
}

void q_x_table(ctx *c, const xmlNode *n, q_blocks *out)
{
    q_block *b = q_blocks_add(out, QB_TABLE);
    b->line = q_line(n);
    b->st = *q_styles_get(c->styles, "body");
    b->st.space_before = 6;
    b->st.space_after = 10;
    q_table_block *t = b->table = q_xcalloc(1, sizeof *t);
    t->th = *q_styles_get(c->styles, "th");
    t->td = *q_styles_get(c->styles, "td");
    zebra(c, n, t);
    snprintf(t->decimal, sizeof t->decimal, "%s", c->nf.decimal_sep ? c->nf.decimal_sep : ".");
    t->repeat_header = q_attr_bool(n, "repeat-header", 1);
    t->border = !q_attr_is(n, "border", "none") && !q_attr_is(n, "border", "false");
    for (const xmlNode *k = q_first_elem(n); k; k = q_next_elem(k))
        t->ncols += q_is(k, "column");
    xmlNode **cols = q_xcalloc((size_t)t->ncols + 1, sizeof *cols);
    t->cols = q_xcalloc((size_t)t->ncols + 1, sizeof *t->cols);
    int i = 0;
    for (xmlNode *k = q_first_elem(n); k; k = q_next_elem(k)) {
        if (!q_is(k, "column"))
            continue;
        cols[i] = k;
        q_tcol *col = &t->cols[i++];
        char *title = q_attr(k, "title"), *w = q_attr(k, "width");
        if (title)
            text_into(c, title, q_line(k), &col->title, &t->th.text);
        if (w) {
            size_t len = strlen(w);
            col->width_pct = len && w[len - 1] == '%';
            if (q_parse_length(w, 100, &col->width) != 0) {
                q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(k), 0, "column width '%s' is not a length", w);
                c->failed = 1;
            }
        }
        col->align = parse_align(k);
        free(title);
        free(w);
    }
    col_votes *votes = q_xcalloc((size_t)t->ncols + 1, sizeof *votes);
    char *qname = q_attr(n, "query");
    agg_scope all = {{0}, 0, 0};
    if (qname && q_x_find_query(c, qname, &all.q) == 0) {
        all.n = all.q.t->nrows;
        query_rows(c, n, t, cols, votes, &all.q);
    } else if (qname) {
        if (!q_x_failed(c, qname))
            Q_X_REPORT(c, q_line(n), "table: unknown query '%s'", qname);
        c->failed = 1;
        all.q.failed = 1;   /* reported: aggregates follow silently */
    } else if (q_child(n, "subtotal")) {
        Q_X_REPORT(c, q_line(q_child(n, "subtotal")), "<subtotal> closes each group of a table's query; this table "
                   "has none");
    }
    free(qname);
    written_rows(c, n, t);
    const xmlNode *total = q_child(n, "total");
    if (total && t->ncols)
        closing_row(c, total, t, QT_TOTAL, &all);
    /* Figures line up on their decimal mark; integers end where it would be. */
    for (int k = 0; k < t->ncols; k++) {
        t->cols[k].numeric = votes[k].numeric && !votes[k].text;
        if (t->cols[k].align == ALIGN_AUTO)
            t->cols[k].align = t->cols[k].numeric ? QA_DECIMAL : QA_LEFT;
    }
    /* A written-out table with no <column>s still needs columns. */
    if (!t->ncols) {
        int widest = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            int w = 0;
            for (int k = 0; k < t->rows[r].ncells; k++)
                w += t->rows[r].cells[k].span;
            widest = w > widest ? w : widest;
        }
        t->ncols = widest;
        t->cols = q_xrealloc(t->cols, (size_t)(widest + 1) * sizeof *t->cols);
        memset(t->cols, 0, (size_t)(widest + 1) * sizeof *t->cols);
    }
    /* Group rows span the final width; no cell spans less than a column
     * (found by fuzzing: a table with no <column> and group-by made a
     * group row of span 0). */
    for (size_t r = 0; r < t->nrows; r++)
        for (int k = 0; k < t->rows[r].ncells; k++) {
            q_tcell *cell = &t->rows[r].cells[k];
            if (t->rows[r].kind == QT_GROUP)
                cell->span = t->ncols > 0 ? t->ncols : 1;
            if (cell->span < 1)
                cell->span = 1;
        }
    for (size_t r = 0; r < t->nrows; r++)
        for (int k = 0, col = 0; k < t->rows[r].ncells; col += t->rows[r].cells[k].span, k++)
            if (t->rows[r].cells[k].align == ALIGN_AUTO)
                t->rows[r].cells[k].align = t->rows[r].kind == QT_GROUP || col >= t->ncols ? QA_LEFT : t->cols[col].align;
    free(votes);
    free(cols);
}
