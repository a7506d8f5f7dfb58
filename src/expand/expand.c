#include "expand/expand.h"
#include "expand/expand_impl.h"
#include "util/suggest.h"
#include "expand/format.h"
#include "expand/style.h"
#include "image/image.h"
#include "util/buf.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const q_value null_value = {0};

/* Whether enclosing rows come from a failed query: their columns are unknown. */
static int in_failed_rows(const ctx *c)
{
    for (int r = 0; r < c->nrows; r++)
        if (c->rows[r].failed)
            return 1;
    return 0;
}

void q_x_unknown_name(ctx *c, const char *name, int line)
{
    c->failed = 1;
    if (q_x_failed(c, name) || (!strchr(name, '.') && in_failed_rows(c)))
        return;
    q_suggest s;
    q_suggest_init(&s, name);
    for (int r = c->nrows - 1; r >= 0; r--)
        for (int k = 0; k < c->rows[r].t->ncols; k++)
            q_suggest_add(&s, c->rows[r].t->cols[k]);
    q_x_scope_names(c, &s);
    q_env_names(c->env, q_suggest_cb, &s);
    static const char *const builtins[] = {"page", "pages", "title", "date"};
    for (size_t i = 0; i < 4; i++)
        q_suggest_add(&s, builtins[i]);
    if (s.best[0])
        q_diag_add(c->d, Q_EUSAGE, c->t->path, line, 0, "unknown name '%s'; did you mean '%s'?", name, s.best);
    else
        q_diag_add(c->d, Q_EUSAGE, c->t->path, line, 0, "unknown name '%s'", name);
}


/* Lookup order of SPEC §3.4: rows (qualified, or the one loop whose rows
 * have the column), query.column, metric (loop's first), param, built-ins. */
int q_x_lookup(ctx *c, const char *name, int line, const q_value **v, q_value *tmp)
{
    int row = q_x_row_value(c, name, line, v);
    if (row)
        return row > 0 ? FOUND_VALUE : FOUND_ERROR;
    if (q_x_local_value(c, name, v))
        return FOUND_VALUE;
    int known = 0;
    const q_value *ev = q_env_find(c->env, name, &known);
    if (known) {
        *v = ev ? ev : &null_value;
        return FOUND_VALUE;
    }
    if (!strcmp(name, "page"))
        return FOUND_PAGE;
    if (!strcmp(name, "pages"))
        return FOUND_PAGES;
    if (!strcmp(name, "title") || !strcmp(name, "date")) {
        tmp->type = QV_TEXT;
        tmp->s = (char *)(!strcmp(name, "title") ? (c->title ? c->title : "") : c->o->date_iso);
        *v = tmp;
        return FOUND_VALUE;
    }
    return FOUND_NONE;
}

/* Where a value comes from, for the warnings of SPEC §2. */
typedef struct origin {
    const char *kind;   /* "query" or "metric"; NULL: a param or built-in */
    const char *name;
    const char *col;    /* a query's column */
    int line;
    int norows;         /* the SQL found no row: the value is only a NULL */
    int intdiv;         /* likely integer division (q_table.intdiv) */
} origin;

/* The same lookup order as q_x_lookup. */
static origin value_origin(const ctx *c, const char *name)
{
    origin o = {0};
    int col;
    int sc = q_x_row_scope(c, name, &col);
    if (sc >= 0) {
        const row_scope *s = &c->rows[sc];
        if (s->qname)
            o = (origin){"query", s->qname, s->t->cols[col], s->qline, 0, s->t->intdiv && s->t->intdiv[col]};
        return o;
    }
    const char *dot = strchr(name, '.');
    if (dot) {
        char *qname = q_xstrndup(name, (size_t)(dot - name));
        qref q;
        col = q_x_find_query(c, qname, &q) == 0 ? q_table_col(q.t, dot + 1) : -1;
        free(qname);
        if (col >= 0)
            o = (origin){"query", q.name, q.t->cols[col], q.line, q.t->nrows == 0, q.t->intdiv && q.t->intdiv[col]};
        return o;
    }
    const local *l = q_x_local(c, name);
    if (l && !l->is_query)
        return (origin){"metric", l->name, NULL, l->line, l->norows, l->intdiv};
    const q_env *env = c->env;
    for (size_t i = 0; i < env->nmetrics; i++)
        if (!strcmp(env->metrics[i].name, name))
            return (origin){"metric", name, NULL, env->metrics[i].line, env->metrics[i].norows,
                            env->metrics[i].intdiv};
    return o;
}

/* A query that found no rows because of a trap already warned about at
 * its own line ('{name}' in quotes): one cause, one message. */
int q_x_warned_at(const ctx *c, const char *kind, const char *name, int line)
{
    char *key = q_asprintf("%s '%s':", kind, name);
    int seen = q_warn_seen(c->d, c->t->path, line, key);
    free(key);
    return seen;
}

