/* Which way a straight quote faces is read from its neighbours:
 *  - after a letter, figure or closing punctuation it closes;
 *  - after a space, an opening bracket, a dash or another opening quote
 *    (or at a paragraph's start) it opens, unless nothing word-like
 *    follows and one is open: then it closes ("word " in French style);
 *  - a ' between two letters or figures is an apostrophe (don't, l'été),
 *    and so is one that opens two figures (the '90s, class of '16);
 *  - a ' after a word closes only when a single quote is open, else it is
 *    an apostrophe too (the Joneses' car).
 * Characters before the text (from earlier runs, tags or values) come
 * from q->prev, so quotes facing a <b> or a {value} turn the right way. */
#include "expand/quotes.h"

#include <string.h>

#define NBSP "\xC2\xA0"

/* open2, close2, open1, close1, apostrophe */
static const char *const marks[3][5] = {
    {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x99"},                 /* “ ” ‘ ’ */
    {"\xE2\x80\x9E", "\xE2\x80\x9C", "\xE2\x80\x9A", "\xE2\x80\x98", "\xE2\x80\x99"},                 /* „ “ ‚ ‘ */
    {"\xC2\xAB" NBSP, NBSP "\xC2\xBB", "\xE2\x80\xB9" NBSP, NBSP "\xE2\x80\xBA", "\xE2\x80\x99"},   /* « » ‹ › */
};
enum { OPEN2, CLOSE2, OPEN1, CLOSE1, APOS };

int q_quotes_lang(const char *tag)
{
    if (!tag)
        return Q_QUOTES_EN;
    if ((tag[0] == 'd' || tag[0] == 'D') && (tag[1] == 'e' || tag[1] == 'E') && (!tag[2] || tag[2] == '-' || tag[2] == '_'))
        return Q_QUOTES_DE;
    if ((tag[0] == 'f' || tag[0] == 'F') && (tag[1] == 'r' || tag[1] == 'R') && (!tag[2] || tag[2] == '-' || tag[2] == '_'))
        return Q_QUOTES_FR;
    return Q_QUOTES_EN;
}

void q_quotes_reset(q_quoter *q)
{
    q->prev = 0;
    q->open2 = q->open1 = 0;
}

/* One code point at s (n > 0 bytes); its length in *len. Bad bytes read as
 * themselves: they only steer quotes. */
static uint32_t decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (k > n)
        k = 1;
    uint32_t v = k == 1 ? c : c & (0x3Fu >> (k - 1));
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return c;
        }
        v = v << 6 | (s[i] & 0x3F);
    }
    *len = k;
    return v;
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F || c == 0x2009;
}

/* What a quote after c opens: nothing, a space, "([{", dashes, slashes,
 * opening quotes. */
static int opens_after(uint32_t c)
{
    return c == 0 || is_space(c) || strchr("([{-/", (int)(c < 0x80 ? c : 1)) != NULL || c == 0x2013 ||
           c == 0x2014 || c == 0x201C || c == 0x2018 || c == 0x201E || c == 0x201A || c == 0xAB || c == 0x2039;
}

/* Letters, figures and what else stands inside a word. */
static int wordish(uint32_t c)
{
    if (c >= 0x80)
        return !is_space(c) && !(c >= 0x2010 && c <= 0x205E) && c != 0xAB && c != 0xBB;
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

static void put_mark(q_quoter *q, q_buf *out, size_t start, int k)
{
    /* French: a space typed inside the quote becomes the no-break space. */
    if (q->lang == Q_QUOTES_FR && (k == CLOSE2 || k == CLOSE1))
        while (out->n > start && out->s[out->n - 1] == ' ')
            out->n--;
    q_buf_puts(out, marks[q->lang][k]);
}

void q_quotes_apply(q_quoter *q, const char *s, size_t n, uint32_t next, q_buf *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t start = out->n;
    while (p < end) {
        size_t len;
        uint32_t c = decode(p, (size_t)(end - p), &len);
        if (c != '"' && c != '\'') {
            q_buf_add(out, (const char *)p, len);
            q->prev = c;
            p += len;
            continue;
        }
        size_t nl = 0;
        uint32_t nx = p + 1 < end ? decode(p + 1, (size_t)(end - p - 1), &nl) : next;
        int before_word = wordish(nx) || (nx && strchr("([{", (int)(nx < 0x80 ? nx : 1)) != NULL);
        int opening = opens_after(q->prev);
        int k;
        if (c == '"') {
            if (!opening || (!before_word && q->open2 > 0))
                k = CLOSE2;
            else
                k = OPEN2;
            q->open2 += k == OPEN2 ? 1 : q->open2 > 0 ? -1 : 0;
        } else if (wordish(q->prev) && wordish(nx)) {
            k = APOS;                                   /* don't */
        } else if (opening && is_digit(nx) && p + 2 < end && is_digit(p[2]) &&
                   (p + 3 >= end || !is_digit(p[3]))) {
            k = APOS;                                   /* '16, '90s */
        } else if (opening && (before_word || q->open1 == 0)) {
            k = before_word ? OPEN1 : APOS;
            q->open1 += k == OPEN1;
        } else {
            k = q->open1 > 0 ? CLOSE1 : APOS;
            q->open1 -= k == CLOSE1;
        }
        put_mark(q, out, start, k);
        p++;
        if (q->lang == Q_QUOTES_FR && (k == OPEN2 || k == OPEN1))
            while (p < end && *p == ' ')
                p++;
        q->prev = k == OPEN2 ? 0x201C : k == OPEN1 ? 0x2018 : 0x2019;
        start = out->n;
    }
}

void q_quotes_saw(q_quoter *q, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        size_t len;
        q->prev = decode(p, (size_t)(end - p), &len);
        p += len;
    }
}
