/* Shaping (font.h, q_face_shape): HarfBuzz with kerning and without
 * ligatures, one glyph per code point, so that every extractor reads the
 * text the PDF draws by character code. A word is shaped once per face:
 * the cache lives in the face, which belongs to one thread's q_fonts. */
#include "font/font_impl.h"
#include "util/buf.h"
#include <hb.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Past half this many words the cache starts again (a bound: a batch
 * keeps its faces; a word not cached costs a few lookups of pairs). */
#define MAX_SLOTS 2048u
/* Past this many pairs of code points, the pairs are learnt again. */
#define MAX_PAIRS 32768u

/* Ligatures would draw several characters as one glyph, and a
 * character-coded PDF cannot say that; mark positioning and composition
 * it cannot draw either. Only kerning stays on: each feature off is also
 * lookups HarfBuzz skips (shaping is the costly part of measuring). */
static const char *const off[] = {"liga", "clig", "dlig", "hlig", "calt", "rlig", "ccmp", "locl",
                                  "mark", "mkmk", "curs", "rclt", "frac", "numr", "dnom"};
#define NOFF ((int)(sizeof off / sizeof *off))

typedef struct centry {
    uint64_t hash;       /* 0: empty */
    uint32_t key, len;   /* the text, in keys */
    uint32_t g, n;       /* its glyphs, in glyphs */
} centry;

struct q_shape_cache {
    centry *slots;
    uint32_t nslots, used;
    q_buf keys;
    q_sglyph *glyphs;
    size_t ng, capg;
    q_sglyph *tmp;       /* a result not kept (too long for the cache) */
    size_t captmp;
    hb_buffer_t *buf;
    hb_feature_t feat[NOFF];
    struct { hb_script_t script; hb_shape_plan_t *plan; } plans[4];   /* by script, made once */
    /* Kerning learnt from words shaped so far, by pair of code points: a
     * word whose pairs are all known is measured without shaping. */
    struct pair { uint64_t key; int32_t delta; } *pairs;   /* key 0: empty */
    uint32_t npairs, usedpairs;
};

void q_face_shape_free(q_face *f)
{
    struct q_shape_cache *c = f->shaped;
    if (c) {
        free(c->slots);
        q_buf_free(&c->keys);
        free(c->glyphs);
        free(c->tmp);
        hb_buffer_destroy(c->buf);
        for (int i = 0; i < 4; i++)
            hb_shape_plan_destroy(c->plans[i].plan);
        free(c->pairs);
        free(c);
    }
    f->shaped = NULL;
    hb_font_destroy(f->hbfont);
    f->hbfont = NULL;
}

static struct q_shape_cache *cache_of(q_face *f)
{
    if (f->shaped)
        return f->shaped;
    struct q_shape_cache *c = q_xcalloc(1, sizeof *c);
    c->nslots = 1024;
    c->slots = q_xcalloc(c->nslots, sizeof *c->slots);
    c->buf = hb_buffer_create();
    c->npairs = 512;
    c->pairs = q_xcalloc(c->npairs, sizeof *c->pairs);
    for (int i = 0; i < NOFF; i++)
        c->feat[i] = (hb_feature_t){hb_tag_from_string(off[i], 4), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END};
    f->shaped = c;
    return c;
}

static uint64_t hash_text(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h | 1;   /* never 0, the empty mark */
}

/* The cmap's glyphs at their /W advances: what text is without shaping. */
static size_t plain(q_face *f, const char *s, size_t len, q_sglyph *out)
{
    const char *p = s, *end = s + len;
    size_t n = 0;
    while (p < end) {
        int adv;
        uint32_t at = (uint32_t)(p - s);
        uint32_t id = q_face_glyph(f, q_utf8_next(&p, end), &adv);
        out[n++] = (q_sglyph){id, adv, at};
    }
    return n;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
    return ((uint64_t)a << 32 | b) + 1;   /* never 0 */
}

static uint32_t pair_slot(const struct q_shape_cache *c, uint64_t key)
{
    uint32_t k = (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> 40) & (c->npairs - 1);
    while (c->pairs[k].key && c->pairs[k].key != key)
        k = (k + 1) & (c->npairs - 1);
    return k;
}

