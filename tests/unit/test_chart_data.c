/* A chart's rows (src/expand/chartdata.c): which columns become x and the
 * series, NULLs as gaps, numbers in text, the errors and their exit codes;
 * and the SVG title insertion of quire chart (src/export.c). Tables are
 * built by hand, as a query would return them. */
#include "expand/chart.h"
#include "export.h"
#include "t.h"

#include <stdlib.h>

static const q_numfmt NF = {",", ".", "$", "-", 0};

/* A table from a header and cells written as text: "" is NULL, "i:5" an
 * INTEGER, "r:2.5" a REAL, anything else TEXT. */
static q_table table(int ncols, const char *const *cols, size_t nrows, const char *const *cells)
{
    q_table t = {0};
    t.ncols = ncols;
    t.cols = calloc((size_t)ncols, sizeof *t.cols);
    for (int k = 0; k < ncols; k++)
        t.cols[k] = strdup(cols[k]);
    t.nrows = nrows;
    t.cells = calloc(nrows * (size_t)ncols + 1, sizeof *t.cells);
    for (size_t i = 0; i < nrows * (size_t)ncols; i++) {
        const char *s = cells[i];
        q_value *v = &t.cells[i];
        if (!*s)
            v->type = QV_NULL;
        else if (!strncmp(s, "i:", 2))
            v->type = QV_INT, v->i = atoll(s + 2);
        else if (!strncmp(s, "r:", 2))
            v->type = QV_REAL, v->r = atof(s + 2);
        else
            v->type = QV_TEXT, v->s = strdup(s);
    }
    return t;
}

/* A chart from attributes, as expand would pass them. */
static void chart(q_chart *c, const char *const *attrs)
{
    q_diags d = {0};
    int rc = q_chart_parse(c, attrs, &d, "t.xml", 3);
    T_INTEQ(rc, 0);
    q_diags_free(&d);
}

static const q_chart_src SRC = {"t.xml", 3, "q", NULL, NULL};

/* Fills, and returns the exit code of the first error (0 when none). */
static int fill(const q_chart *c, const q_table *t, q_chart_data *out, char *msg, size_t n)
{
    q_diags d = {0};
    int rc = q_chart_fill(c, t, &NF, &SRC, out, &d);
    int code = q_diags_code(&d);
    if (msg)
        snprintf(msg, n, "%s", d.n ? d.v[0].msg : "");
    T_INTEQ(rc == 0, code == 0);
    q_diags_free(&d);
    return code;
}

static void years_and_two_series(void)
{
    static const char *cols[] = {"fiscal_year", "total", "criminal", "note"};
    static const char *cells[] = {
        "i:2008", "i:369221", "i:114000", "rounded",
        "i:2009", "i:389834", "", "",
        "i:2010", "r:392862.5", "", "x",
    };
    q_table t = table(4, cols, 3, cells);
    q_chart c;
    chart(&c, (const char *[]){"id", "r", "type", "line", "query", "q", NULL});
    q_chart_data data;
    T_INTEQ(fill(&c, &t, &data, NULL, 0), 0);
    /* x: the first column; y: every other column of numbers (note is text) */
    T_INTEQ(data.nrows, 3);
    T_INTEQ(data.nseries, 2);
    T_STREQ(data.series[0], "total");
    T_STREQ(data.series[1], "criminal");
    T_STREQ(data.x_text[0], "2008");   /* as stored: no grouping for years */
    T_CHECK(data.x_numeric && data.x_ordered);
    T_NEAR(data.x_num[2], 2010, 0);
    T_NEAR(data.v[0], 369221, 0);
    T_NEAR(data.v[2], 392862.5, 0);
    T_CHECK(!data.is_null[0 * 3 + 1] && data.is_null[1 * 3 + 1] && data.is_null[1 * 3 + 2]);
    T_NEAR(data.v[1 * 3 + 0], 114000, 0);
    q_chart_data_free(&data);
    q_chart_free(&c);

    /* named columns, in the order given, with series names */
    chart(&c, (const char *[]){"id", "r", "type", "bar", "query", "q", "x", "fiscal_year", "y", "criminal,total",
                               "series", "Criminal,All", NULL});
    T_INTEQ(fill(&c, &t, &data, NULL, 0), 0);
    T_INTEQ(data.nseries, 2);
    T_STREQ(data.series[0], "Criminal");
    T_NEAR(data.v[1 * 3 + 0], 369221, 0);
    q_chart_data_free(&data);
    q_chart_free(&c);

    /* x-format applies to x_text */
    chart(&c, (const char *[]){"id", "r", "type", "bar", "query", "q", "y", "total", "x-format", "int", NULL});
    T_INTEQ(fill(&c, &t, &data, NULL, 0), 0);
    T_STREQ(data.x_text[1], "2,009");
    q_chart_data_free(&data);
    q_chart_free(&c);
    q_table_free(&t);
}

