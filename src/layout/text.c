#include "layout/layout.h"
#include "layout/hyphen.h"
#include "layout/linebreak.h"
#include "layout/text.h"
#include "layout/words.h"
#include "font/minus.h"
#include "util/buf.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Interword glue as a fraction of the space (TeX's). With the tolerance
 * (the largest adjustment ratio) of 1 and the shrink limit of 0.75, a
 * justified space stays within [0.75, 1.5] of its natural width. */
#define Q_SPACE_STRETCH 0.5
#define Q_SPACE_SHRINK (1.0 / 3)
#define Q_TOLERANCE 1.0
#define Q_SHRINK_LIMIT 0.75
#define Q_HYPHEN_PENALTY 50.0
/* Added when two lines in a row end with a hyphen (TeX's value). */
#define Q_DOUBLE_HYPHEN_DEMERITS 10000.0
/* Where no line set fits the tolerance: per line over it, so that as few
 * lines as possible are too loose (more than any badness difference). */
#define Q_OVER_DEMERITS 1e8

typedef struct face_slot {
    const char *family;   /* interned: compared by pointer */
    int bold, italic;
    q_face *face;
} face_slot;

struct q_faces {
    const q_doc *doc;
    q_fonts *fonts;
    const char *file;
    face_slot *v;
    size_t n;
    const q_hyph *hy;     /* loaded on the first paragraph that needs it */
    int hy_state;         /* 0 not tried, 1 loaded, -1 none (warned once) */
};

q_faces *q_faces_new(const q_doc *doc, q_fonts *fonts, const char *file)
{
    q_faces *fc = q_xcalloc(1, sizeof *fc);
    fc->doc = doc;
    fc->fonts = fonts;
    fc->file = file;
    return fc;
}

void q_faces_free(q_faces *fc)
{
    if (!fc)
        return;
    free(fc->v);
    q_hyph_free(fc->hy);
    free(fc);
}

/* The document's patterns, loaded once per layout and only when a
 * paragraph cannot be set well without hyphens. */
static const q_hyph *faces_hyph(q_faces *fc, int line, q_diags *d)
{
    if (fc->hy_state == 0) {
        char err[600];
        fc->hy = q_hyph_load(NULL, fc->doc->lang, err, sizeof err);
        fc->hy_state = fc->hy ? 1 : -1;
        if (!fc->hy)
            q_warn_add(d, fc->file, line, 0, "%s", err);
    }
    return fc->hy;
}

static const char *declared_file(const q_doc *doc, const char *family, int bold, int italic)
{
    for (size_t i = 0; i < doc->nfonts; i++) {
        if (strcasecmp(doc->fonts[i].family, family) != 0)
            continue;
        char *const *f = doc->fonts[i].files;
        int k = bold && italic ? 3 : italic ? 2 : bold ? 1 : 0;
        if (f[k]) return f[k];
        if (k == 3 && f[1]) return f[1];
        if (k == 3 && f[2]) return f[2];
        return f[0] ? f[0] : f[1] ? f[1] : f[2] ? f[2] : f[3];
    }
    return NULL;
}

q_face *q_faces_get(q_faces *fc, const q_tstyle *st, int line, q_diags *d)
{
    for (size_t i = 0; i < fc->n; i++) {
        if (fc->v[i].family != st->family)
            continue;
        /* A family that failed once fails quietly after: one message. */
        if (!fc->v[i].face)
            return NULL;
        if (fc->v[i].bold == st->bold && fc->v[i].italic == st->italic)
            return fc->v[i].face;
    }
    char err[512];
    const char *file = declared_file(fc->doc, st->family, st->bold, st->italic);
    q_face *f = file ? q_fonts_open_file(fc->fonts, file, err, sizeof err)
                     : q_fonts_find(fc->fonts, st->family, st->bold, st->italic, err, sizeof err);
    if (!f)
        q_diag_add(d, Q_EDATA, fc->file, line, 0, "%s", err);
    else if (file)
        q_fonts_declare(fc->fonts, st->family, st->bold, st->italic, f);
    int seen = 0;
    for (size_t i = 0; f && i < fc->n; i++)
        seen |= fc->v[i].face == f;
    if (f && !seen && q_face_warning(f))
        q_warn_add(d, fc->file, line, 0, "%s", q_face_warning(f));
    fc->v = q_xrealloc(fc->v, (fc->n + 1) * sizeof *fc->v);
    fc->v[fc->n++] = (face_slot){st->family, st->bold, st->italic, f};
    return f;
}