static void learn(struct q_shape_cache *c, uint64_t key, int32_t delta)
{
    if (c->usedpairs >= MAX_PAIRS) {
        memset(c->pairs, 0, c->npairs * sizeof *c->pairs);
        c->usedpairs = 0;
    }
    if (c->usedpairs + 1 > c->npairs / 2) {
        struct pair *old = c->pairs;
        uint32_t n = c->npairs;
        c->npairs *= 2;
        c->pairs = q_xcalloc(c->npairs, sizeof *c->pairs);
        for (uint32_t i = 0; i < n; i++)
            if (old[i].key)
                c->pairs[pair_slot(c, old[i].key)] = old[i];
        free(old);
    }
    uint32_t k = pair_slot(c, key);
    if (!c->pairs[k].key)
        c->usedpairs++;
    c->pairs[k] = (struct pair){key, delta};
}

static hb_shape_plan_t *plan_for(struct q_shape_cache *c, hb_face_t *face, const hb_segment_properties_t *props)
{
    for (int i = 0; i < 4; i++) {
        if (c->plans[i].plan && c->plans[i].script == props->script)
            return c->plans[i].plan;
        if (!c->plans[i].plan) {
            c->plans[i].script = props->script;
            c->plans[i].plan = hb_shape_plan_create(face, props, c->feat, NOFF, NULL);
            return c->plans[i].plan;
        }
    }
    return NULL;   /* a fifth script in one face: unshaped */
}

/* The font as the shaper sees it: without GSUB (every substitution is
 * off anyway), which HarfBuzz would otherwise check through on first use,
 * half of what shaping costs a short document. */
static hb_blob_t *kerning_tables(hb_face_t *face, hb_tag_t tag, void *file)
{
    (void)face;
    if (tag == HB_TAG('G', 'S', 'U', 'B') || tag == HB_TAG('m', 'o', 'r', 'x') || tag == HB_TAG('m', 'o', 'r', 't'))
        return hb_blob_get_empty();
    return hb_face_reference_table(file, tag);
}

/* Shapes a chain of code points with HarfBuzz and learns the kerning of
 * each adjacent pair in it. A result that is not one glyph per code
 * point (a substitution the features left on) teaches "no kerning", so
 * the pair is not shaped again. */
static void learn_chain(q_face *f, struct q_shape_cache *c, const uint32_t *cps, size_t n)
{
    if (!f->hbfont) {
        hb_face_t *file = q_face_hb(f);
        if (file) {
            hb_face_t *kern = hb_face_create_for_tables(kerning_tables, hb_face_reference(file),
                                                        (hb_destroy_func_t)hb_face_destroy);
            f->hbfont = hb_font_create(kern);   /* scale: font units */
            hb_face_destroy(kern);
        }
    }
    hb_face_t *face = f->hbfont ? hb_font_get_face(f->hbfont) : NULL;
    hb_buffer_clear_contents(c->buf);
    hb_buffer_add_codepoints(c->buf, cps, (int)n, 0, (int)n);
    hb_buffer_set_direction(c->buf, HB_DIRECTION_LTR);
    hb_buffer_set_cluster_level(c->buf, HB_BUFFER_CLUSTER_LEVEL_CHARACTERS);
    hb_buffer_guess_segment_properties(c->buf);
    hb_segment_properties_t props;
    hb_buffer_get_segment_properties(c->buf, &props);
    /* Digits and punctuation alone (no script guessed: INVALID) kern as in
     * Latin text: one plan less, and a plan costs a face's GPOS lookups. */
    if (props.script == HB_SCRIPT_INVALID || props.script == HB_SCRIPT_COMMON ||
        props.script == HB_SCRIPT_INHERITED || props.script == HB_SCRIPT_UNKNOWN) {
        props.script = HB_SCRIPT_LATIN;
        hb_buffer_set_script(c->buf, HB_SCRIPT_LATIN);
    }
    hb_shape_plan_t *plan = face ? plan_for(c, face, &props) : NULL;
    unsigned ng = 0;
    hb_glyph_info_t *gi = NULL;
    hb_glyph_position_t *gp = NULL;
    if (plan && hb_shape_plan_execute(plan, f->hbfont, c->buf, c->feat, NOFF)) {
        gi = hb_buffer_get_glyph_infos(c->buf, &ng);
        gp = hb_buffer_get_glyph_positions(c->buf, NULL);
    }
    int ok = gi && ng == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = gi[i].cluster == i;
    for (size_t i = 0; i + 1 < n; i++) {
        int32_t adj = 0;
        if (ok) {
            int d = gp[i].x_advance - (int)hb_font_get_glyph_h_advance(f->hbfont, gi[i].codepoint);
            adj = d ? (int32_t)lround((double)d * 1000.0 / (double)f->upem) : 0;
        }
        learn(c, pair_key(cps[i], cps[i + 1]), adj);
    }
}