/* Traps that still print something (SPEC §2): a query with no row, pct
 * of a percentage, integer division. Once per placeholder or cause, not
 * once per row. printed is what the placeholder printed. */
static void value_warnings(ctx *c, const char *name, const char *fmt, const q_value *v, int line,
                           const char *printed)
{
    q_fmtinfo fi;
    if (q_format_info(fmt, &fi) != 0)
        memset(&fi, 0, sizeof fi);
    /* Most values need no look: keep the per-row cost down. */
    if (v->type != QV_NULL && !fi.pct && !(v->type == QV_INT && fi.num && fi.decimals > 0))
        return;
    origin o = value_origin(c, name);
    char *ph = q_asprintf("{%s%s%s}", name, fmt ? "|" : "", fmt ? fmt : "");
    double x = 0;
    int number = q_value_number(v, &x) == 0;
    if (v->type == QV_NULL && o.norows) {
        if (!q_x_warned_at(c, o.kind, o.name, o.line))
            q_warn_add(c->d, c->t->path, line, 0,
                       "placeholder %s: %s '%s' (line %d) found no rows, so it prints '%s'; check its WHERE "
                       "and the params, or test for it with <if>",
                       ph, o.kind, o.name, o.line, c->nf.null_text);
    } else if (fi.pct && !fi.plus && number && fabs(x) > 1) {
        char *key = q_asprintf("placeholder %s: pct of", ph);
        if (!q_warn_seen(c->d, c->t->path, line, key))
            q_warn_add(c->d, c->t->path, line, 0,
                       "%s %.6g prints %s, but pct wants a ratio (%.6g for %.6g%%); divide by 100 in SQL, "
                       "or write {%s|num:%d}%%",
                       key, x, printed, x / 100, x, name, fi.decimals);
        free(key);
    } else if (v->type == QV_INT && o.intdiv && (fi.pct || (fi.num && fi.decimals > 0))) {
        char *key = o.col ? q_asprintf("query '%s', column '%s'", o.name, o.col) : q_asprintf("metric '%s'", o.name);
        if (!q_warn_seen(c->d, c->t->path, o.line, key))
            q_warn_add(c->d, c->t->path, o.line, 0,
                       "%s is %lld, a whole number, where %s (line %d) wants a fraction: in SQLite '/' between "
                       "two integers drops the remainder (3 / 4 is 0); write 1.0 * a / b",
                       key, (long long)v->i, ph, line);
        free(key);
    }
    free(ph);
}

static int name_char(char ch, int first)
{
    return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (!first && ch >= '0' && ch <= '9');
}

/* A date format given text that is not a date: the fix is in the data, so
 * the message points at the CSV cell (FILE:LINE:COL) when one holds it. */
static int bad_date_cell(ctx *c, const char *name, const char *fmt, const q_value *v, const char *err, int line)
{
    if (!fmt || strncmp(fmt, "date", 4) || v->type != QV_TEXT || !v->s)
        return 0;
    const char *dot = strrchr(name, '.');
    const char *file;
    int l, col;
    char *colname;
    if (!q_env_locate(c->env, dot ? dot + 1 : name, v->s, &file, &l, &col, &colname))
        return 0;
    q_diag_add(c->d, Q_EDATA, file, l, col, "column '%s': %s, for placeholder {%s|%s} at %s:%d", colname, err, name,
               fmt, c->t->path, line);
    free(colname);
    return 1;
}

/* Emits template text, with smart quotes when they are on (sq); next is
 * what follows it (a value: 'x'; 0 unknown). */
static void emit_lit(ctx *c, int sq, emit_fn emit, void *arg, const char *s, size_t n, uint32_t next)
{
    if (!sq || (!memchr(s, '"', n) && !memchr(s, '\'', n))) {
        if (sq)
            q_quotes_saw(&c->quoter, s, n);
        emit(arg, QR_TEXT, s, n);
        return;
    }
    q_buf b = {0};
    q_quotes_apply(&c->quoter, s, n, next, &b);
    emit(arg, QR_TEXT, q_buf_str(&b), b.n);
    q_buf_free(&b);
}

/* Calls emit for literal text and for each resolved placeholder. kind is
 * QR_TEXT, or QR_PAGE/QR_PAGES for the page numbers layout fills in.
 * Smart quotes apply to a paragraph's template text only (SPEC §8), never
 * to values, attributes such as href, or SQL. */