q_op *q_tline_push(q_tline *l, q_op op)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->ops = q_xrealloc(l->ops, l->cap * sizeof *l->ops);
    }
    l->ops[l->n] = op;
    return &l->ops[l->n++];
}

void q_tline_clear(q_tline *l)
{
    for (size_t k = 0; k < l->n; k++)
        q_op_free(&l->ops[k]);
    free(l->ops);
    l->ops = NULL;
    l->n = l->cap = 0;
}

void q_tlines_free(q_tline *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        q_tline_clear(&lines[i]);
    free(lines);
}

static void add_frag(words *ws, const q_run *run, q_face *face, const char *s, size_t len)
{
    if (!ws->open) {
        if (ws->nw == ws->capw) {
            ws->capw = ws->capw ? ws->capw * 2 : 32;
            ws->w = q_xrealloc(ws->w, ws->capw * sizeof *ws->w);
        }
        ws->w[ws->nw++] = (word){ws->nf, 0, 0, 0, 0, 0, 0, 0, 0};
        ws->open = 1;
    }
    if (ws->nf == ws->capf) {
        ws->capf = ws->capf ? ws->capf * 2 : 32;
        ws->f = q_xrealloc(ws->f, ws->capf * sizeof *ws->f);
    }
    double w = q_face_text_width(face, s, len, run->st.size);
    ws->f[ws->nf++] = (frag){run, face, s, len, w, 0};
    word *wd = &ws->w[ws->nw - 1];
    wd->n++;
    wd->w += w;
}

/* add_frag, with each U+2212 the face lacks set from a stand-in face
 * (font/minus.c) as a fragment of its own within the word. */
static void add_frags(q_faces *fc, words *ws, const q_run *r, q_face *face, const char *s, size_t len)
{
    const char *m;
    q_face *alt;
    while ((m = q_minus_find(s, len)) && (alt = q_minus_face(fc->fonts, face, r->st.bold, r->st.italic))) {
        if (m > s)
            add_frag(ws, r, face, s, (size_t)(m - s));
        add_frag(ws, r, alt, m, 3);
        ws->f[ws->nf - 1].standin = 1;
        len -= (size_t)(m - s) + 3;
        s = m + 3;
    }
    if (len)
        add_frag(ws, r, face, s, len);
}


/* Splits runs at white space into words made of fragments. */
static int collect(q_faces *fc, const q_para *p, const char *page, const char *pages, int line,
                   words *ws, q_diags *d)
{
    for (size_t i = 0; i < p->n; i++) {
        const q_run *r = &p->runs[i];
        q_face *face = q_faces_get(fc, &r->st, line, d);
        if (!face)
            return -1;
        if (r->kind == QR_BREAK) {
            if (ws->nw)
                ws->w[ws->nw - 1].brk = 1;
            ws->open = 0;
            continue;
        }
        const char *s = r->kind == QR_PAGE ? (page ? page : "00") : r->kind == QR_PAGES ? (pages ? pages : "00") : r->text;
        const char *end = s + strlen(s);
        while (s < end) {
            if (q_word_space(*s)) {
                if (ws->open) {
                    ws->w[ws->nw - 1].space = q_face_text_width(face, " ", 1, r->st.size);
                    ws->open = 0;
                }
                s++;
                continue;
            }
            const char *e = s;
            while (e < end && !q_word_space(*e))
                e++;
            add_frags(fc, ws, r, face, s, (size_t)(e - s));
            s = e;
        }
    }
    return 0;
}

