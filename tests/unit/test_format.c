/* Unit tests for the value formats of SPEC §3.4 (src/expand/format.c). */
#include "expand/format.h"
#include "t.h"
#include <stdint.h>
#include <stdlib.h>

/* Results live in a small ring so several can be compared in one check. */
static char ring[8][512];
static int ring_i;

static const char *run(q_value v, const char *fmt, const q_numfmt *nf)
{
    char *slot = ring[ring_i++ % 8];
    q_buf b = { 0 };
    char err[256] = "";
    if (q_format_value(&v, fmt, nf, &b, err, sizeof err) != 0)
        snprintf(slot, 512, "ERR:%s", err);
    else
        snprintf(slot, 512, "%s", q_buf_str(&b));
    q_buf_free(&b);
    return slot;
}

static q_value I(int64_t i) { q_value v = { .type = QV_INT, .i = i }; return v; }
static q_value R(double r) { q_value v = { .type = QV_REAL, .r = r }; return v; }
static q_value S(const char *s) { q_value v = { .type = QV_TEXT, .s = (char *)s }; return v; }
static q_value N(void) { q_value v = { .type = QV_NULL }; return v; }

static const q_numfmt dflt = { ",", ".", "$", "\xE2\x80\x94", 0 };
#define F(v, fmt) run((v), (fmt), &dflt)
#define MINUS "\xE2\x88\x92"   /* U+2212 */

static const char *check(const char *fmt)
{
    char *slot = ring[ring_i++ % 8];
    char err[256] = "";
    if (q_format_check(fmt, err, sizeof err) != 0)
        snprintf(slot, 512, "ERR:%s", err);
    else
        snprintf(slot, 512, "ok");
    return slot;
}

static void test_spec_table(void)
{
    /* (none) */
    T_STREQ(F(R(0.35171), NULL), "0.35171");
    T_STREQ(F(I(67879), NULL), "67879");
    T_STREQ(F(R(0.35171), ""), "0.35171");
    /* int */
    T_STREQ(F(R(0.35171), "int"), "0");
    T_STREQ(F(I(67879), "int"), "67,879");
    /* num:N */
    T_STREQ(F(R(0.35171), "num:2"), "0.35");
    T_STREQ(F(I(67879), "num:2"), "67,879.00");
    /* pct:N */
    T_STREQ(F(R(0.35171), "pct:1"), "35.2%");
    /* signed */
    T_STREQ(F(R(0.35171), "+pct:1"), "+35.2%");
    T_STREQ(F(I(67879), "+int"), "+67,879");
    T_STREQ(F(I(67879), "+num:1"), "+67,879.0");
    /* compact */
    T_STREQ(F(R(0.35171), "compact"), "0.35");
    T_STREQ(F(I(67879), "compact"), "67.9K");
    T_STREQ(F(I(1200000), "compact"), "1.2M");
    T_STREQ(F(I(217000), "compact"), "217K");
    T_STREQ(F(I(999950), "compact"), "1M");
    /* money */
    T_STREQ(F(R(0.35171), "money:2"), "$0.35");
    T_STREQ(F(I(67879), "money:2"), "$67,879.00");
    T_STREQ(F(I(-5), "money:2"), MINUS "$5.00");
    /* date */
    /* a date's spaces do not break (U+00A0) */
    T_STREQ(F(S("2024-03-05"), "date:%d %B %Y"), "05\xC2\xA0March\xC2\xA0" "2024");
    T_STREQ(F(S("2024-03-05"), "date:%Y-%m-%d"), "2024-03-05");
    /* upper / lower */
    T_STREQ(F(S("Zürich"), "upper"), "ZÜRICH");
}