void q_x_text(ctx *c, const char *text, int line, emit_fn emit, void *arg)
{
    const char *p = text, *lit = text;
    q_buf out = {0};
    int sq = emit == q_x_emit_para &&
             (c->sq_block >= 0 ? c->sq_block : c->sq_style >= 0 ? c->sq_style : c->sq_doc) == 1;
    if (sq && ((para_sink *)arg)->p->n == 0)
        q_quotes_reset(&c->quoter);   /* a new paragraph */
    while (*p) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            emit_lit(c, sq, emit, arg, lit, (size_t)(p - lit) + 1, 0);
            p += 2;
            lit = p;
            continue;
        }
        if (*p == '}') {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, line, 0, "a lone '}' in text; write '}}' for a literal brace");
            c->failed = 1;
            p++;
            continue;
        }
        if (*p != '{') {
            p++;
            continue;
        }
        const char *close = strchr(p, '}');
        const char *s = p + 1, *e = s;
        while (name_char(*e, e == s) || (*e == '.' && e > s && name_char(e[1], 1)))
            e++;
        /* An aggregate: {sum(col)}, {count(*)} */
        const char *ap = *e == '(' && e > s ? e + 1 : NULL, *ape = ap;
        if (ap && *ape == '*')
            ape++;
        while (ap && *ape != '*' && name_char(*ape, ape == ap))
            ape++;
        if (ap && *ape == ')' && ape > ap)
            e = ape + 1;
        if (!close || e == s || (*e != '}' && *e != '|')) {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, line, 0,
                       "malformed placeholder '%.*s'; write '{{' for a literal brace",
                       close ? (int)(close - p + 1) : 12, p);
            c->failed = 1;
            p++;
            continue;
        }
        emit_lit(c, sq, emit, arg, lit, (size_t)(p - lit), 'x');
        char *name = q_xstrndup(s, (size_t)(e - s));
        char *fmt = *e == '|' ? q_xstrndup(e + 1, (size_t)(close - e - 1)) : NULL;
        char err[256];
        if (fmt && q_format_check(fmt, err, sizeof err) != 0) {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, line, 0, "placeholder {%s|%s}: %s", name, fmt, err);
            c->failed = 1;
        } else {
            const q_value *v = NULL;
            q_value tmp = {0};
            int found = FOUND_ERROR;
            if (!ap) {
                found = q_x_lookup(c, name, line, &v, &tmp);
            } else {
                char *func = q_xstrndup(s, (size_t)(ap - 1 - s)), *col = q_xstrndup(ap, (size_t)(ape - ap));
                if (q_x_aggregate(c, func, col, line, &tmp) == 0) {
                    found = FOUND_VALUE;
                    v = &tmp;
                }
                free(func);
                free(col);
            }
            if (found == FOUND_NONE) {
                q_x_unknown_name(c, name, line);
            } else if (found == FOUND_PAGE || found == FOUND_PAGES) {
                emit(arg, found == FOUND_PAGE ? QR_PAGE : QR_PAGES, "", 0);
                if (sq)
                    q_quotes_saw(&c->quoter, "0", 1);
            } else if (found == FOUND_VALUE && !c->o->check_only) {
                q_buf_reset(&out);
                if (q_format_value(v, fmt, &c->nf, &out, err, sizeof err) != 0) {
                    if (!bad_date_cell(c, name, fmt, v, err, line))
                        q_diag_add(c->d, Q_EDATA, c->t->path, line, 0, "placeholder {%s%s%s}: %s", name,
                                   fmt ? "|" : "", fmt ? fmt : "", err);
                    c->failed = 1;
                } else {
                    value_warnings(c, name, fmt, v, line, q_buf_str(&out));
                    emit(arg, QR_TEXT | QR_VALUE_BIT, q_buf_str(&out), out.n);
                    if (sq)
                        q_quotes_saw(&c->quoter, q_buf_str(&out), out.n);
                }
            }
            if (ap)
                q_value_free(&tmp);
        }
        free(name);
        free(fmt);
        p = close + 1;
        lit = p;
    }
    emit_lit(c, sq, emit, arg, lit, (size_t)(p - lit), 0);
    q_buf_free(&out);
}

static void emit_buf(void *arg, int kind, const char *s, size_t n)
{
    if ((kind & ~QR_VALUE_BIT) == QR_TEXT)
        q_buf_add(arg, s, n);
}

/* An attribute with placeholders resolved; NULL if absent. */
char *q_x_attr(ctx *c, const xmlNode *n, const char *name)
{
    char *raw = q_attr(n, name);
    if (!raw)
        return NULL;
    q_buf b = {0};
    q_x_text(c, raw, q_line(n), emit_buf, &b);
    free(raw);
    return q_buf_take(&b);
}

/* Field by field: memcmp would read the struct's padding. */
static int same_tstyle(const q_tstyle *a, const q_tstyle *b)
{
    return a->family == b->family && a->size == b->size && a->bold == b->bold && a->italic == b->italic &&
           a->color == b->color;
}

