/* Liang's pattern hyphenation (as in TeX) over the dictionaries of Debian's
 * hyphen-* packages, the files libhyphen reads. Not libhyphen itself: its
 * loader builds a state machine of ~one malloc per pattern prefix, about
 * 40M instructions for en-US, more than a whole report. Here the patterns
 * go into one open-addressed hash table (key: the pattern's letters, value:
 * its digits); a word looks up each of its substrings up to the longest
 * pattern's length. Same patterns, same answers for the standard patterns.
 *
 * Simplifications: non-standard patterns (with '/', a few in German) are
 * skipped; a two-level dictionary (NEXTLEVEL) is read as one set. */
#include "layout/hyphen.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layout/hyphen_impl.h"
#include "util/buf.h"

#define HY_MAXWORD 64       /* longer words are not hyphenated */

/* The table while a file is read. */
typedef struct hy_build {
    hy_slot *t;
    size_t mask;
    char *arena;
    size_t na;
    int maxch, left, right;
} hy_build;

static inline uint32_t hy_step(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}
#define HY_BASIS 2166136261u

/* One pattern line ("1ba", ".hy3p"), written straight into the arena
 * (sized for the worst case up front): letters, then nch + 1 digits.
 * Latin-1 files are widened to UTF-8. */
static void hy_pattern(hy_build *h, const char *s, const char *e, int latin1)
{
    char *key = h->arena + h->na;
    unsigned char dig[64];
    size_t kl = 0;
    int nch = 0;
    uint32_t hash = HY_BASIS;
    dig[0] = 0;
    for (; s < e; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '/')
            return;                         /* non-standard pattern */
        if (c >= '0' && c <= '9') {
            dig[nch] = (unsigned char)(c - '0');
            continue;
        }
        if (kl + 2 > 31 || nch + 2 >= (int)sizeof dig)
            return;                         /* longer than any real pattern */
        if (latin1 && c >= 0x80) {
            key[kl++] = (char)(0xC0 | (c >> 6));
            key[kl++] = (char)(0x80 | (c & 0x3F));
            hash = hy_step(hy_step(hash, (unsigned char)key[kl - 2]), (unsigned char)key[kl - 1]);
        } else {
            key[kl++] = (char)c;
            hash = hy_step(hash, c);
        }
        if (latin1 || (c & 0xC0) != 0x80)
            dig[++nch] = 0;
    }
    if (!kl || h->na > HY_MAXOFF)
        return;
    size_t i = hash & h->mask;
    for (; h->t[i].ref; i = (i + 1) & h->mask) {
        hy_slot *sl = &h->t[i];
        uint32_t r = sl->ref;
        if (sl->hash == hash && HY_KLEN(r) == kl && !memcmp(h->arena + HY_OFF(r), key, kl)) {
            /* a repeat: keep the larger digits */
            unsigned char *d = (unsigned char *)h->arena + HY_OFF(r) + kl;
            for (int k = 0; k <= nch && k <= (int)HY_NCH(r); k++)
                if (dig[k] > d[k])
                    d[k] = dig[k];
            return;
        }
    }
    memcpy(key + kl, dig, (size_t)nch + 1);
    h->t[i] = (hy_slot){hash, (uint32_t)h->na << 10 | (uint32_t)kl << 5 | (uint32_t)nch};
    h->na += kl + (size_t)nch + 1;
    if (nch > h->maxch)
        h->maxch = nch;
}