static void line_metrics(const words *ws, size_t w0, size_t w1, double leading, double *h, double *base)
{
    double size = 0, asc = 0, desc = 0;
    for (size_t k = w0; k < w1; k++)
        for (size_t j = 0; j < ws->w[k].n; j++) {
            const frag *f = &ws->f[ws->w[k].first + j];
            if (f->run->st.size > size && !f->standin) {
                size = f->run->st.size;
                asc = q_face_ascender(f->face) / 1000.0;
                desc = -q_face_descender(f->face) / 1000.0;
            }
        }
    if (size == 0)
        size = 10, asc = 0.8, desc = 0.2;
    *h = size * leading;
    /* Centre the font's ascent+descent in the line box (CSS half-leading). */
    *base = (*h - size * (asc + desc)) / 2 + size * asc;
}

static word *new_word(words *ws)
{
    if (ws->nw == ws->capw) {
        ws->capw = ws->capw ? ws->capw * 2 : 32;
        ws->w = q_xrealloc(ws->w, ws->capw * sizeof *ws->w);
    }
    word *w = &ws->w[ws->nw++];
    *w = (word){ws->nf, 0, 0, 0, 0, 0, 0, 0, 0};
    return w;
}

static void push_frag(words *ws, frag f)
{
    if (ws->nf == ws->capf) {
        ws->capf = ws->capf ? ws->capf * 2 : 32;
        ws->f = q_xrealloc(ws->f, ws->capf * sizeof *ws->f);
    }
    ws->f[ws->nf++] = f;
}

/* A web address: where it may break without a hyphen (pts 2): after its
 * "//", and before each later '/' or '.', as style manuals advise, so a
 * long address in a justified line does not leave gaping spaces. */
static int is_url(const char *s, size_t len)
{
    return (len > 8 && memmem(s, len, "://", 3)) || (len > 8 && !memcmp(s, "www.", 4));
}

static size_t url_points(const char *s, size_t len, unsigned char *pts)
{
    const char *sep = memmem(s, len, "://", 3);
    size_t start = sep ? (size_t)(sep - s) + 3 : 4, n = 0;
    if (start < len && sep) {
        pts[start - 1] = 2;   /* after "//" */
        n++;
    }
    for (size_t i = start + 2; i + 3 < len; i++)
        if ((s[i + 1] == '/' || s[i + 1] == '.') && s[i] != '/' && s[i] != '.') {
            pts[i] = 2;
            n++;
        }
    return n;
}

/* A web address too long for a line whose pieces between its break
 * points each fit: those points break it, not the last-resort cutting. */
static int url_fits(const frag *f, double avail)
{
    unsigned char pts[256];
    if (!is_url(f->s, f->len) || f->len > sizeof pts)
        return 0;
    memset(pts, 0, f->len);
    url_points(f->s, f->len, pts);
    size_t from = 0;
    for (size_t i = 0; i <= f->len; i++)
        if (i == f->len || pts[i]) {
            size_t to = i < f->len ? i + 1 : f->len;
            if (q_face_text_width(f->face, f->s + from, to - from, f->run->st.size) > avail)
                return 0;
            from = to;
        }
    return 1;
}

/* A word wider than the line (a long URL, a table code) is cut between
 * characters, so it never runs off the page. */
static void split_long_words(words *ws, double avail)
{
    int any = 0;
    for (size_t k = 0; k < ws->nw && !any; k++)
        any = ws->w[k].w > avail;
    if (!any)
        return;
    words out = {0};
    for (size_t k = 0; k < ws->nw; k++) {
        const word *wd = &ws->w[k];
        word *cur = new_word(&out);
        if (wd->w <= avail || (wd->n == 1 && url_fits(&ws->f[wd->first], avail))) {
            for (size_t j = 0; j < wd->n; j++)
                push_frag(&out, ws->f[wd->first + j]);
            cur = &out.w[out.nw - 1];
            cur->n = wd->n;
            cur->w = wd->w;
        } else {
            for (size_t j = 0; j < wd->n; j++) {
                const frag *f = &ws->f[wd->first + j];
                const char *p = f->s, *end = f->s + f->len;
                int fresh = 1;   /* the next character starts a new fragment */
                while (p < end) {
                    const char *c = p;
                    q_utf8_next(&p, end);
                    double cw = q_face_text_width(f->face, c, (size_t)(p - c), f->run->st.size);
                    if (cur->w > 0 && cur->w + cw > avail) {
                        cur->soft = 1;
                        cur = new_word(&out);
                        fresh = 1;
                    }
                    if (fresh) {
                        push_frag(&out, (frag){f->run, f->face, c, 0, 0, f->standin});
                        cur->n++;
                        fresh = 0;
                    }
                    frag *last = &out.f[out.nf - 1];
                    last->len += (size_t)(p - c);
                    last->w += cw;
                    cur->w += cw;
                }
            }
        }
        cur->space = wd->space;
        cur->brk = wd->brk;
    }
    free(ws->f);
    free(ws->w);
    *ws = out;
}