void q_x_emit_para(void *arg, int kind, const char *s, size_t n)
{
    para_sink *ps = arg;
    int value = (kind & QR_VALUE_BIT) != 0;
    kind &= ~QR_VALUE_BIT;
    if (kind == QR_TEXT && n == 0)
        return;
    q_run *last = ps->p->n ? &ps->p->runs[ps->p->n - 1] : NULL;
    if (kind == QR_TEXT && last && last->kind == QR_TEXT && last->value == value && same_tstyle(&last->st, &ps->st) &&
        ((!last->href && !ps->href) || (last->href && ps->href && !strcmp(last->href, ps->href)))) {
        size_t old = strlen(last->text);
        last->text = q_xrealloc(last->text, old + n + 1);
        memcpy(last->text + old, s, n);
        last->text[old + n] = 0;
        return;
    }
    q_run *r = q_para_add(ps->p, kind, &ps->st);
    r->text = q_xstrndup(s, n);
    r->value = value;
    r->href = ps->href ? q_xstrdup(ps->href) : NULL;
}

void q_x_inline(ctx *c, const xmlNode *parent, q_para *p, q_tstyle st, const char *href)
{
    for (const xmlNode *n = parent->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            para_sink ps = {p, st, href};
            q_x_text(c, (const char *)n->content, q_line(n) ? q_line(n) : q_line(parent), q_x_emit_para, &ps);
        } else if (q_is(n, "b")) {
            q_tstyle s2 = st;
            s2.bold = 1;
            q_x_inline(c, n, p, s2, href);
        } else if (q_is(n, "i")) {
            q_tstyle s2 = st;
            s2.italic = 1;
            q_x_inline(c, n, p, s2, href);
        } else if (q_is(n, "span")) {
            q_tstyle s2 = st;
            char *sname = q_attr(n, "style"), *color = q_attr(n, "color"), *size = q_attr(n, "size");
            const q_bstyle *named = sname ? q_styles_get(c->styles, sname) : NULL;
            if (sname && !named) {
                q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "unknown style '%s'", sname);
                c->failed = 1;
            } else if (named) {
                s2 = named->text;
            }
            double sz;
            if (color && q_parse_color(color, &s2.color) != 0) {
                q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "color '%s' is not #RRGGBB", color);
                c->failed = 1;
            }
            if (size) {
                if (q_parse_length(size, 0, &sz) == 0 && sz > 0 && sz <= 500)
                    s2.size = sz;
                else {
                    q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "size '%s' is not a length", size);
                    c->failed = 1;
                }
            }
            free(sname);
            free(color);
            free(size);
            q_x_inline(c, n, p, s2, href);
        } else if (q_is(n, "a")) {
            char *h = q_x_attr(c, n, "href");
            q_tstyle s2 = st;
            s2.color = Q_ACCENT;
            q_x_inline(c, n, p, s2, h);
            free(h);
        } else if (q_is(n, "br")) {
            q_para_add(p, QR_BREAK, &st)->text = q_xstrdup("");
        }
    }
}

static q_bstyle block_style(ctx *c, const xmlNode *n, const char *dflt)
{
    char *sname = q_attr(n, "style");
    const q_bstyle *st = q_styles_get(c->styles, sname ? sname : dflt);
    if (!st) {
        q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "unknown style '%s'", sname);
        c->failed = 1;
        st = q_styles_get(c->styles, dflt);
    }
    q_bstyle s = *st;
    char *align = q_attr(n, "align");
    if (align)
        s.align = !strcmp(align, "right") ? QA_RIGHT : !strcmp(align, "center") ? QA_CENTER
                : !strcmp(align, "justify") ? QA_JUSTIFY : QA_LEFT;
    free(align);
    char *hy = q_attr(n, "hyphenate");
    if (hy)
        s.nohyph = !strcmp(hy, "false");
    free(hy);
    free(sname);
    return s;
}

static void blocks(ctx *c, const xmlNode *parent, q_blocks *out, const char *para_style);

/* --max-pages bounds the work while it happens (SPEC §6): expansion stops
 * once it has made more blocks and rows than that many pages could hold,
 * or taken more loop turns than the turn budget, whatever the nesting. */
static int over_budget(ctx *c, int line, int turn, size_t bytes)
{
    q_limits *l = c->env->lim;
    if (l->stopped) {
        c->failed = 1;
        return -1;
    }
    unsigned long long max = (unsigned long long)l->max_pages * Q_WORK_PER_PAGE;
    if (turn && max < Q_TURNS_MIN)
        max = Q_TURNS_MIN;
    unsigned long long *n = turn ? &l->turns : &l->work;
    if (++*n > max) {
        if (turn)
            q_diag_add(c->d, Q_EDATA, c->t->path, line, 0,
                       "loops ran more than %llu times, the most allowed for %d page%s (--max-pages)", max,
                       l->max_pages, l->max_pages == 1 ? "" : "s");
        else
            q_diag_add(c->d, Q_EDATA, c->t->path, line, 0,
                       "the document would need more than %d page%s (--max-pages): expansion stopped after %llu "
                       "blocks and table rows", l->max_pages, l->max_pages == 1 ? "" : "s", max);
        l->stopped = 1;
    } else if (q_limits_mem(l, bytes, c->t->path, line, c->d) != 0) {
        l->stopped = 1;
    }
    if (l->stopped)
        c->failed = 1;
    return l->stopped ? -1 : 0;
}

