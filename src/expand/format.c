/* Value formats of SPEC §3.4.
 *
 * Numbers are formatted through a decimal digit string (qdec) rather than
 * printf's rounding, so that rounding is half away from zero everywhere,
 * int64 values stay exact, and grouping and marks are applied afterwards.
 *
 * Decisions where the spec is silent:
 *  - `num` alone is num:0, `pct` alone is pct:0, `money` alone is money:2;
 *    `int` is num:0. `date` needs a pattern (date:FMT).
 *  - Exact ties round half away from zero in every numeric format, not
 *    only `int` (0.125 num:2 -> 0.13), for one rule across formats. Values
 *    that are only near a tie in decimal (2.675 = 2.67499... in binary)
 *    round by their exact binary value, as printf does.
 *  - A negative formatted number starts with the minus sign U+2212 (SPEC
 *    §8): as wide as '+' and the figures, so signed columns align; the
 *    PDF's text maps it back to '-' for copying. Unformatted values keep
 *    what is stored.
 *  - money-compact is compact with the currency symbol, sign before it
 *    (−$3.4M); number-compact is another name for compact.
 *  - A result that rounds to zero has no sign ("0", "$0.00"), and "+0" in
 *    the signed formats: never "-0".
 *  - Unformatted REAL: -0.0 prints "0"; infinities "Inf"/"-Inf", NaN "NaN".
 *    Outside 1e-5 <= |x| < 1e15 it uses C's exponent form ("1e+15").
 *  - compact stops at T: 1.5e15 -> "1,500T" (grouped, no decimals).
 *  - Numeric TEXT: surrounding white space is allowed; a plain integer that
 *    fits int64 is taken exactly, anything else strtod accepts (in the C
 *    locale) is taken as a double.
 *  - date: the text may be followed by T or a space and HH:MM[:SS[.frac]]
 *    and a zone (Z, +HH:MM, +HHMM); the zone only feeds %z. Years 1..9999.
 *  - upper/lower on a number case-map its unformatted text.
 */
#include "expand/format.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_DECIMALS = 10 };

typedef enum { F_NONE, F_NUM, F_PCT, F_COMPACT, F_MONEY, F_MONEY_COMPACT, F_DATE, F_UPPER, F_LOWER } fkind;

typedef struct {
    fkind kind;
    int decimals;
    int plus;              /* always signed */
    const char *pattern;   /* date:FMT */
} fspec;

/* nf with NULL members (or nf itself NULL) replaced by the spec defaults. */
typedef struct {
    const char *group, *dec, *cur, *null_text;
    int cur_after;         /* "5 €" rather than "€5" */
} marks;


static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* ---- format specs ---- */

/* Parses "N" (0..10) after "name:"; "name" alone takes dflt. */
static int parse_decimals(const char *fmt, const char *arg, int dflt, int *out,
                          char *err, size_t errsz)
{
    if (!arg) {
        *out = dflt;
        return 0;
    }
    int v = 0, k = 0;
    for (; arg[k]; k++) {
        if (!is_digit(arg[k]) || k >= 3)
            break;
        v = v * 10 + (arg[k] - '0');
    }
    if (k == 0 || arg[k] || v > MAX_DECIMALS) {
        q_seterr(err, errsz, "bad decimals in format '%s' (want 0 to %d)", fmt, MAX_DECIMALS);
        return -1;
    }
    *out = v;
    return 0;
}

/* strftime pads a field to any width asked ("%1000000Y"): a pattern
 * whose widths pass this is refused rather than printed as nothing. */
enum { MAX_DATE_WIDTH = 64 };

static int date_widths_ok(const char *fmt, const char *pat, char *err, size_t errsz)
{
    for (const char *p = pat; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        while (*p && strchr("_-0^#", *p))
            p++;
        long w = 0;
        while (is_digit(*p) && w <= MAX_DATE_WIDTH)
            w = w * 10 + (*p++ - '0');
        if (w > MAX_DATE_WIDTH) {
            q_seterr(err, errsz, "format '%s': a field width above %d", fmt, MAX_DATE_WIDTH);
            return -1;
        }
        if (!*p)
            break;
    }
    return 0;
}