static void test_none(void)
{
    T_STREQ(F(R(0.1), NULL), "0.1");
    T_STREQ(F(R(67879.0), NULL), "67879");
    T_STREQ(F(R(-2.5), NULL), "-2.5");
    T_STREQ(F(R(1.0 / 3.0), NULL), "0.333333333333333");   /* capped at 15 digits */
    T_STREQ(F(R(0.1 + 0.2), NULL), "0.3");
    T_STREQ(F(R(123456789012345.0), NULL), "123456789012345");
    T_STREQ(F(R(1e14), NULL), "100000000000000");
    T_STREQ(F(R(0.00001), NULL), "0.00001");
    T_STREQ(F(R(0.000123), NULL), "0.000123");
    T_STREQ(F(R(1e15), NULL), "1e+15");
    T_STREQ(F(R(1.5e-7), NULL), "1.5e-07");
    T_STREQ(F(R(-0.0), NULL), "0");
    T_STREQ(F(R(0.0), NULL), "0");
    T_STREQ(F(R(INFINITY), NULL), "Inf");
    T_STREQ(F(I(-42), NULL), "-42");
    T_STREQ(F(I(INT64_MIN), NULL), "-9223372036854775808");
    T_STREQ(F(S("abc, déf"), NULL), "abc, déf");
    T_STREQ(F(S(""), NULL), "");
    /* decimal_sep is not applied to unformatted values */
    q_numfmt eu = { ".", ",", "€", "-", 0 };
    T_STREQ(run(R(1234.5), NULL, &eu), "1234.5");
}

static void test_int(void)
{
    T_STREQ(F(R(-2.5), "int"), MINUS "3");
    T_STREQ(F(R(2.5), "int"), "3");
    T_STREQ(F(R(0.5), "int"), "1");
    T_STREQ(F(R(-0.5), "int"), MINUS "1");
    T_STREQ(F(R(1.4999999), "int"), "1");
    T_STREQ(F(R(-0.4), "int"), "0");           /* never -0 */
    T_STREQ(F(R(999.5), "int"), "1,000");
    T_STREQ(F(I(9007199254740993LL), "int"), "9,007,199,254,740,993");
    T_STREQ(F(I(INT64_MIN), "int"), MINUS "9,223,372,036,854,775,808");
    T_STREQ(F(I(INT64_MAX), "num:2"), "9,223,372,036,854,775,807.00");
    T_STREQ(F(R(1e15), "int"), "1,000,000,000,000,000");
    T_STREQ(F(R(123456789012345.6), "int"), "123,456,789,012,346");
    T_STREQ(F(I(100), "int"), "100");
    T_STREQ(F(I(1000), "int"), "1,000");
    T_STREQ(F(I(0), "int"), "0");
}

static void test_num(void)
{
    T_STREQ(F(R(2.675), "num:2"), "2.67");     /* binary 2.67499... */
    T_STREQ(F(R(1.005), "num:2"), "1.00");     /* binary 1.00499... */
    T_STREQ(F(R(0.125), "num:2"), "0.13");     /* exact tie: away from zero */
    T_STREQ(F(R(-0.125), "num:2"), MINUS "0.13");
    T_STREQ(F(R(0.35171), "num:0"), "0");
    T_STREQ(F(R(0.35171), "num"), "0");        /* num = num:0 */
    T_STREQ(F(I(67879), "num"), "67,879");
    T_STREQ(F(R(9.995), "num:2"), "9.99");     /* binary 9.99499... */
    T_STREQ(F(R(9.9951), "num:2"), "10.00");
    T_STREQ(F(R(0.1), "num:10"), "0.1000000000");
    T_STREQ(F(R(-0.001), "num:2"), "0.00");    /* never -0.00 */
    T_STREQ(F(R(1234567.891), "num:1"), "1,234,567.9");
    T_STREQ(F(R(999999999999999.0), "num:0"), "999,999,999,999,999");
}