/* Fills out (room for len glyphs); returns the count. Each glyph keeps
 * the cmap's glyph and its /W advance (floor(advance*1000/upem), as
 * libharu writes it) plus the kerning of it and the next one. Kerning is
 * taken as a property of pairs (GPOS pair positioning, the 'kern'
 * table): HarfBuzz costs ~1,500 instructions a glyph, so it shapes only
 * pairs not seen before, all of a word's at once, chained. */
static size_t shape(q_face *f, struct q_shape_cache *c, const char *s, size_t len, q_sglyph *out)
{
    size_t n = plain(f, s, len, out);
    if (n < 2)
        return n;
    uint32_t small[96], *cps = n <= 32 ? small : q_xmalloc(3 * n * sizeof *cps);
    uint32_t *chain = cps + n;
    size_t nchain = 0;
    const char *p = s, *end = s + len;
    for (size_t i = 0; i < n; i++) {
        cps[i] = q_utf8_next(&p, end);
        if (i && !c->pairs[pair_slot(c, pair_key(cps[i - 1], cps[i]))].key) {
            if (!nchain || chain[nchain - 1] != cps[i - 1])
                chain[nchain++] = cps[i - 1];
            chain[nchain++] = cps[i];
        }
    }
    if (nchain)
        learn_chain(f, c, chain, nchain);
    for (size_t i = 0; i + 1 < n; i++)
        out[i].adv += c->pairs[pair_slot(c, pair_key(cps[i], cps[i + 1]))].delta;
    if (cps != small)
        free(cps);
    return n;
}

static void grow(struct q_shape_cache *c)
{
    uint32_t nslots = c->nslots * 2;
    centry *slots = q_xcalloc(nslots, sizeof *slots);
    for (uint32_t i = 0; i < c->nslots; i++) {
        if (!c->slots[i].hash)
            continue;
        uint32_t k = (uint32_t)c->slots[i].hash & (nslots - 1);
        while (slots[k].hash)
            k = (k + 1) & (nslots - 1);
        slots[k] = c->slots[i];
    }
    free(c->slots);
    c->slots = slots;
    c->nslots = nslots;
}

size_t q_face_shape(q_face *f, const char *utf8, size_t len, const q_sglyph **out)
{
    struct q_shape_cache *c = cache_of(f);
    uint64_t h = hash_text(utf8, len);
    uint32_t k = (uint32_t)h & (c->nslots - 1);
    for (; c->slots[k].hash; k = (k + 1) & (c->nslots - 1)) {
        const centry *e = &c->slots[k];
        if (e->hash == h && e->len == len && !memcmp(c->keys.s + e->key, utf8, len)) {
            *out = c->glyphs + e->g;
            return e->n;
        }
    }
    /* Long text (a whole ragged line, a table cell) is rarely seen twice. */
    if (len > 64) {
        if (len > c->captmp) {
            c->captmp = len;
            c->tmp = q_xrealloc(c->tmp, len * sizeof *c->tmp);
        }
        *out = c->tmp;
        return shape(f, c, utf8, len, c->tmp);
    }
    if (c->used + 1 > c->nslots / 2) {
        if (c->nslots < MAX_SLOTS) {
            grow(c);
        } else {
            memset(c->slots, 0, c->nslots * sizeof *c->slots);
            c->used = 0;
            c->ng = 0;
            q_buf_reset(&c->keys);
        }
        k = (uint32_t)h & (c->nslots - 1);
        while (c->slots[k].hash)
            k = (k + 1) & (c->nslots - 1);
    }
    if (c->ng + len > c->capg) {
        c->capg = (c->ng + len) * 2;
        c->glyphs = q_xrealloc(c->glyphs, c->capg * sizeof *c->glyphs);
    }
    size_t n = shape(f, c, utf8, len, c->glyphs + c->ng);
    centry e = {h, (uint32_t)c->keys.n, (uint32_t)len, (uint32_t)c->ng, (uint32_t)n};
    q_buf_add(&c->keys, utf8, len);
    c->slots[k] = e;
    c->used++;
    c->ng += n;
    *out = c->glyphs + e.g;
    return n;
}

long q_face_shape_width(q_face *f, const char *utf8, size_t len)
{
    const q_sglyph *g;
    size_t n = q_face_shape(f, utf8, len, &g);
    long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += g[i].adv;
    return sum;
}