static int parse_spec(const char *fmt, fspec *fs, char *err, size_t errsz)
{
    memset(fs, 0, sizeof *fs);
    if (!fmt || !*fmt) {
        fs->kind = F_NONE;
        return 0;
    }
    const char *name = fmt;
    if (*name == '+') {
        fs->plus = 1;
        name++;
    }
    const char *colon = strchr(name, ':');
    size_t nlen = colon ? (size_t)(colon - name) : strlen(name);
    const char *arg = colon ? colon + 1 : NULL;
#define IS(s) (nlen == sizeof(s) - 1 && memcmp(name, s, nlen) == 0)
    if (IS("date") && !fs->plus) {
        if (!arg || !*arg) {
            q_seterr(err, errsz, "format 'date' needs a pattern, e.g. date:%%Y-%%m-%%d");
            return -1;
        }
        fs->kind = F_DATE;
        fs->pattern = arg;   /* may itself contain ':' */
        return date_widths_ok(fmt, arg, err, errsz);
    }
    if (IS("int") && !arg) {
        fs->kind = F_NUM;
        return 0;
    }
    if (IS("num") || IS("pct")) {
        fs->kind = IS("num") ? F_NUM : F_PCT;
        return parse_decimals(fmt, arg, 0, &fs->decimals, err, errsz);
    }
    if (!fs->plus && !arg) {
        if (IS("compact") || IS("number-compact")) { fs->kind = F_COMPACT; return 0; }
        if (IS("money-compact")) { fs->kind = F_MONEY_COMPACT; return 0; }
        if (IS("upper")) { fs->kind = F_UPPER; return 0; }
        if (IS("lower")) { fs->kind = F_LOWER; return 0; }
    }
    if (IS("money") && !fs->plus) {
        fs->kind = F_MONEY;
        return parse_decimals(fmt, arg, 2, &fs->decimals, err, errsz);
    }
#undef IS
    q_seterr(err, errsz, "unknown format '%s'", fmt);
    return -1;
}

int q_format_check(const char *fmt, char *err, size_t errsz)
{
    fspec fs;
    return parse_spec(fmt, &fs, err, errsz);
}

int q_format_info(const char *fmt, q_fmtinfo *fi)
{
    fspec fs;
    char err[8];
    memset(fi, 0, sizeof *fi);
    if (parse_spec(fmt, &fs, err, sizeof err) != 0)
        return -1;
    fi->pct = fs.kind == F_PCT;
    fi->num = fs.kind == F_NUM;
    fi->plus = fs.plus;
    fi->decimals = fs.decimals;
    return 0;
}

/* ---- decimal digit strings ---- */

/* Enough fraction digits that truncating the printed expansion of a double
 * at <= 13 decimals (pct:10) equals truncating its exact value: a double
 * that is not an exact 13-decimal number is at least ~1e-43 away from one. */
enum { DEC_FRAC = 70, DEC_CAP = 512 };

typedef struct {
    int neg;
    int ip;             /* digits before the point; >= 1, no leading zeros but one */
    int n;              /* digits in all */
    char d[DEC_CAP];
} qdec;

static void dec_trim_lead(qdec *q)
{
    int k = 0;
    while (k < q->ip - 1 && q->d[k] == '0')
        k++;
    if (k) {
        memmove(q->d, q->d + k, (size_t)(q->n - k));
        q->ip -= k;
        q->n -= k;
    }
}

static void dec_from_i64(qdec *q, int64_t v)
{
    /* Unsigned negation keeps INT64_MIN exact. */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char tmp[24];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    q->neg = v < 0;
    q->ip = q->n = k;
    for (int j = 0; j < k; j++)
        q->d[j] = tmp[k - 1 - j];
}

static void dec_from_double(qdec *q, double x)
{
    /* glibc prints the exact binary value; any non-digit is the decimal
     * point (whatever LC_NUMERIC a host program may have set). */
    char buf[DEC_CAP];
    snprintf(buf, sizeof buf, "%.*f", DEC_FRAC, fabs(x));
    q->neg = signbit(x) != 0;
    q->ip = q->n = 0;
    int frac = 0;
    for (const char *p = buf; *p && q->n < DEC_CAP - 32; p++) {
        if (is_digit(*p)) {
            q->d[q->n++] = *p;
            if (!frac)
                q->ip++;
        } else {
            frac = 1;
        }
    }
    if (q->ip == 0) {   /* cannot happen with %f, but keep ip >= 1 */
        memmove(q->d + 1, q->d, (size_t)q->n);
        q->d[0] = '0';
        q->ip = 1;
        q->n++;
    }
    dec_trim_lead(q);
}