static void test_pct(void)
{
    T_STREQ(F(R(0.125), "pct:1"), "12.5%");
    T_STREQ(F(R(0.35171), "pct:0"), "35%");
    T_STREQ(F(R(0.35171), "pct"), "35%");      /* pct = pct:0 */
    T_STREQ(F(R(0.35171), "pct:2"), "35.17%");
    T_STREQ(F(R(12.5), "pct:0"), "1,250%");
    T_STREQ(F(I(1), "pct:1"), "100.0%");
    T_STREQ(F(R(-0.0123), "pct:1"), MINUS "1.2%");
    T_STREQ(F(R(0.0005), "pct:1"), "0.1%");    /* 0.05 rounds up */
    T_STREQ(F(I(INT64_MAX), "pct:0"), "922,337,203,685,477,580,700%");
}

static void test_signed(void)
{
    /* zero has no sign, not even in the signed formats (SPEC §8) */
    T_STREQ(F(I(0), "+int"), "0");
    T_STREQ(F(R(0.0), "+pct:1"), "0.0%");
    T_STREQ(F(R(-0.0), "+pct:1"), "0.0%");
    T_STREQ(F(R(-0.0001), "+pct:1"), "0.0%");  /* rounds to zero: no -0 */
    T_STREQ(F(R(-0.4), "+int"), "0");
    T_STREQ(F(R(0.0004), "+pct:1"), "0.0%");
    T_STREQ(F(R(0.0005), "+pct:1"), "+0.1%");
    T_STREQ(F(R(-0.35171), "+pct:1"), MINUS "35.2%");
    T_STREQ(F(I(-67879), "+int"), MINUS "67,879");
    T_STREQ(F(R(1.5), "+num:2"), "+1.50");
    T_STREQ(F(R(-1.5), "+num:2"), MINUS "1.50");
    T_STREQ(F(R(0.35171), "+num"), "0");
    T_STREQ(F(R(0.5), "+num"), "+1");          /* half away from zero */
    T_STREQ(F(R(0.35171), "+pct"), "+35%");
}

static void test_compact(void)
{
    T_STREQ(F(R(12.5), "compact"), "12.5");
    T_STREQ(F(I(999), "compact"), "999");
    T_STREQ(F(R(999.996), "compact"), "1K");
    T_STREQ(F(R(999.994), "compact"), "999.99");
    T_STREQ(F(R(0.004), "compact"), "0");
    T_STREQ(F(R(-0.004), "compact"), "0");
    T_STREQ(F(R(0.1), "compact"), "0.1");
    T_STREQ(F(I(1000), "compact"), "1K");
    T_STREQ(F(I(1234567), "compact"), "1.23M");
    T_STREQ(F(I(-67879), "compact"), MINUS "67.9K");
    T_STREQ(F(I(1235), "compact"), "1.24K");   /* exact tie: away from zero */
    /* Rounded once, to three digits: to cents first would make 1235.00, then 1.24K. */
    T_STREQ(F(R(1234.996), "compact"), "1.23K");
    T_STREQ(F(R(1234499.5), "compact"), "1.23M");
    T_STREQ(F(I(999499), "compact"), "999K");
    T_STREQ(F(I(2500000000LL), "compact"), "2.5B");
    T_STREQ(F(I(999950000000LL), "compact"), "1T");
    T_STREQ(F(I(1000000000000LL), "compact"), "1T");
    T_STREQ(F(R(1.5e15), "compact"), "1,500T");
    T_STREQ(F(I(100000), "compact"), "100K");
    T_STREQ(F(I(10000), "compact"), "10K");
    T_STREQ(F(R(45678.9), "compact"), "45.7K");
}