int q_x_spend(ctx *c, int line, size_t bytes)
{
    return over_budget(c, line, 0, bytes);
}

static void text_block(ctx *c, const xmlNode *n, q_blocks *out, int kind, int level, const char *style)
{
    q_block *b = q_blocks_add(out, kind);
    b->line = q_line(n);
    b->level = level;
    b->st = block_style(c, n, style);
    if (kind == QB_HEADING)
        b->st.nohyph = 1;   /* headings are never hyphenated */
    c->sq_style = b->st.smart_quotes;
    q_x_inline(c, n, &b->para, b->st.text, NULL);
}

static void para_from_attr(ctx *c, const xmlNode *n, const char *attr, q_para *p, const q_tstyle *st)
{
    char *raw = q_attr(n, attr);
    if (!raw)
        return;
    para_sink ps = {p, *st, NULL};
    q_x_text(c, raw, q_line(n), q_x_emit_para, &ps);
    free(raw);
}

static void kpis(ctx *c, const xmlNode *n, q_blocks *out)
{
    q_block *b = q_blocks_add(out, QB_KPIS);
    b->line = q_line(n);
    b->st = *q_styles_get(c->styles, "body");
    b->st.space_before = 6;
    b->st.space_after = 14;
    for (const xmlNode *k = q_first_elem(n); k; k = q_next_elem(k)) {
        if (!q_is(k, "kpi"))
            continue;
        b->kpis = q_xrealloc(b->kpis, (b->nkpis + 1) * sizeof *b->kpis);
        q_kpi *kp = &b->kpis[b->nkpis++];
        memset(kp, 0, sizeof *kp);
        kp->value_st = *q_styles_get(c->styles, "kpi-value");
        kp->label_st = *q_styles_get(c->styles, "kpi-label");
        kp->note_st = *q_styles_get(c->styles, "kpi-note");
        char *color = q_attr(k, "color");
        if (color && q_parse_color(color, &kp->value_st.text.color) != 0) {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(k), 0, "color '%s' is not #RRGGBB", color);
            c->failed = 1;
        }
        free(color);
        int sq_outer = c->sq_block;
        char *sqv = q_attr(k, "smart-quotes");
        if (sqv)
            c->sq_block = !strcmp(sqv, "true");
        free(sqv);
        c->sq_style = kp->value_st.smart_quotes;
        para_from_attr(c, k, "value", &kp->value, &kp->value_st.text);
        c->sq_style = kp->label_st.smart_quotes;
        para_from_attr(c, k, "label", &kp->label, &kp->label_st.text);
        c->sq_style = kp->note_st.smart_quotes;
        para_from_attr(c, k, "note", &kp->note, &kp->note_st.text);
        c->sq_block = sq_outer;
    }
    char *cols = q_attr(n, "columns");
    b->columns = cols ? atoi(cols) : 0;
    if (b->columns <= 0)
        b->columns = b->nkpis < 4 ? (int)b->nkpis : 4;
    if (b->columns > 8)
        b->columns = 8;
    free(cols);
}

static void list(ctx *c, const xmlNode *n, q_blocks *out)
{
    int numbered = q_attr_is(n, "type", "number");
    int k = 0;
    c->list_depth++;
    for (const xmlNode *it = q_first_elem(n); it; it = q_next_elem(it)) {
        if (!q_is(it, "item"))
            continue;
        q_block *b = q_blocks_add(out, QB_ITEM);
        b->line = q_line(it);
        b->st = block_style(c, n, "list");
        b->st.indent += 14 * c->list_depth;
        b->marker = numbered ? q_asprintf("%d.", ++k) : q_xstrdup("\xE2\x80\xA2");
        c->sq_style = b->st.smart_quotes;
        q_x_inline(c, it, &b->para, b->st.text, NULL);
    }
    if (out->n && out->v[out->n - 1].kind == QB_ITEM)
        out->v[out->n - 1].st.space_after = q_styles_get(c->styles, "body")->space_after;
    c->list_depth--;
}