/* An en or em dash opening a word stays on the line before. */
static int starts_with_dash(const words *ws, const word *wd)
{
    const frag *f = wd->n ? &ws->f[wd->first] : NULL;
    return f && f->len >= 3 && (unsigned char)f->s[0] == 0xE2 && (unsigned char)f->s[1] == 0x80 &&
           ((unsigned char)f->s[2] == 0x93 || (unsigned char)f->s[2] == 0x94);
}

/* Items: a box per word (or word piece), glue per space, a flagged
 * penalty per hyphenation point, a forced break per <br/>. Returns the
 * count; word_of maps items to words. */
static size_t build_items(const words *ws, q_item **items_out, size_t **word_of_out)
{
    size_t cap = ws->nw * 3 + 2, ni = 0;
    q_item *items = q_xmalloc(cap * sizeof *items);
    size_t *word_of = q_xmalloc(cap * sizeof *word_of);
    for (size_t k = 0; k < ws->nw; k++) {
        const word *wd = &ws->w[k];
        word_of[ni] = k;
        items[ni++] = (q_item){QI_BOX, wd->w, 0, 0, 0, 0};
        if (k + 1 == ws->nw)
            break;
        word_of[ni] = k;
        if (wd->brk) {
            items[ni++] = (q_item){QI_GLUE, 0, 1e9, 0, 0, 0};
            word_of[ni] = k;
            items[ni++] = (q_item){QI_PENALTY, 0, 0, 0, -Q_INF_PENALTY, 0};
        } else if (wd->soft) {
            items[ni++] = (q_item){QI_PENALTY, 0, 0, 0, 50, 0};
        } else if (wd->hyw > 0 || wd->xhy) {
            items[ni++] = (q_item){QI_PENALTY, wd->hyw, 0, 0, Q_HYPHEN_PENALTY, 1};
        } else if (wd->space > 0) {
            if (starts_with_dash(ws, &ws->w[k + 1])) {
                items[ni++] = (q_item){QI_PENALTY, 0, 0, 0, Q_INF_PENALTY, 0};
                word_of[ni] = k;
            }
            items[ni++] = (q_item){QI_GLUE, wd->space, wd->space * Q_SPACE_STRETCH, wd->space * Q_SPACE_SHRINK, 0, 0};
        } else {
            /* Words with no space between them (a style change inside a word
             * that ended a run) still must not break apart. */
            items[ni++] = (q_item){QI_PENALTY, 0, 0, 0, Q_INF_PENALTY, 0};
        }
    }
    word_of[ni] = ws->nw ? ws->nw - 1 : 0;
    items[ni++] = (q_item){QI_GLUE, 0, 1e9, 0, 0, 0};
    word_of[ni] = ws->nw ? ws->nw - 1 : 0;
    items[ni++] = (q_item){QI_PENALTY, 0, 0, 0, -Q_INF_PENALTY, 0};
    *items_out = items;
    *word_of_out = word_of;
    return ni;
}

static int is_letter_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* After the hyphens of a compound ("balance-of-payments"): 2 in pts. Not
 * in words with digits (dates, ranges, codes). */