static void test_money_compact(void)
{
    T_STREQ(F(I(474000000), "money-compact"), "$474M");
    T_STREQ(F(I(1200000000), "money-compact"), "$1.2B");
    T_STREQ(F(I(950000), "money-compact"), "$950K");
    T_STREQ(F(I(-3400000), "money-compact"), MINUS "$3.4M");
    T_STREQ(F(I(999950), "money-compact"), "$1M");          /* not $1000K */
    T_STREQ(F(I(999949), "money-compact"), "$1M");          /* 999.949K has 3 digits: 1000K */
    T_STREQ(F(I(999499), "money-compact"), "$999K");
    T_STREQ(F(I(999500), "money-compact"), "$1M");          /* 999.5K: 3 digits round up */
    T_STREQ(F(R(999.996), "money-compact"), "$1K");
    T_STREQ(F(R(999.994), "money-compact"), "$999.99");
    T_STREQ(F(R(12.5), "money-compact"), "$12.5");
    T_STREQ(F(I(0), "money-compact"), "$0");
    T_STREQ(F(R(-0.001), "money-compact"), "$0");           /* no sign on zero */
    T_STREQ(F(I(1050000), "money-compact"), "$1.05M");
    /* <report currency-position="after">: "5 €" with a no-break space */
    q_numfmt after = { ".", ",", "\xE2\x82\xAC", "\xE2\x80\x94", 1 };
    T_STREQ(run(I(1234), "money:2", &after), "1.234,00\xC2\xA0\xE2\x82\xAC");
    T_STREQ(run(I(-5), "money:0", &after), MINUS "5\xC2\xA0\xE2\x82\xAC");
    T_STREQ(run(I(474000000), "money-compact", &after), "474M\xC2\xA0\xE2\x82\xAC");
    T_STREQ(run(I(0), "money:0", &after), "0\xC2\xA0\xE2\x82\xAC");
    T_STREQ(F(I(1235000), "money-compact"), "$1.24M");      /* tie: away from zero */
    T_STREQ(F(I(-1235000), "money-compact"), MINUS "$1.24M");
    T_STREQ(F(I(999950000), "money-compact"), "$1B");
    T_STREQ(F(I(999950000000LL), "money-compact"), "$1T");
    T_STREQ(F(I(-67879), "money-compact"), MINUS "$67.9K");
    q_numfmt eu = { ".", ",", "€", "—", 0 };
    T_STREQ(run(I(-3400000), "money-compact", &eu), MINUS "€3,4M");
    T_STREQ(F(I(474000), "number-compact"), "474K");
    T_STREQ(F(I(-474000), "number-compact"), MINUS "474K");
    T_STREQ(F(N(), "money-compact"), "\xE2\x80\x94");
    T_STREQ(F(S("abc"), "money-compact"), "ERR:'abc' is not a number");
    T_STREQ(check("money-compact:1"), "ERR:unknown format 'money-compact:1'");
    T_STREQ(check("+money-compact"), "ERR:unknown format '+money-compact'");
}

/* Every numeric format signs a negative value with U+2212, never '-'. */
static void test_minus_sign(void)
{
    const char *fmts[] = { "int", "num:2", "pct:1", "+pct:1", "+num:1", "+int", "compact",
                           "number-compact", "money", "money:0", "money-compact" };
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        const char *s = F(R(-1234.5), fmts[i]);
        T_CHECK(strncmp(s, MINUS, 3) == 0);
        T_CHECK(strchr(s, '-') == NULL);
        s = F(I(-7), fmts[i]);
        T_CHECK(strncmp(s, MINUS, 3) == 0);
    }
    /* Unformatted values and text stay as stored: '-' there is data. */
    T_STREQ(F(I(-42), NULL), "-42");
    T_STREQ(F(S("-5"), "upper"), "-5");
}

static void test_money(void)
{
    T_STREQ(F(I(67879), "money"), "$67,879.00");   /* money = money:2 */
    T_STREQ(F(I(67879), "money:0"), "$67,879");
    T_STREQ(F(R(-5), "money"), MINUS "$5.00");
    T_STREQ(F(R(-0.001), "money"), "$0.00");
    T_STREQ(F(R(1234.5678), "money:3"), "$1,234.568");
    q_numfmt eu = { ".", ",", "€", "—", 0 };
    T_STREQ(run(R(-1234.5), "money", &eu), MINUS "€1.234,50");
}