static void image(ctx *c, const xmlNode *n, q_blocks *out)
{
    q_block *b = q_blocks_add(out, QB_IMAGE);
    b->line = q_line(n);
    b->st = *q_styles_get(c->styles, "body");
    b->st.space_before = b->st.space_after = 8;
    b->st.align = q_attr_is(n, "align", "center") ? QA_CENTER : q_attr_is(n, "align", "right") ? QA_RIGHT : QA_LEFT;
    b->alt = q_x_attr(c, n, "alt");
    char *w = q_attr(n, "width"), *h = q_attr(n, "height");
    if (w) {
        size_t len = strlen(w);
        b->width_pct = len && w[len - 1] == '%';
        if (q_parse_length(w, 100, &b->width) != 0 || b->width <= 0) {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "image width '%s' is not a length", w);
            c->failed = 1;
        }
    }
    if (h && (q_parse_length(h, 0, &b->height) != 0 || b->height <= 0)) {
        q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "image height '%s' is not a length", h);
        c->failed = 1;
    }
    free(w);
    free(h);
    char *src = q_x_attr(c, n, "src");
    char *raw = q_attr(n, "src");
    /* A computed src is known only when rendering; check the rest now. */
    int computed = raw && strchr(raw, '{');
    free(raw);
    char *path = !src || (c->o->check_only && computed) ? NULL
               : q_template_path(c->t, n, src, c->o->allow_dirs, c->o->nallow, c->d);
    if (!path) {
        if (!(c->o->check_only && computed))
            c->failed = 1;
    } else if (!c->o->check_only) {
        char err[256];
        q_input in = {c->env->lim->max_input, 0, &c->env->lim->inputs};
        b->image = q_xcalloc(1, sizeof *b->image);
        if (q_image_load_in(path, &in, b->image, err, sizeof err) != 0) {
            q_diag_add(c->d, Q_EDATA, c->t->path, q_line(n), 0, "image '%s': %s", src, err);
            c->failed = 1;
            free(b->image);
            b->image = NULL;
        }
    }
    free(src);
    free(path);
}

/* <if test>: SQLite decides; check mode only compiles. 1, 0, or -1. */
static int test_true(ctx *c, const xmlNode *n)
{
    char *test = q_attr(n, "test");
    char *sql = q_asprintf("SELECT CASE WHEN (%s) THEN 1 ELSE 0 END", test ? test : "0");
    q_sql_src src = {.file = c->t->path, .line = q_line(n), .what = "if test", .known = q_x_known_sql};
    /* A test on what failed would only fail again. */
    sqlite3_stmt *st = q_x_sql_uses_failed(c, sql) ? NULL
                     : q_db_prepare(c->env->db, sql, &src, q_x_resolve_sql, c, c->d);
    free(sql);
    free(test);
    if (!st) {
        c->failed = 1;
        return -1;
    }
    if (c->o->check_only) {
        sqlite3_finalize(st);
        return 1;
    }
    q_table t = {0};
    if (q_db_run(c->env->db, st, &src, &t, c->d) != 0) {
        c->failed = 1;
        return -1;
    }
    int yes = t.nrows && t.cells[0].type == QV_INT && t.cells[0].i;
    q_table_free(&t);
    return yes;
}

static void for_each(ctx *c, const xmlNode *n, q_blocks *out, const char *para_style)
{
    char *qname = q_attr(n, "query"), *alias = q_attr(n, "as");
    qref q;
    int found = q_x_find_query(c, qname, &q) == 0;
    if (!found && !(qname && q_x_failed(c, qname)))
        q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "for-each: unknown query '%s'", qname ? qname : "");
    free(qname);
    if (!found || (alias && q_x_check_alias(c, alias, q_line(n)) != 0)) {
        c->failed = 1;
        free(alias);
        return;
    }
    size_t count = c->o->check_only ? 1 : q.t->nrows;
    for (size_t r = 0; r < count && !(c->failed && !c->o->check_only); r++) {
        if (over_budget(c, q_line(n), 1, 0) != 0)
            break;
        if (q_x_push_rows(c, &q, c->o->check_only ? (size_t)-1 : r, alias, q_line(n), 0) != 0)
            break;
        blocks(c, n, out, para_style);
        c->nrows--;
    }
    free(alias);
}