/* Multiplies by 10^k (k may be negative) by moving the point. */
static void dec_shift(qdec *q, int k)
{
    q->ip += k;
    while (q->n < q->ip)
        q->d[q->n++] = '0';
    if (q->ip < 1) {
        int z = 1 - q->ip;
        memmove(q->d + z, q->d, (size_t)q->n);
        memset(q->d, '0', (size_t)z);
        q->n += z;
        q->ip = 1;
    }
    dec_trim_lead(q);
}

/* Rounds the magnitude to nd decimals, half away from zero: on the exact
 * expansion that is "round up iff the next digit is >= 5". */
static void dec_round(qdec *q, int nd)
{
    int keep = q->ip + nd;
    if (q->n <= keep) {
        while (q->n < keep)
            q->d[q->n++] = '0';
        return;
    }
    int up = q->d[keep] >= '5';
    q->n = keep;
    if (!up)
        return;
    int i = keep - 1;
    for (; i >= 0; i--) {
        if (q->d[i] == '9') {
            q->d[i] = '0';
        } else {
            q->d[i]++;
            break;
        }
    }
    if (i < 0) {   /* carried out of the top digit: 99.9 -> 100.0 */
        memmove(q->d + 1, q->d, (size_t)q->n);
        q->d[0] = '1';
        q->n++;
        q->ip++;
    }
}

static int dec_is_zero(const qdec *q)
{
    for (int i = 0; i < q->n; i++)
        if (q->d[i] != '0')
            return 0;
    return 1;
}

static void put_dec(q_buf *out, const qdec *q, int plus, const char *cur,
                    const char *suffix, const marks *m)
{
    /* Zero has no sign, not even in the signed formats (SPEC §8). */
    if (q->neg && !dec_is_zero(q))
        q_buf_puts(out, "\xE2\x88\x92");   /* U+2212 minus sign */
    else if (plus && !dec_is_zero(q))
        q_buf_putc(out, '+');
    if (cur && !m->cur_after)
        q_buf_puts(out, cur);
    size_t gl = strlen(m->group);
    for (int i = 0; i < q->ip; i++) {
        if (i > 0 && gl && (q->ip - i) % 3 == 0)
            q_buf_add(out, m->group, gl);
        q_buf_putc(out, q->d[i]);
    }
    if (q->n > q->ip) {
        q_buf_puts(out, m->dec);
        q_buf_add(out, q->d + q->ip, (size_t)(q->n - q->ip));
    }
    if (suffix)
        q_buf_puts(out, suffix);
    if (cur && m->cur_after) {
        q_buf_puts(out, "\xC2\xA0");   /* no-break space: "5 €" never splits */
        q_buf_puts(out, cur);
    }
}

static void put_compact(q_buf *out, qdec *q, const char *cur, const marks *m)
{
    static const char *const units[] = { NULL, "K", "M", "B", "T" };
    int u = 0;
    if (q->ip < 4) {   /* below 1,000 */
        dec_round(q, 2);
        if (q->ip >= 4) {   /* 999.996 -> 1000.00 -> 1K */
            u = 1;
            dec_shift(q, -3);
            dec_round(q, 2);
        }
    } else {
        u = (q->ip - 1) / 3;
        if (u > 4)
            u = 4;
        dec_shift(q, -3 * u);
        int nd = 3 - q->ip;   /* 3 significant digits */
        dec_round(q, nd < 0 ? 0 : nd);
        if (q->ip == 4 && u < 4) {   /* 999.95K -> 1000K -> 1M */
            u++;
            dec_shift(q, -3);
            dec_round(q, 2);
        }
    }
    while (q->n > q->ip && q->d[q->n - 1] == '0')
        q->n--;
    put_dec(out, q, 0, cur, units[u], m);
}

/* ---- unformatted values ---- */