static void test_separators(void)
{
    q_numfmt de = { ".", ",", "$", "—", 0 };
    T_STREQ(run(I(67879), "num:2", &de), "67.879,00");
    T_STREQ(run(I(67879), "int", &de), "67.879");
    T_STREQ(run(R(0.35171), "pct:1", &de), "35,2%");
    T_STREQ(run(I(67879), "compact", &de), "67,9K");
    T_STREQ(run(R(12.5), "compact", &de), "12,5");
    T_STREQ(run(I(67879), "money", &de), "$67.879,00");
    T_STREQ(run(I(67879), "+int", &de), "+67.879");
    q_numfmt thin = { "\xE2\x80\x89", ".", "$", "—", 0 };   /* U+2009 */
    T_STREQ(run(I(1234567), "int", &thin), "1\xE2\x80\x89" "234\xE2\x80\x89" "567");
    q_numfmt none = { "", ".", "$", "—", 0 };
    T_STREQ(run(I(1234567), "num:1", &none), "1234567.0");
    /* NULL members and a NULL q_numfmt fall back to the defaults */
    q_numfmt partial = { NULL, ",", NULL, NULL, 0 };
    T_STREQ(run(I(1234), "money", &partial), "$1,234,00");
    T_STREQ(run(I(1234), "num:1", NULL), "1,234.0");
    T_STREQ(run(N(), "int", NULL), "\xE2\x80\x94");
}

static void test_null(void)
{
    const char *fmts[] = { NULL, "", "int", "num:2", "pct:1", "+pct:1", "+int", "compact",
                           "money", "date:%Y", "upper", "lower" };
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++)
        T_STREQ(F(N(), fmts[i]), "\xE2\x80\x94");
    q_numfmt n = { ",", ".", "$", "n/a", 0 };
    T_STREQ(run(N(), "num:2", &n), "n/a");
    T_STREQ(run(N(), NULL, &n), "n/a");
}

static void test_text_numbers(void)
{
    T_STREQ(F(S("67879"), "int"), "67,879");
    T_STREQ(F(S("  0.35171 "), "pct:1"), "35.2%");
    T_STREQ(F(S("-5"), "money"), MINUS "$5.00");
    T_STREQ(F(S("1e3"), "compact"), "1K");
    T_STREQ(F(S("9007199254740993"), "int"), "9,007,199,254,740,993");
    T_STREQ(F(S("+12"), "+int"), "+12");
    T_STREQ(F(S("99999999999999999999"), "int"), "100,000,000,000,000,000,000");
    T_STREQ(F(S("abc"), "int"), "ERR:'abc' is not a number");
    T_STREQ(F(S("12abc"), "num:2"), "ERR:'12abc' is not a number");
    T_STREQ(F(S(""), "num:2"), "ERR:'' is not a number");
    T_STREQ(F(S("   "), "compact"), "ERR:'   ' is not a number");
    T_STREQ(F(S("inf"), "money"), "ERR:'inf' is not a number");
    T_STREQ(F(S("nan"), "pct:1"), "ERR:'nan' is not a number");
    T_STREQ(F(S("1e999"), "int"), "ERR:'1e999' is not a number");
    T_STREQ(F(R(INFINITY), "int"), "ERR:'Inf' is not a number");
    T_STREQ(F(R(-INFINITY), "num:2"), "ERR:'-Inf' is not a number");
    T_STREQ(F(R(NAN), "compact"), "ERR:'NaN' is not a number");
}