static void blocks(ctx *c, const xmlNode *parent, q_blocks *out, const char *para_style)
{
    int mark = c->nlocals;   /* locals defined here end with the parent */
    for (const xmlNode *n = q_first_elem(parent); n; n = q_next_elem(n)) {
        const char *name = (const char *)n->name;
        if (q_x_spend(c, q_line(n), 0) != 0)
            return;
        size_t made = out->n;
        /* smart-quotes="…" holds for the element and what it contains. */
        int sq_outer = c->sq_block;
        char *sqv = q_attr(n, "smart-quotes");
        if (sqv)
            c->sq_block = !strcmp(sqv, "true");
        free(sqv);
        c->sq_style = -1;
        if (!strcmp(name, "title")) text_block(c, n, out, QB_HEADING, 0, "title");
        else if (!strcmp(name, "subtitle")) text_block(c, n, out, QB_HEADING, 0, "subtitle");
        else if (!strcmp(name, "h1")) text_block(c, n, out, QB_HEADING, 1, "h1");
        else if (!strcmp(name, "h2")) text_block(c, n, out, QB_HEADING, 2, "h2");
        else if (!strcmp(name, "h3")) text_block(c, n, out, QB_HEADING, 3, "h3");
        else if (!strcmp(name, "p")) text_block(c, n, out, QB_PARA, 0, para_style);
        else if (!strcmp(name, "source")) text_block(c, n, out, QB_PARA, 0, "source");
        else if (!strcmp(name, "note")) text_block(c, n, out, QB_PARA, 0, "note");
        else if (!strcmp(name, "kpis")) kpis(c, n, out);
        else if (!strcmp(name, "list")) list(c, n, out);
        else if (!strcmp(name, "rule")) {
            q_block *b = q_blocks_add(out, QB_RULE);
            b->line = q_line(n);
            b->st = *q_styles_get(c->styles, "body");
            b->st.space_before = b->st.space_after = 8;
            b->height = 0.5;
            b->color = 0xBBBBBB;
            char *w = q_attr(n, "weight"), *col = q_attr(n, "color");
            double len;
            if (w && q_parse_length(w, 0, &len) == 0 && len <= 20)
                b->height = len;
            if (col && q_parse_color(col, &b->color) != 0) {
                q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "color '%s' is not #RRGGBB", col);
                c->failed = 1;
            }
            free(w);
            free(col);
        } else if (!strcmp(name, "spacer")) {
            q_block *b = q_blocks_add(out, QB_SPACER);
            b->line = q_line(n);
            char *h = q_attr(n, "height");
            if (!h || q_parse_length(h, 0, &b->height) != 0) {
                q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "spacer height '%s' is not a length", h ? h : "");
                c->failed = 1;
            }
            free(h);
        } else if (!strcmp(name, "table")) {
            q_x_table(c, n, out);
        } else if (!strcmp(name, "chart")) {
            q_x_chart(c, n, out);
        } else if (!strcmp(name, "toc")) {
            q_block *b = q_blocks_add(out, QB_TOC);
            b->line = q_line(n);
            b->st = *q_styles_get(c->styles, "h2");
            b->st.keep_with_next = 0;   /* the title stays with its first entry instead */
            char *title = q_attr(n, "title");
            c->sq_style = b->st.smart_quotes;
            para_sink ps = {&b->para, b->st.text, NULL};
            q_x_text(c, title ? title : "Contents", q_line(n), q_x_emit_para, &ps);
            free(title);
        } else if (!strcmp(name, "image")) {
            image(c, n, out);
        } else if (!strcmp(name, "page-break")) {
            q_block *pb = q_blocks_add(out, QB_PAGE_BREAK);
            pb->line = q_line(n);
            /* A new page-number sequence (SPEC §8): page labels follow it. */
            char *num = q_attr(n, "numbering");
            pb->numbering = !num ? 0 : !strcmp(num, "roman") ? Q_NUM_ROMAN : Q_NUM_ARABIC;
            free(num);
        } else if (!strcmp(name, "for-each")) {
            for_each(c, n, out, para_style);
        } else if (!strcmp(name, "query") || !strcmp(name, "metric")) {
            q_x_local_sql(c, n);
        } else if (!strcmp(name, "if")) {
            const xmlNode *els = q_next_elem(n);
            els = q_is(els, "else") ? els : NULL;
            int yes = test_true(c, n);
            if (yes == 1 || c->o->check_only)
                blocks(c, n, out, para_style);
            if (els && (yes == 0 || c->o->check_only))
                blocks(c, els, out, para_style);
        } else if (!strcmp(name, "else")) {
            /* handled with its <if> */
        } else {
            /* <table>, <chart>, <image>, <toc> are rendered by later stages
             * of the project; say so instead of dropping them silently. */
            q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(n), 0, "<%s> is not supported by this version of quire yet", name);
            c->failed = 1;
        }
        c->sq_block = sq_outer;
        /* What this element made (a loop's blocks were counted inside it). */
        size_t bytes = 0;
        for (size_t i = made; strcmp(name, "for-each") && strcmp(name, "if") && i < out->n; i++)
            bytes += q_block_bytes(&out->v[i]);
        if (bytes && q_limits_mem(c->env->lim, bytes, c->t->path, q_line(n), c->d) != 0) {
            c->env->lim->stopped = 1;
            c->failed = 1;
            return;
        }
    }
    q_x_pop_locals(c, mark);
}

static const struct { const char *name; double w, h; } sizes[] = {
    {"A3", 841.89, 1190.55}, {"A4", 595.28, 841.89}, {"A5", 419.53, 595.28},
    {"Letter", 612, 792}, {"Legal", 612, 1008},
};