static void categories_and_dates(void)
{
    static const char *cols[] = {"office", "rate", "month"};
    static const char *cells[] = {
        "New York", "r:0.71", "2013-01",
        "", "r:0.6", "2013-02",
        "007", "0.79", "2013-03",   /* a number as text still counts */
    };
    q_table t = table(3, cols, 3, cells);
    q_chart c;
    chart(&c, (const char *[]){"id", "o", "type", "hbar", "query", "q", "y", "rate", NULL});
    q_chart_data data;
    T_INTEQ(fill(&c, &t, &data, NULL, 0), 0);
    T_CHECK(!data.x_numeric && !data.x_ordered);
    T_STREQ(data.x_text[1], "");   /* a NULL category prints nothing, and keeps its value */
    T_CHECK(!data.is_null[1]);
    T_STREQ(data.x_text[2], "007");
    T_NEAR(data.v[2], 0.79, 1e-12);
    q_chart_data_free(&data);
    q_chart_free(&c);

    /* months as text are ordered; so is any x under a date: format */
    chart(&c, (const char *[]){"id", "m", "type", "line", "query", "q", "x", "month", "y", "rate", NULL});
    T_INTEQ(fill(&c, &t, &data, NULL, 0), 0);
    T_CHECK(!data.x_numeric && data.x_ordered);
    q_chart_data_free(&data);
    q_chart_free(&c);
    q_table_free(&t);

    T_CHECK(q_chart_date_like("2013"));
    T_CHECK(q_chart_date_like("FY2013"));
    T_CHECK(q_chart_date_like("2013-07"));
    T_CHECK(q_chart_date_like("2013-07-01"));
    T_CHECK(q_chart_date_like("2013-07-01T12:00:00Z"));
    T_CHECK(q_chart_date_like("2013-Q3"));
    T_CHECK(!q_chart_date_like("201"));
    T_CHECK(!q_chart_date_like("20134"));
    T_CHECK(!q_chart_date_like("2013-7"));
    T_CHECK(!q_chart_date_like("New York"));
    T_CHECK(!q_chart_date_like("2013-Q5"));
}

static void null_x_on_a_numeric_axis(void)
{
    static const char *cols[] = {"x", "y"};
    static const char *cells[] = {"i:1", "i:10", "", "i:20", "i:3", "i:30"};
    q_table t = table(2, cols, 3, cells);
    q_chart c;
    chart(&c, (const char *[]){"id", "s", "type", "scatter", "query", "q", NULL});
    q_chart_data data;
    T_INTEQ(fill(&c, &t, &data, NULL, 0), 0);
    T_CHECK(data.x_numeric);
    T_CHECK(isnan(data.x_num[1]));
    T_CHECK(data.is_null[1] && !data.is_null[0] && !data.is_null[2]);   /* no place for the point */
    q_chart_data_free(&data);
    q_chart_free(&c);
    q_table_free(&t);
}