static void test_date(void)
{
    T_STREQ(F(S("2024-01-15"), "date:%Y-%m-%d"), "2024-01-15");
    T_STREQ(F(S("2024-01-15"), "date:%A %e %b"), "Monday\xC2\xA0" "15\xC2\xA0Jan");
    T_STREQ(F(S("2000-02-29"), "date:%a %d/%m/%y %j"), "Tue\xC2\xA0" "29/02/00\xC2\xA0" "060");
    T_STREQ(F(S("2024-12-31"), "date:%j %A"), "366\xC2\xA0Tuesday");
    T_STREQ(F(S("1970-01-01"), "date:%A"), "Thursday");
    T_STREQ(F(S("2024-03-05T14:07:09"), "date:%H:%M:%S"), "14:07:09");
    T_STREQ(F(S("2024-03-05 14:07"), "date:%d %b %Y, %H:%M"), "05\xC2\xA0Mar\xC2\xA0" "2024,\xC2\xA0" "14:07");
    T_STREQ(F(S("2024-03-05T14:07:09.123Z"), "date:%I %p"), "02\xC2\xA0PM");
    T_STREQ(F(S("2024-03-05T14:07:09+02:00"), "date:%z"), "+0200");
    T_STREQ(F(S("2024-03-05"), "date:%%"), "%");
    T_STREQ(F(S("2024-03-05"), "date:Q1 %Y"), "Q1\xC2\xA0" "2024");
    T_STREQ(F(S("2024-02-30"), "date:%Y"), "ERR:'2024-02-30' is not a date (YYYY-MM-DD)");
    T_STREQ(F(S("2023-02-29"), "date:%Y"), "ERR:'2023-02-29' is not a date (YYYY-MM-DD)");
    T_STREQ(F(S("2024-13-01"), "date:%Y"), "ERR:'2024-13-01' is not a date (YYYY-MM-DD)");
    T_STREQ(F(S("2024-1-5"), "date:%Y"), "ERR:'2024-1-5' is not a date (YYYY-MM-DD)");
    T_STREQ(F(S("2024-03-05T25:00"), "date:%Y"), "ERR:'2024-03-05T25:00' is not a date (YYYY-MM-DD)");
    T_STREQ(F(S("2024-03-05x"), "date:%Y"), "ERR:'2024-03-05x' is not a date (YYYY-MM-DD)");
    T_STREQ(F(S("yesterday"), "date:%Y"), "ERR:'yesterday' is not a date (YYYY-MM-DD)");
    T_STREQ(F(I(20240305), "date:%Y"), "ERR:'20240305' is not a date (YYYY-MM-DD)");
    /* A long expansion (more than the first buffer) is complete. */
    char pat[700] = "date:";
    for (int i = 0; i < 300; i++)
        strcat(pat, "%B");
    q_buf b = { 0 };
    q_value v = S("2024-09-01");
    char err[128];
    T_INTEQ(q_format_value(&v, pat, &dflt, &b, err, sizeof err), 0);
    T_INTEQ(b.n, 300 * 9);
    T_CHECK(b.n >= 18 && strncmp(b.s, "SeptemberSeptember", 18) == 0);
    q_buf_free(&b);
}

static void test_case(void)
{
    T_STREQ(F(S("ÉCOLE"), "lower"), "école");
    T_STREQ(F(S("Zürich"), "lower"), "zürich");
    /* Full case mapping (SpecialCasing), not one character for one. */
    T_STREQ(F(S("Straße ñ ω"), "upper"), "STRASSE Ñ Ω");
    T_STREQ(F(S("ǆemal ǅ"), "upper"), "ǄEMAL Ǆ");           /* dž digraph, titlecase too */
    T_STREQ(F(S("ﬁnance ŉ ΐ"), "upper"), "FINANCE \xCA\xBCN \xCE\x99\xCC\x88\xCC\x81");  /* ligature, two and three code points */
    T_STREQ(F(S("ΟΔΟΣ ΟΔΟΣ."), "lower"), "οδος οδος.");       /* final sigma */
    T_STREQ(F(S("ΣΑ"), "lower"), "σα");                      /* not final */
    T_STREQ(F(S("İ"), "lower"), "i̇");                        /* İ: i + combining dot */
    T_STREQ(F(S("ǄEMAL"), "lower"), "ǆemal");
    T_STREQ(F(S("mixed Case 123"), "upper"), "MIXED CASE 123");
    T_STREQ(F(S("bad\xFFz"), "upper"), "BAD\xFFZ");      /* invalid byte kept */
    T_STREQ(F(S("emoji \xF0\x9F\x98\x80 x"), "upper"), "EMOJI \xF0\x9F\x98\x80 X");
    T_STREQ(F(I(67879), "upper"), "67879");
    T_STREQ(F(R(1.5e-7), "upper"), "1.5E-07");          /* plain text, mapped */
    T_STREQ(F(R(INFINITY), "lower"), "inf");
}

