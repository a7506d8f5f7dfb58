/* Chart colours: see palette.h. */
#include "chart/palette.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "util/buf.h"

static const uint32_t okabe_ito[Q_OKABE_ITO_N] = {
    0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0xF0E442,
};
enum { FIRST_NO_TEXT = 4 };   /* #E69F00 and after */

q_rgb q_rgb_hex(uint32_t hex)
{
    return (q_rgb){ (unsigned char)(hex >> 16), (unsigned char)(hex >> 8), (unsigned char)hex };
}

uint32_t q_rgb_to_hex(q_rgb c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch = tolower(ch);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Parses len bytes at s. */
static int parse_n(const char *s, size_t len, q_rgb *out)
{
    if ((len != 4 && len != 7) || s[0] != '#')
        return -1;
    int v[6];
    for (size_t i = 1; i < len; i++)
        if ((v[i - 1] = hexval((unsigned char)s[i])) < 0)
            return -1;
    if (len == 4)
        *out = (q_rgb){ (unsigned char)(v[0] * 17), (unsigned char)(v[1] * 17), (unsigned char)(v[2] * 17) };
    else
        *out = (q_rgb){ (unsigned char)(v[0] * 16 + v[1]), (unsigned char)(v[2] * 16 + v[3]),
                        (unsigned char)(v[4] * 16 + v[5]) };
    return 0;
}

int q_rgb_parse(const char *s, q_rgb *out)
{
    return s ? parse_n(s, strlen(s), out) : -1;
}

int q_rgb_parse_list(const char *s, q_rgb *out, int max, char *err, size_t errsz)
{
    int n = 0;
    const char *p = s ? s : "";
    for (;;) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, ", \t\r\n");
        q_rgb c;
        if (parse_n(p, len, &c) != 0) {
            q_seterr(err, errsz, "'%.*s' is not a colour (#rgb or #rrggbb)", (int)(len > 40 ? 40 : len), p);
            return -1;
        }
        if (n == max) {
            q_seterr(err, errsz, "more than %d colours", max);
            return -1;
        }
        out[n++] = c;
        p += len;
    }
    if (n == 0) {
        q_seterr(err, errsz, "no colours given");
        return -1;
    }
    return n;
}

q_rgb q_okabe_ito(int i)
{
    int k = i % Q_OKABE_ITO_N;
    return q_rgb_hex(okabe_ito[k < 0 ? k + Q_OKABE_ITO_N : k]);
}

int q_okabe_ito_no_text(q_rgb c)
{
    uint32_t h = q_rgb_to_hex(c);
    for (int i = FIRST_NO_TEXT; i < Q_OKABE_ITO_N; i++)
        if (okabe_ito[i] == h)
            return 1;
    return 0;
}

static int given(const q_rgb *colors, int n, uint32_t hex)
{
    for (int i = 0; i < n; i++)
        if (q_rgb_to_hex(colors[i]) == hex)
            return 1;
    return 0;
}

q_rgb q_series_color(const q_rgb *colors, int ncolors, int i)
{
    if (i < 0)
        i = 0;
    if (!colors)
        ncolors = 0;
    /* the cycle: the given colours, then the palette's others */
    uint32_t cycle[Q_CHART_MAX_COLORS + Q_OKABE_ITO_N];
    int n = 0;
    for (int k = 0; k < ncolors && k < Q_CHART_MAX_COLORS; k++)
        cycle[n++] = q_rgb_to_hex(colors[k]);
    for (int k = 0; k < Q_OKABE_ITO_N; k++)
        if (!given(colors, ncolors, okabe_ito[k]))
            cycle[n++] = okabe_ito[k];
    return q_rgb_hex(cycle[i % n]);
}

static double lin(double c)
{
    c /= 255;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static unsigned char unlin(double l)
{
    double c = l <= 0.0031308 ? 12.92 * l : 1.055 * pow(l, 1 / 2.4) - 0.055;
    double v = round(c * 255);
    return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

double q_rgb_luminance(q_rgb c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double q_rgb_contrast(q_rgb a, q_rgb b)
{
    double la = q_rgb_luminance(a), lb = q_rgb_luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* c with its linear channels moved by t toward black (t < 0: toward white). */
static q_rgb shade(q_rgb c, double t)
{
    double r = lin(c.r), g = lin(c.g), b = lin(c.b);
    if (t >= 0) {
        r *= 1 - t; g *= 1 - t; b *= 1 - t;
    } else {
        r += (1 - r) * -t; g += (1 - g) * -t; b += (1 - b) * -t;
    }
    return (q_rgb){ unlin(r), unlin(g), unlin(b) };
}

q_rgb q_text_color(q_rgb c, q_rgb bg, double min_ratio)
{
    if (q_rgb_contrast(c, bg) >= min_ratio && !q_okabe_ito_no_text(c))
        return c;
    double dir = q_rgb_luminance(bg) > 0.179 ? 1 : -1;   /* darken on light grounds */
    /* the least shade that reaches the ratio: bisection on t */
    double lo = 0, hi = 1;
    for (int k = 0; k < 40; k++) {
        double mid = (lo + hi) / 2;
        if (q_rgb_contrast(shade(c, dir * mid), bg) >= min_ratio)
            hi = mid;
        else
            lo = mid;
    }
    q_rgb out = shade(c, dir * hi);
    /* rounding to 8 bits may land a hair short, or back on c: step on */
    for (double t = hi; (q_rgb_contrast(out, bg) < min_ratio || q_okabe_ito_no_text(out)) && t < 1;) {
        t = fmin(1, t + 0.01);
        out = shade(c, dir * t);
    }
    return out;
}

q_rgb q_text_on_fill(q_rgb fill, int *ok)
{
    q_rgb white = q_rgb_hex(Q_CHART_WHITE), ink = q_rgb_hex(Q_CHART_INK);
    double cw = q_rgb_contrast(white, fill), ci = q_rgb_contrast(ink, fill);
    if (ok)
        *ok = fmax(cw, ci) >= 4.5;
    return cw >= ci ? white : ink;
}