static void errors(void)
{
    static const char *cols[] = {"fiscal_year", "total", "note"};
    static const char *cells[] = {"i:2008", "i:1", "a", "i:2009", "n/a", "b"};
    q_table t = table(3, cols, 2, cells);
    q_chart c;
    q_chart_data data;
    char msg[512];

    /* unknown columns: exit 2, with the closest name */
    chart(&c, (const char *[]){"id", "e", "type", "bar", "query", "q", "y", "totl", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EUSAGE);
    T_STREQ(msg, "chart 'e': y: query 'q' has no column 'totl'; did you mean 'total'?");
    q_diags d = {0};
    T_INTEQ(q_chart_check_columns(&c, &t, &SRC, &d), -1);   /* the same at check time */
    T_INTEQ(q_diags_code(&d), Q_EUSAGE);
    q_diags_free(&d);
    q_chart_free(&c);
    chart(&c, (const char *[]){"id", "e", "type", "bar", "query", "q", "x", "zzzzzz", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EUSAGE);
    T_STREQ(msg, "chart 'e': x: query 'q' has no column 'zzzzzz' (it has fiscal_year, total, note)");
    q_chart_free(&c);

    /* text that is not a number: exit 1, naming the cell */
    chart(&c, (const char *[]){"id", "e", "type", "bar", "query", "q", "y", "total", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EDATA);
    T_STREQ(msg, "chart 'e': y column 'total' holds 'n/a' in row 2 of query 'q', not a number");
    T_CHECK(data.nrows == 0 && !data.v);   /* left empty */
    q_chart_free(&c);

    /* no column of numbers to draw ('total' holds text): exit 1 */
    chart(&c, (const char *[]){"id", "e", "type", "bar", "query", "q", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EDATA);
    T_STREQ(msg, "chart 'e': query 'q' has no column of numbers besides 'fiscal_year' to draw; name the values "
                 "with y=\"…\"");
    q_chart_free(&c);

    /* a scatter's x must be numbers */
    chart(&c, (const char *[]){"id", "e", "type", "scatter", "query", "q", "x", "note", "y", "fiscal_year", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EDATA);
    T_CHECK(strstr(msg, "x column 'note' holds 'a' in row 1") != NULL);
    q_chart_free(&c);

    /* a bad x-format value: exit 1 */
    chart(&c, (const char *[]){"id", "e", "type", "bar", "query", "q", "x", "note", "y", "fiscal_year", "x-format",
                               "date:%Y", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EDATA);
    q_chart_free(&c);
    q_table_free(&t);

    /* one column only; a pie with two value columns; series that do not match */
    static const char *one[] = {"x"};
    static const char *one_cells[] = {"a"};
    t = table(1, one, 1, one_cells);
    chart(&c, (const char *[]){"id", "e", "type", "bar", "query", "q", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EUSAGE);
    q_chart_free(&c);
    q_table_free(&t);
    static const char *three[] = {"stage", "order", "count"};
    static const char *three_cells[] = {"encountered", "i:1", "i:722000", "charged", "i:2", "i:195000"};
    t = table(3, three, 2, three_cells);
    chart(&c, (const char *[]){"id", "f", "type", "funnel", "query", "q", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EUSAGE);
    T_STREQ(msg, "chart 'f': a funnel chart shows one value column, but query 'q' has 2 (order, count); choose one "
                 "with y=\"…\"");
    q_chart_free(&c);
    chart(&c, (const char *[]){"id", "f", "type", "line", "query", "q", "series", "A,B,C", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), Q_EUSAGE);
    q_chart_free(&c);
    chart(&c, (const char *[]){"id", "f", "type", "funnel", "query", "q", "y", "count", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), 0);
    T_INTEQ(data.nseries, 1);
    q_chart_data_free(&data);
    q_chart_free(&c);

    /* no rows: not an error, nothing to draw */
    t.nrows = 0;
    chart(&c, (const char *[]){"id", "f", "type", "line", "query", "q", NULL});
    T_INTEQ(fill(&c, &t, &data, msg, sizeof msg), 0);
    T_INTEQ(data.nrows, 0);
    T_CHECK(!data.x_numeric && !data.x_ordered);
    q_chart_data_free(&data);
    q_chart_free(&c);
    t.nrows = 2;
    q_table_free(&t);
}

static void svg_title(void)
{
    const char *svg = "<?xml version=\"1.0\"?>\n<!-- <svg> -->\n<svg xmlns=\"x\" a='1>2' width=\"800\">\n<g/></svg>\n";
    size_t n = 0;
    char *out = q_svg_add_title(svg, strlen(svg), "Removals & releases <2016>", "Alt \"text\"\x01.", &n);
    T_STREQ(out, "<?xml version=\"1.0\"?>\n<!-- <svg> -->\n<svg xmlns=\"x\" a='1>2' width=\"800\">\n"
                 "<title>Removals &amp; releases &lt;2016&gt;</title>\n<desc>Alt &quot;text&quot;.</desc>\n<g/></svg>\n");
    T_INTEQ(n, strlen(out));
    free(out);
    out = q_svg_add_title(svg, strlen(svg), NULL, "", &n);   /* nothing to add */
    T_STREQ(out, svg);
    free(out);
    T_CHECK(q_svg_add_title("<svgx/>", 7, "t", NULL, &n) == NULL);
    T_CHECK(q_svg_add_title("<svg/>", 6, "t", NULL, &n) == NULL);
}

int main(void)
{
    years_and_two_series();
    categories_and_dates();
    null_x_on_a_numeric_axis();
    errors();
    svg_title();
    T_DONE();
}