/* NULL for a charset other than UTF-8 or ISO8859-1. */
static const q_hyph *hy_parse(const char *buf, size_t n)
{
    size_t lines = 1;
    for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))); p++)
        lines++;
    hy_build b = {0};
    size_t cap = 16;
    while (cap < lines * 2)                 /* at most half full: most lookups miss */
        cap *= 2;
    b.t = q_xcalloc(cap, sizeof *b.t);
    b.mask = cap - 1;
    /* letters at most doubled (Latin-1), digits at most one per byte + 1 */
    b.arena = q_xmalloc(3 * n + 2 * lines + 512);
    b.na = 1;                               /* offset 0 marks an empty slot */
    b.left = Q_HYPH_LEFT;
    b.right = Q_HYPH_RIGHT;
    const char *p = buf, *end = buf + n;
    int first = 1, latin1 = 0;
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        const char *le = e;
        while (le > p && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
            le--;
        if (first) {                        /* the charset line */
            size_t n0 = (size_t)(le - p);
            latin1 = n0 == 9 && !memcmp(p, "ISO8859-1", 9);
            if (!latin1 && !(n0 == 5 && !memcmp(p, "UTF-8", 5))) {
                free(b.t);
                free(b.arena);
                return NULL;                /* another 8-bit charset: not read */
            }
            first = 0;
        } else if (le > p && *p != '%' && *p != '#') {
            if (*p >= 'A' && *p <= 'Z') {   /* a keyword line: patterns are lower case */
                const char *sp = memchr(p, ' ', (size_t)(le - p));
                int v = sp ? atoi(sp + 1) : 0;
                if (!strncmp(p, "LEFTHYPHENMIN ", 14) && v > b.left)
                    b.left = v;
                else if (!strncmp(p, "RIGHTHYPHENMIN ", 15) && v > b.right)
                    b.right = v;
            } else {
                hy_pattern(&b, p, le, latin1);
            }
        }
        p = e + 1;
    }
    q_hyph *h = q_xmalloc(sizeof *h);
    *h = (q_hyph){b.t, b.mask, b.arena, b.maxch, b.left, b.right, 1};
    return h;
}

/* "en-US" -> "en_US"; the bare language after. */
static FILE *hy_open(const char *dir, const char *lang, char *path, size_t np)
{
    char tag[32];
    size_t k = 0;
    for (const char *s = lang; *s && k + 1 < sizeof tag; s++) {
        char c = *s == '-' ? '_' : *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
            return NULL;                    /* not a language tag: no path games */
        tag[k++] = c;
    }
    tag[k] = 0;
    for (int pass = 0; pass < 2; pass++) {
        snprintf(path, np, "%s/hyph_%s.dic", dir, tag);
        FILE *f = fopen(path, "rb");
        if (f)
            return f;
        char *us = strchr(tag, '_');
        if (!us)
            break;
        *us = 0;
    }
    snprintf(path, np, "%s/hyph_%s.dic", dir, lang);
    return NULL;
}

#ifndef Q_HYPH_NO_BUILTIN
/* hyph_en_US.dic, compiled in at build time (build/gen/hyph_en_us.c). */
extern const struct q_hyph q_hyph_builtin_en_us;

/* English is the default language: built in when dir is the default. */
static int hy_builtin(const char *dir, const char *lang)
{
    static const char *const tags[] = {"en", "en-US", "en_US"};
    for (size_t i = 0; !dir && i < sizeof tags / sizeof *tags; i++)
        if (!strcasecmp(lang, tags[i]))
            return 1;
    return 0;
}
#endif

const q_hyph *q_hyph_load(const char *dir, const char *lang, char *err, size_t errlen)
{
    char path[512];
    if (!lang || !*lang)
        lang = "en-US";
#ifndef Q_HYPH_NO_BUILTIN
    if (hy_builtin(dir, lang))
        return &q_hyph_builtin_en_us;
#endif
    if (!dir)
        dir = Q_HYPHEN_DIR;
    FILE *f = hy_open(dir, lang, path, sizeof path);
    if (!f) {
        snprintf(err, errlen, "no hyphenation patterns for language '%s' (%s): text is not hyphenated",
                 lang, path);
        return NULL;
    }
    q_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        q_buf_add(&b, chunk, got);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s: %s: text is not hyphenated", path, strerror(errno));
        q_buf_free(&b);
        return NULL;
    }
    const q_hyph *h = hy_parse(b.n ? q_buf_str(&b) : "", b.n);
    q_buf_free(&b);
    if (!h)
        snprintf(err, errlen, "%s: only UTF-8 and ISO8859-1 pattern files are read: text is not hyphenated",
                 path);
    return h;
}

void q_hyph_free(const q_hyph *h)
{
    if (!h || !h->owned)
        return;
    free((void *)h->t);
    free((void *)h->arena);
    free((void *)h);
}

/* Letters: ASCII, Latin-1 to Latin Extended-B, Greek, Cyrillic. */
static int hy_letter(const unsigned char *s, size_t n, size_t *clen)
{
    unsigned c = s[0];
    *clen = 1;
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c < 0xC2 || c > 0xD3 || n < 2 || (s[1] & 0xC0) != 0x80)
        return 0;
    *clen = 2;
    unsigned cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
    return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x4FF);
}