static void page_setup(ctx *c, const xmlNode *page)
{
    q_doc *doc = c->doc;
    double mm20 = 20 * 72 / 25.4;
    doc->page_w = 595.28;
    doc->page_h = 841.89;
    doc->margin_t = doc->margin_r = doc->margin_b = doc->margin_l = mm20;
    if (!page)
        return;
    char *size = q_attr(page, "size"), *margin = q_attr(page, "margin");
    if (size) {
        int found = 0;
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
            if (!strcmp(size, sizes[i].name)) {
                doc->page_w = sizes[i].w;
                doc->page_h = sizes[i].h;
                found = 1;
            }
        char *x = found ? NULL : strchr(size, 'x');
        if (x) {
            *x = 0;
            found = q_parse_length(size, 0, &doc->page_w) == 0 && q_parse_length(x + 1, 0, &doc->page_h) == 0 &&
                    doc->page_w >= 72 && doc->page_h >= 72 && doc->page_w <= 14400 && doc->page_h <= 14400;
            *x = 'x';
        }
        if (!found) {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(page), 0,
                       "page size '%s' is not A3, A4, A5, Letter, Legal or WIDTHxHEIGHT (1in to 200in)", size);
            c->failed = 1;
        }
    }
    if (q_attr_is(page, "orientation", "landscape") && doc->page_w < doc->page_h) {
        double t = doc->page_w;
        doc->page_w = doc->page_h;
        doc->page_h = t;
    }
    if (margin) {
        double v[4];
        int n = 0;
        char *save = NULL;
        for (char *tok = strtok_r(margin, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
            if (n == 4 || q_parse_length(tok, 0, &v[n]) != 0) {
                n = -1;
                break;
            }
            n++;
        }
        if (n == 1) { doc->margin_t = doc->margin_r = doc->margin_b = doc->margin_l = v[0]; }
        else if (n == 2) { doc->margin_t = doc->margin_b = v[0]; doc->margin_r = doc->margin_l = v[1]; }
        else if (n == 4) { doc->margin_t = v[0]; doc->margin_r = v[1]; doc->margin_b = v[2]; doc->margin_l = v[3]; }
        else {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(page), 0, "margin '%s' takes 1, 2 or 4 lengths", margin);
            c->failed = 1;
        }
        if (doc->page_w - doc->margin_l - doc->margin_r < 36 || doc->page_h - doc->margin_t - doc->margin_b < 36) {
            q_diag_add(c->d, Q_EUSAGE, c->t->path, q_line(page), 0, "margins leave no room for text");
            c->failed = 1;
        }
    }
    free(size);
    free(margin);
}

int q_expand(const q_template *t, q_env *env, const q_expand_opts *o, q_doc *doc, q_diags *d)
{
    memset(doc, 0, sizeof *doc);
    ctx c = {.t = t, .env = env, .o = o, .doc = doc, .d = d, .sq_block = -1, .sq_style = -1};
    c.styles = q_styles_load(t, doc, o->allow_dirs, o->nallow, d);
    if (!c.styles)
        return -1;
    char *group = q_attr(t->root, "group-sep"), *dec = q_attr(t->root, "decimal-sep");
    char *cur = q_attr(t->root, "currency"), *null_text = q_attr(t->root, "null-text");
    c.nf = (q_numfmt){group ? group : ",", dec ? dec : ".", cur ? cur : "$", null_text ? null_text : "\xE2\x80\x94",
                      q_attr_is(t->root, "currency-position", "after")};
    c.title = q_x_attr(&c, t->root, "title");
    doc->title = c.title ? q_xstrdup(c.title) : NULL;
    doc->author = q_x_attr(&c, t->root, "author");
    doc->subject = q_x_attr(&c, t->root, "subject");
    doc->keywords = q_x_attr(&c, t->root, "keywords");
    doc->lang = q_attr(t->root, "lang");
    doc->nohyph = q_attr_is(t->root, "hyphenate", "false");
    c.sq_doc = !q_attr_is(t->root, "smart-quotes", "false");
    c.quoter.lang = q_quotes_lang(doc->lang);
    const xmlNode *page = q_child(t->root, "page");
    page_setup(&c, page);
    const xmlNode *header = page ? q_child(page, "header") : NULL;
    const xmlNode *footer = page ? q_child(page, "footer") : NULL;
    if (header)
        blocks(&c, header, &doc->header, "header");
    if (footer)
        blocks(&c, footer, &doc->footer, "footer");
    const xmlNode *body = q_child(t->root, "body");
    if (body)
        blocks(&c, body, &doc->body, "body");
    free(group);
    free(dec);
    free(cur);
    free(null_text);
    free(c.title);
    q_styles_free(c.styles);
    return c.failed ? -1 : 0;
}