static size_t explicit_points(const char *s, size_t len, unsigned char *pts)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 0;
    for (size_t i = 2; i + 2 < len; i++)
        if (s[i] == '-' && is_letter_byte((unsigned char)s[i - 1]) && is_letter_byte((unsigned char)s[i + 1])) {
            pts[i] = 2;
            n++;
        }
    return n;
}

/* Splits words at their hyphenation points (h, or NULL for explicit
 * hyphens only) into pieces that carry the hyphen's width, in *res. Only
 * plain words: one fragment, not a link, not already cut. Returns the
 * number of points; 0 leaves *res empty. */
static size_t hyphenate_words(const words *ws, const q_hyph *h, words *res)
{
    *res = (words){0};
    int any = h != NULL;
    for (size_t k = 0; k < ws->nf && !any; k++)
        any = memchr(ws->f[k].s, '-', ws->f[k].len) != NULL || is_url(ws->f[k].s, ws->f[k].len);
    if (!any)
        return 0;     /* the common case: nothing to copy */
    words out = {0};
    size_t added = 0;
    unsigned char pts[256];
    for (size_t k = 0; k < ws->nw; k++) {
        const word *wd = &ws->w[k];
        const frag *f = wd->n == 1 ? &ws->f[wd->first] : NULL;
        size_t n = 0;
        if (f && !f->run->href && !wd->soft && f->len <= sizeof pts) {
            if (h && !f->run->value && !wd->url)   /* template text only, never a value (SPEC §8) */
                n = q_hyph_word(h, f->s, f->len, pts);   /* 0 for a compound: pieces later */
            else
                memset(pts, 0, f->len);
            if (wd->url) {
                memset(pts, 0, f->len);
            } else if (is_url(f->s, f->len)) {
                memset(pts, 0, f->len);
                n = url_points(f->s, f->len, pts);
            } else if (memchr(f->s, '-', f->len)) {
                n += explicit_points(f->s, f->len, pts);
            }
        }
        word *cur = new_word(&out);
        if (!n) {
            for (size_t j = 0; j < wd->n; j++)
                push_frag(&out, ws->f[wd->first + j]);
            cur = &out.w[out.nw - 1];
            *cur = *wd;
            cur->first = out.nf - wd->n;
            continue;
        }
        double hyw = h ? q_face_text_width(f->face, "-", 1, f->run->st.size) : 0;
        size_t from = 0;
        for (size_t i = 0; i <= f->len; i++) {
            if (i < f->len && !pts[i])
                continue;
            size_t to = i < f->len ? i + 1 : f->len;
            double w = q_face_text_width(f->face, f->s + from, to - from, f->run->st.size);
            push_frag(&out, (frag){f->run, f->face, f->s + from, to - from, w, f->standin});
            cur = &out.w[out.nw - 1];
            *cur = (word){out.nf - 1, 1, w, 0, 0, 0, 0, 0, wd->url || is_url(f->s, f->len)};
            if (to < f->len) {
                if (pts[i] == 2)
                    cur->xhy = 1;
                else
                    cur->hyw = hyw;
                added++;
                new_word(&out);
            }
            from = to;
        }
        cur = &out.w[out.nw - 1];
        cur->space = wd->space;
        cur->brk = wd->brk;
    }
    if (!added) {
        free(out.f);
        free(out.w);
        return 0;
    }
    *res = out;
    return added;
}

/* A paragraph's words and the items and breaks made of them. */
typedef struct setting {
    words ws;
    q_item *items;
    size_t *word_of, ni;
    size_t *breaks, nb;
    double *ratios;
} setting;

static void setting_items(setting *s)
{
    s->ni = build_items(&s->ws, &s->items, &s->word_of);
    s->breaks = q_xmalloc(s->ni * sizeof *s->breaks);
    s->ratios = q_xmalloc(s->ni * sizeof *s->ratios);
}

static void setting_free(setting *s)
{
    free(s->ws.f);
    free(s->ws.w);
    free(s->items);
    free(s->word_of);
    free(s->breaks);
    free(s->ratios);
    *s = (setting){0};
}