/* The pattern's digits, or NULL; *nch its characters. */
static const unsigned char *hy_find(const q_hyph *h, uint32_t hash, const char *key, size_t klen, size_t *nch)
{
    for (size_t i = hash & h->mask; h->t[i].ref; i = (i + 1) & h->mask) {
        const hy_slot *s = &h->t[i];
        if (s->hash == hash && HY_KLEN(s->ref) == klen && !memcmp(h->arena + HY_OFF(s->ref), key, klen)) {
            *nch = HY_NCH(s->ref);
            return (const unsigned char *)h->arena + HY_OFF(s->ref) + klen;
        }
    }
    return NULL;
}

size_t q_hyph_word(const q_hyph *h, const char *word, size_t len, unsigned char *pts)
{
    memset(pts, 0, len);
    if (!h || len < Q_HYPH_WORD)
        return 0;
    const unsigned char *w = (const unsigned char *)word;
    for (size_t i = 0; i < len; i++)
        if ((w[i] >= '0' && w[i] <= '9') || w[i] == '@' || w[i] == '/')
            return 0;                       /* numbers, codes, addresses */
    size_t a = 0, b = len, cl;
    while (a < b && !hy_letter(w + a, b - a, &cl))
        a += cl;
    while (b > a) {                         /* back over trailing punctuation */
        size_t s = b - 1;
        while (s > a && (w[s] & 0xC0) == 0x80)
            s--;
        if (hy_letter(w + s, b - s, &cl) && s + cl == b)
            break;
        b = s;
    }
    /* The core: letters only; lower-cased between dots, with where each
     * character starts (in buf and in word). */
    char buf[HY_MAXWORD * 2 + 4];
    size_t boff[HY_MAXWORD + 3], woff[HY_MAXWORD + 1];
    size_t bl = 0, nc = 0;
    buf[bl++] = '.';
    boff[0] = 0;
    for (size_t i = a; i < b; i += cl) {
        if (!hy_letter(w + i, b - i, &cl) || nc == HY_MAXWORD)
            return 0;
        woff[nc] = i;
        boff[++nc] = bl;
        if (cl == 1) {
            buf[bl++] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
        } else {
            unsigned cp = ((w[i] & 0x1Fu) << 6) | (w[i + 1] & 0x3Fu);
            if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x410 && cp <= 0x42F))
                cp += 0x20;                 /* Latin-1 and Cyrillic capitals */
            else if (cp >= 0x100 && cp <= 0x17F && !(cp & 1))
                cp += 1;                    /* Latin Extended-A pairs */
            buf[bl++] = (char)(0xC0 | (cp >> 6));
            buf[bl++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    if ((int)nc < Q_HYPH_WORD || (int)nc < h->left + h->right)
        return 0;
    boff[++nc] = bl;
    buf[bl++] = '.';
    boff[nc + 1] = bl;
    size_t N = nc + 1;                      /* characters in buf: core + 2 dots */
    unsigned char val[HY_MAXWORD + 4] = {0};
    for (size_t i = 0; i < N; i++) {
        uint32_t hash = HY_BASIS;
        size_t j = i;
        for (; j < N && j - i < (size_t)h->maxch; j++) {
            for (size_t k = boff[j]; k < boff[j + 1]; k++)
                hash = hy_step(hash, (unsigned char)buf[k]);
            size_t nch;
            const unsigned char *d = hy_find(h, hash, buf + boff[i], boff[j + 1] - boff[i], &nch);
            if (!d)
                continue;
            for (size_t k = 0; k <= nch; k++)
                if (d[k] > val[i + k])
                    val[i + k] = d[k];
        }
    }
    /* val[p]: between buf characters p-1 and p; core character c is buf
     * character c+1, so a break after core character c is val[c+2]. */
    size_t core = nc - 1, count = 0;
    for (size_t c = (size_t)h->left - 1; c + (size_t)h->right < core; c++) {
        if (val[c + 2] & 1) {
            pts[woff[c + 1] - 1] = 1;
            count++;
        }
    }
    return count;
}