static void test_errors(void)
{
    T_STREQ(F(I(1), "xyz"), "ERR:unknown format 'xyz'");
    T_STREQ(F(I(1), "num:x"), "ERR:bad decimals in format 'num:x' (want 0 to 10)");
    T_STREQ(check("ok"), "ERR:unknown format 'ok'");
    T_STREQ(check(NULL), "ok");
    T_STREQ(check(""), "ok");
    const char *good[] = { "int", "+int", "num", "num:0", "num:10", "+num:3", "pct", "pct:1",
                           "+pct:2", "compact", "number-compact", "money-compact", "money", "money:0", "date:%Y-%m-%d",
                           "date:%H:%M", "upper", "lower" };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        T_STREQ(check(good[i]), "ok");
    T_STREQ(check("num:11"), "ERR:bad decimals in format 'num:11' (want 0 to 10)");
    T_STREQ(check("pct:"), "ERR:bad decimals in format 'pct:' (want 0 to 10)");
    T_STREQ(check("money:-1"), "ERR:bad decimals in format 'money:-1' (want 0 to 10)");
    T_STREQ(check("+pct:1x"), "ERR:bad decimals in format '+pct:1x' (want 0 to 10)");
    T_STREQ(check("num:0010"), "ERR:bad decimals in format 'num:0010' (want 0 to 10)");
    T_STREQ(check("date"), "ERR:format 'date' needs a pattern, e.g. date:%Y-%m-%d");
    T_STREQ(check("date:"), "ERR:format 'date' needs a pattern, e.g. date:%Y-%m-%d");
    T_STREQ(check("int:2"), "ERR:unknown format 'int:2'");
    T_STREQ(check("+compact"), "ERR:unknown format '+compact'");
    T_STREQ(check("+money"), "ERR:unknown format '+money'");
    T_STREQ(check("compact:1"), "ERR:unknown format 'compact:1'");
    T_STREQ(check("upper:x"), "ERR:unknown format 'upper:x'");
    T_STREQ(check("Int"), "ERR:unknown format 'Int'");
    T_STREQ(check("+"), "ERR:unknown format '+'");
    /* An error leaves the output untouched, and a NULL err is tolerated. */
    q_buf b = { 0 };
    q_value v = S("abc");
    T_INTEQ(q_format_value(&v, "int", &dflt, &b, NULL, 0), -1);
    T_INTEQ(b.n, 0);
    T_INTEQ(q_format_check("bogus", NULL, 0), -1);
    q_buf_free(&b);
}

static void test_appends(void)
{
    q_buf b = { 0 };
    q_buf_puts(&b, "Total: ");
    q_value v = I(1500);
    char err[64];
    T_INTEQ(q_format_value(&v, "money", &dflt, &b, err, sizeof err), 0);
    T_STREQ(q_buf_str(&b), "Total: $1,500.00");
    q_buf_free(&b);
}

int main(void)
{
    test_spec_table();
    test_none();
    test_int();
    test_num();
    test_pct();
    test_signed();
    test_compact();
    test_money();
    test_money_compact();
    test_minus_sign();
    test_separators();
    test_null();
    test_text_numbers();
    test_date();
    test_case();
    test_errors();
    test_appends();
    T_DONE();
}