/* The best breaks of s in at most n lines (the bounds as far as they go),
 * into s; 0 when there are none. Each line number is its own class in
 * the breaker, so it can count them. */
#define Q_KEEP_MAX_RATIO 2.0

static size_t keep_lines(setting *s, const q_break_opts *bo, double avail, size_t n)
{
    double *w = q_xmalloc((n + 1) * sizeof *w);
    for (size_t i = 0; i <= n; i++)
        w[i] = avail;
    q_break_opts o = *bo;
    o.line_widths = w;
    o.nwidths = n + 1;
    o.strict = 0;
    o.max_lines = n;
    size_t *b = q_xmalloc(s->ni * sizeof *b);
    double *r = q_xmalloc(s->ni * sizeof *r);
    size_t got = q_break_lines(s->items, s->ni, &o, b, r, s->ni);
    /* Not at any price: a line whose spaces would pass twice the normal
     * space (ratio 2: stretch is half a space) is worse than a page a
     * line longer; the paragraph then keeps its strict setting. */
    for (size_t i = 0; i + 1 < got; i++)
        if (r[i] > Q_KEEP_MAX_RATIO) {
            got = (size_t)-1;
            break;
        }
    if (got && got != (size_t)-1) {
        memcpy(s->breaks, b, got * sizeof *b);
        memcpy(s->ratios, r, got * sizeof *r);
        s->nb = got;
    }
    free(w);
    free(b);
    free(r);
    return got;
}