/* Shortest %.Ne (N <= 15 digits) that reads back the same, laid out as
 * plain decimal for ordinary magnitudes. */
static void put_real_plain(q_buf *out, double x)
{
    if (isnan(x)) {
        q_buf_puts(out, "NaN");
        return;
    }
    if (isinf(x)) {
        q_buf_puts(out, x < 0 ? "-Inf" : "Inf");
        return;
    }
    if (x == 0) {
        q_buf_putc(out, '0');
        return;
    }
    char buf[64];
    for (int p = 1; p <= 15; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        if (strtod(buf, NULL) == x)   /* same locale as snprintf: consistent */
            break;
    }
    char dig[20];
    int nd = 0, e = 0, eneg = 0;
    const char *p = buf;
    if (*p == '-')
        p++;
    for (; *p && *p != 'e'; p++)
        if (is_digit(*p) && nd < 19)
            dig[nd++] = *p;
    if (*p == 'e') {
        p++;
        if (*p == '-' || *p == '+')
            eneg = *p++ == '-';
        for (; is_digit(*p); p++)
            e = e * 10 + (*p - '0');
        if (eneg)
            e = -e;
    }
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    if (x < 0)
        q_buf_putc(out, '-');
    if (e < -5 || e >= 15) {
        q_buf_putc(out, dig[0]);
        if (nd > 1) {
            q_buf_putc(out, '.');
            q_buf_add(out, dig + 1, (size_t)nd - 1);
        }
        q_buf_printf(out, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (e >= 0) {
        for (int i = 0; i <= e; i++)
            q_buf_putc(out, i < nd ? dig[i] : '0');
        if (nd > e + 1) {
            q_buf_putc(out, '.');
            q_buf_add(out, dig + e + 1, (size_t)(nd - e - 1));
        }
    } else {
        q_buf_puts(out, "0.");
        for (int i = 0; i < -e - 1; i++)
            q_buf_putc(out, '0');
        q_buf_add(out, dig, (size_t)nd);
    }
}

static void put_plain(q_buf *out, const q_value *v)
{
    switch (v->type) {
    case QV_INT:
        q_buf_printf(out, "%lld", (long long)v->i);
        break;
    case QV_REAL:
        put_real_plain(out, v->r);
        break;
    case QV_TEXT:
        q_buf_puts(out, v->s ? v->s : "");
        break;
    case QV_NULL:
        break;
    }
}

/* ---- numeric input ---- */

/* Turns v into a qdec: INT exactly, REAL via its exact expansion, TEXT if
 * the whole (trimmed) text is a number. */
static int get_number(const q_value *v, qdec *q, char *err, size_t errsz)
{
    if (v->type == QV_INT) {
        dec_from_i64(q, v->i);
        return 0;
    }
    if (v->type == QV_REAL) {
        if (!isfinite(v->r)) {
            q_seterr(err, errsz, "'%s' is not a number",
                   isnan(v->r) ? "NaN" : v->r < 0 ? "-Inf" : "Inf");
            return -1;
        }
        dec_from_double(q, v->r);
        return 0;
    }
    const char *s = v->s ? v->s : "";
    const char *b = s, *e = s + strlen(s);
    while (b < e && is_space(*b))
        b++;
    while (e > b && is_space(e[-1]))
        e--;
    if (b == e)
        goto bad;
    size_t len = (size_t)(e - b);
    char small[64];
    char *t = len < sizeof small ? small : q_xmalloc(len + 1);
    memcpy(t, b, len);
    t[len] = 0;
    int ok = 0;
    /* A plain integer keeps int64 precision (no trip through double). */
    size_t k = (t[0] == '-' || t[0] == '+') ? 1 : 0;
    if (k < len && strspn(t + k, "0123456789") == len - k) {
        errno = 0;
        char *end;
        long long ll = strtoll(t, &end, 10);
        if (errno == 0 && *end == 0) {
            dec_from_i64(q, ll);
            ok = 1;
        }
    }
    if (!ok) {
        /* Data uses '.', whatever locale a host program may have set. */
        locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
        char *end;
        double d = c ? strtod_l(t, &end, c) : strtod(t, &end);
        if (c)
            freelocale(c);
        if (end != t && *end == 0 && isfinite(d)) {
            dec_from_double(q, d);
            ok = 1;
        }
    }
    if (t != small)
        free(t);
    if (ok)
        return 0;
bad:
    q_seterr(err, errsz, "'%s' is not a number", s);
    return -1;
}

int q_value_number(const q_value *v, double *x)
{
    if (v->type == QV_INT) {
        *x = (double)v->i;
        return 0;
    }
    if (v->type == QV_REAL) {
        *x = v->r;
        return 0;
    }
    if (v->type != QV_TEXT || !v->s)
        return -1;
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    char *end;
    double d = c ? strtod_l(v->s, &end, c) : strtod(v->s, &end);
    if (c)
        freelocale(c);
    while (is_space(*end))
        end++;
    if (end == v->s || *end || !isfinite(d))
        return -1;
    *x = d;
    return 0;
}

/* ---- dates ---- */

static int digits(const char *p, const char *e, int n)
{
    if (e - p < n)
        return -1;
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static int is_leap(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

/* Parses an ISO date/time in [p, e) into tm (weekday and yearday filled). */
static int parse_iso(const char *p, const char *e, struct tm *tm)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    memset(tm, 0, sizeof *tm);
    int y = digits(p, e, 4);
    if (y < 1 || e - p < 10 || p[4] != '-' || p[7] != '-')
        return -1;
    int mo = digits(p + 5, e, 2), d = digits(p + 8, e, 2);
    if (mo < 1 || mo > 12 || d < 1)
        return -1;
    if (d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
        return -1;
    p += 10;
    int h = 0, mi = 0, s = 0;
    long off = 0;
    if (p < e) {
        if (*p != 'T' && *p != ' ')
            return -1;
        p++;
        h = digits(p, e, 2);
        if (h < 0 || h > 23 || e - p < 5 || p[2] != ':')
            return -1;
        mi = digits(p + 3, e, 2);
        if (mi < 0 || mi > 59)
            return -1;
        p += 5;
        if (p < e && *p == ':') {
            s = digits(p + 1, e, 2);
            if (s < 0 || s > 60)   /* 60: leap second */
                return -1;
            p += 3;
            if (p < e && *p == '.') {
                const char *f = ++p;
                while (p < e && is_digit(*p))
                    p++;
                if (p == f)
                    return -1;
            }
        }
        if (p < e && *p == 'Z') {
            p++;
        } else if (p < e && (*p == '+' || *p == '-')) {
            int sign = *p++ == '-' ? -1 : 1;
            int oh = digits(p, e, 2), om;
            if (oh < 0 || oh > 23)
                return -1;
            p += 2;
            if (p < e && *p == ':')
                p++;
            om = digits(p, e, 2);
            if (om < 0 || om > 59)
                return -1;
            p += 2;
            off = sign * (oh * 3600L + om * 60L);
        }
        if (p != e)
            return -1;
    }
    int yday = d - 1;
    for (int i = 0; i < mo - 1; i++)
        yday += mdays[i];
    if (mo > 2 && is_leap(y))
        yday++;
    /* Days since 0001-01-01 (proleptic Gregorian), which was a Monday. */
    long py = y - 1;
    long days = py * 365 + py / 4 - py / 100 + py / 400 + yday;
    tm->tm_year = y - 1900;
    tm->tm_mon = mo - 1;
    tm->tm_mday = d;
    tm->tm_hour = h;
    tm->tm_min = mi;
    tm->tm_sec = s;
    tm->tm_yday = yday;
    tm->tm_wday = (int)((days + 1) % 7);
    tm->tm_isdst = 0;
    tm->tm_gmtoff = off;
    tm->tm_zone = off ? "" : "UTC";
    return 0;
}

static int put_date(q_buf *out, const q_value *v, const char *pattern,
                    char *err, size_t errsz)
{
    struct tm tm;
    const char *s = v->type == QV_TEXT && v->s ? v->s : NULL;
    const char *b = s, *e = s ? s + strlen(s) : NULL;
    if (s) {
        while (b < e && is_space(*b))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
    }
    if (!s || parse_iso(b, e, &tm) != 0) {
        q_buf tmp = { 0 };
        put_plain(&tmp, v);
        q_seterr(err, errsz, "'%s' is not a date (YYYY-MM-DD)", q_buf_str(&tmp));
        q_buf_free(&tmp);
        return -1;
    }
    /* strftime's %s reads the process's TZ (through mktime); dates are UTC
     * (SPEC §8), so %s is replaced here by the seconds since the epoch. A
     * trailing sentinel makes the output never empty, so a 0 return from
     * strftime always means "buffer too small". */
    struct tm utc = tm;
    long long epoch = (long long)timegm(&utc) - tm.tm_gmtoff;
    q_buf pb = {0};
    for (const char *p = pattern; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            q_buf_printf(&pb, "%lld", epoch);
            p++;
        } else if (p[0] == '%' && p[1]) {
            q_buf_add(&pb, p, 2);
            p++;
        } else {
            q_buf_putc(&pb, *p);
        }
    }
    q_buf_putc(&pb, '#');
    size_t plen = pb.n;
    char *pat = q_buf_take(&pb);
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    size_t cap = 128 + plen * 4, n = 0;
    char *buf = NULL;
    for (; cap <= (1u << 20) + plen * 64; cap *= 2) {
        buf = q_xrealloc(buf, cap);
        n = c ? strftime_l(buf, cap, pat, &tm, c) : strftime(buf, cap, pat, &tm);
        if (n)
            break;
    }
    if (c)
        freelocale(c);
    /* A date is one unit: its spaces do not break ("Jan 2014" is never
     * split across lines, in a table cell or in text). */
    for (size_t i = 0; n && i + 1 < n; i++) {
        if (buf[i] == ' ')
            q_buf_puts(out, "\xC2\xA0");
        else
            q_buf_putc(out, buf[i]);
    }
    if (!n)
        q_seterr(err, errsz, "date pattern '%s' makes more than 1 MiB of text", pattern);
    free(buf);
    free(pat);
    return n ? 0 : -1;
}

/* ---- case mapping: textcase.c ---- */

/* ---- entry point ---- */

int q_format_value(const q_value *v, const char *fmt, const q_numfmt *nf,
                   q_buf *out, char *err, size_t errsz)
{
    fspec fs;
    if (parse_spec(fmt, &fs, err, errsz) != 0)
        return -1;
    marks m = { ",", ".", "$", "\xE2\x80\x94", 0 };   /* U+2014 em dash */
    if (nf) {
        if (nf->group_sep) m.group = nf->group_sep;
        if (nf->decimal_sep) m.dec = nf->decimal_sep;
        if (nf->currency) m.cur = nf->currency;
        if (nf->null_text) m.null_text = nf->null_text;
        m.cur_after = nf->currency_after;
    }
    if (v->type == QV_NULL) {
        q_buf_puts(out, m.null_text);
        return 0;
    }
    switch (fs.kind) {
    case F_NONE:
        put_plain(out, v);
        return 0;
    case F_UPPER:
    case F_LOWER: {
        q_buf tmp = { 0 };
        put_plain(&tmp, v);
        q_text_case(out, q_buf_str(&tmp), fs.kind == F_UPPER);
        q_buf_free(&tmp);
        return 0;
    }
    case F_DATE:
        return put_date(out, v, fs.pattern, err, errsz);
    case F_NUM:
    case F_PCT:
    case F_COMPACT:
    case F_MONEY:
    case F_MONEY_COMPACT:
        break;
    }
    qdec q;
    if (get_number(v, &q, err, errsz) != 0)
        return -1;
    switch (fs.kind) {
    case F_PCT:
        dec_shift(&q, 2);
        dec_round(&q, fs.decimals);
        put_dec(out, &q, fs.plus, NULL, "%", &m);
        break;
    case F_COMPACT:
        put_compact(out, &q, NULL, &m);
        break;
    case F_MONEY_COMPACT:
        put_compact(out, &q, m.cur, &m);
        break;
    case F_MONEY:
        dec_round(&q, fs.decimals);
        put_dec(out, &q, 0, m.cur, NULL, &m);
        break;
    default:
        dec_round(&q, fs.decimals);
        put_dec(out, &q, fs.plus, NULL, NULL, &m);
        break;
    }
    return 0;
}