size_t q_typeset(q_faces *fc, const q_para *p, const q_bstyle *st, double width,
                 const char *page, const char *pages, int line, const q_tagto *to, q_tline **out,
                 q_diags *d)
{
    words ws = {0};
    tagger tg = {to, line, NULL, NULL, {0, 0}};
    *out = NULL;
    if (collect(fc, p, page, pages, line, &ws, d) != 0) {
        free(ws.f);
        free(ws.w);
        return 0;
    }
    int justify = st->align == QA_JUSTIFY;
    double avail = width - st->indent;
    if (avail < 1)
        avail = 1;
    split_long_words(&ws, avail);
    setting plain = {.ws = ws}, hyph = {0};
    setting *use = &plain;
    int loose = 0;
    if (ws.nw) {
        words xw;
        if (justify && hyphenate_words(&plain.ws, NULL, &xw)) {   /* compounds break after their hyphens */
            free(plain.ws.f);
            free(plain.ws.w);
            plain.ws = xw;
        }
        setting_items(&plain);
        q_break_opts bo = {&avail, 1, Q_TOLERANCE, 10, Q_DOUBLE_HYPHEN_DEMERITS, 100, justify, Q_OVER_DEMERITS, 2,
                           Q_SHRINK_LIMIT, 0};
        if (!justify) {
            plain.nb = q_break_lines_greedy(plain.items, plain.ni, &bo, plain.breaks, plain.ratios, plain.ni);
        } else {
            /* TeX's two passes: hyphenate only a paragraph that cannot be
             * set within the bounds without, so most never need the
             * patterns. */
            plain.nb = q_break_lines(plain.items, plain.ni, &bo, plain.breaks, plain.ratios, plain.ni);
            const q_hyph *h = NULL;
            int h_ok = !st->nohyph && !fc->doc->nohyph;
            if (!plain.nb && h_ok && (h = faces_hyph(fc, line, d)) &&
                hyphenate_words(&plain.ws, h, &hyph.ws)) {
                setting_items(&hyph);
                hyph.nb = q_break_lines(hyph.items, hyph.ni, &bo, hyph.breaks, hyph.ratios, hyph.ni);
                use = &hyph;
            }
            if (!use->nb) {
                bo.strict = 0;      /* looser passes, overfull as a last resort */
                use->nb = q_break_lines(use->items, use->ni, &bo, use->breaks, use->ratios, use->ni);
                loose = 1;
            }
            /* The bounds never make a paragraph longer than TeX's way
             * without them and without hyphens (tolerance 2, shrink to 2/3
             * of a space): pages keep their length (the two-page
             * briefing). Such a paragraph gets the best setting in that
             * many lines, with as few lines out of bounds as may be. */
            q_break_opts free_bo = bo;
            free_bo.strict = 0;
            free_bo.tolerance = 2;
            free_bo.shrink_limit = 0;
            free_bo.over_demerit = 0;
            size_t *fb = q_xmalloc(plain.ni * sizeof *fb);
            double *fr = q_xmalloc(plain.ni * sizeof *fr);
            size_t n = q_break_lines(plain.items, plain.ni, &free_bo, fb, fr, plain.ni);
            if (n && n < use->nb) {
                if (!hyph.items && h_ok && (h = faces_hyph(fc, line, d)) && hyphenate_words(&plain.ws, h, &hyph.ws))
                    setting_items(&hyph);
                setting *s = hyph.items ? &hyph : &plain;
                size_t kept = keep_lines(s, &bo, avail, n);
                if (kept == (size_t)-1) {
                    /* too loose in n lines: one line more, within bounds */
                } else if (kept) {
                    use = s;
                    loose = 1;
                } else {
                    memcpy(plain.breaks, fb, n * sizeof *fb);
                    memcpy(plain.ratios, fr, n * sizeof *fr);
                    plain.nb = n;
                    use = &plain;
                    loose = 1;
                }
            }
            free(fb);
            free(fr);
        }
    }
    ws = use->ws;
    const q_item *items = use->items;
    const size_t *word_of = use->word_of, *breaks = use->breaks;
    const double *ratios = use->ratios;
    size_t nb = use->nb;
    q_tline *lines = q_xcalloc(nb ? nb : 1, sizeof *lines);
    size_t start = 0;
    for (size_t li = 0; li < nb; li++) {
        size_t end = breaks[li];
        /* Words on this line: boxes between start and end. */
        size_t w0 = (size_t)-1, w1 = 0;
        for (size_t i = start; i < end; i++)
            if (items[i].type == QI_BOX) {
                if (w0 == (size_t)-1)
                    w0 = word_of[i];
                w1 = word_of[i] + 1;
            }
        q_tline *l = &lines[li];
        double base;
        if (w0 == (size_t)-1)
            w0 = w1 = 0;
        line_metrics(&ws, w0, w1, st->leading, &l->h, &base);
        double natural = 0;
        for (size_t k = w0; k < w1; k++) {
            natural += ws.w[k].w;
            if (k + 1 < w1) {
                natural += ws.w[k].space;
            }
        }
        int last = li + 1 == nb || (w1 && ws.w[w1 - 1].brk);
        double r = justify && !last ? ratios[li] : 0;
        if (r < -1)
            r = -1;
        double x = st->indent;
        if (st->align == QA_RIGHT)
            x += avail - natural;
        else if (st->align == QA_CENTER)
            x += (avail - natural) / 2;
        else if (justify && last && natural > avail)
            r = -1;
        l->space = justify && !last ? 1 + (r >= 0 ? r * Q_SPACE_STRETCH : r * Q_SPACE_SHRINK) : 0;
        l->loose = loose;
        emitter em = q_emit_start(l);
        for (size_t k = w0; k < w1; k++) {
            const word *wd = &ws.w[k];
            q_emit_word(&em, &ws, wd, x, base, &tg);
            x += wd->w;
            if (k + 1 < w1) {
                double sp = wd->space + (r >= 0 ? r * wd->space * Q_SPACE_STRETCH : r * wd->space * Q_SPACE_SHRINK);
                if (wd->space > 0)
                    q_emit_space(&em, ws.f[wd->first + wd->n - 1].face, x + sp);
                x += sp;
            }
        }
        if (w1 && items[end].type == QI_PENALTY && items[end].flagged) {
            l->hyphen = ws.w[w1 - 1].hyw > 0 ? 1 : 2;
            if (l->hyphen == 1)
                q_emit_hyphen(&em, &ws, &ws.w[w1 - 1], x, base, &tg);
        }
        q_emit_end(&em);
        start = end + 1;
    }
    setting_free(&plain);
    setting_free(&hyph);
    *out = lines;
    return nb;
}
