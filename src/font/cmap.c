/* Rewrites a subset font's cmap into few format-4 segments.
 *
 * Why: libharu 2.3.0 builds each font's CIDToGIDMap by looking up all 65,536
 * BMP code points, and its lookup walks the segment list linearly. A subset
 * of 80 scattered characters has ~40 segments, which made that loop the
 * largest cost of a render. Segments here span gaps of unused code points
 * (mapped to glyph 0 through glyphIdArray), trading a few hundred bytes of
 * font data, which compress to almost nothing, for a loop ~10x shorter. */
#include "font/font_impl.h"
#include "util/buf.h"
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GAP 96   /* unused code points a segment may span */

static void put16(q_buf *b, unsigned v)
{
    unsigned char c[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    q_buf_add(b, (const char *)c, 2);
}

static void put32(q_buf *b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t checksum(const unsigned char *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < n; i += 4) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, p + i, n - i < 4 ? n - i : 4);
        sum += get32(w);
    }
    return sum;
}

/* A cmap table with one (3,1) format-4 subtable over cps[0..n) sorted. */
static void build_cmap(const uint32_t *cps, const uint16_t *gids, size_t n, q_buf *out)
{
    size_t nseg = 0;
    uint32_t *start = q_xmalloc((n + 1) * sizeof *start), *end = q_xmalloc((n + 1) * sizeof *end);
    for (size_t i = 0; i < n; i++) {
        if (cps[i] > 0xFFFE)
            break;
        if (nseg && cps[i] - end[nseg - 1] <= MAX_GAP)
            end[nseg - 1] = cps[i];
        else
            start[nseg] = end[nseg] = cps[i], nseg++;
    }
    start[nseg] = end[nseg] = 0xFFFF;   /* the required final segment */
    nseg++;
    size_t nglyph = 0;
    for (size_t s = 0; s + 1 < nseg; s++)
        nglyph += end[s] - start[s] + 1;
    size_t sub_len = 16 + nseg * 8 + nglyph * 2;
    unsigned search = 1, selector = 0;
    while (search * 2 <= nseg)
        search *= 2, selector++;
    put16(out, 0);            /* cmap version */
    put16(out, 1);            /* one subtable */
    put16(out, 3);            /* Windows */
    put16(out, 1);            /* Unicode BMP */
    put32(out, 12);
    put16(out, 4);            /* format */
    put16(out, (unsigned)(sub_len > 0xFFFF ? 0xFFFF : sub_len));
    put16(out, 0);            /* language */
    put16(out, (unsigned)nseg * 2);
    put16(out, search * 2);
    put16(out, selector);
    put16(out, (unsigned)nseg * 2 - search * 2);
    for (size_t s = 0; s < nseg; s++) put16(out, end[s]);
    put16(out, 0);            /* reservedPad */
    for (size_t s = 0; s < nseg; s++) put16(out, start[s]);
    for (size_t s = 0; s < nseg; s++) put16(out, s + 1 == nseg ? 1 : 0);   /* idDelta */
    size_t before = 0;        /* glyphIdArray entries of earlier segments */
    for (size_t s = 0; s < nseg; s++) {
        if (s + 1 == nseg) {
            put16(out, 0);
            break;
        }
        /* idRangeOffset: bytes from this word to its first glyphIdArray entry. */
        put16(out, (unsigned)((nseg - s) * 2 + before * 2));
        before += end[s] - start[s] + 1;
    }
    size_t k = 0;
    for (size_t s = 0; s + 1 < nseg; s++)
        for (uint32_t cp = start[s]; cp <= end[s]; cp++) {
            while (k < n && cps[k] < cp)
                k++;
            put16(out, k < n && cps[k] == cp ? gids[k] : 0);
        }
    free(start);
    free(end);
}

typedef struct table {
    char tag[4];
    const unsigned char *data;
    uint32_t len;
} table;

static int cmp_tag(const void *a, const void *b)
{
    return memcmp(((const table *)a)->tag, ((const table *)b)->tag, 4);
}

/* libharu 2.3.0 writes a font's tables in a fixed order ending with 'prep'
 * and then seeks to each table's start; a missing 'prep' sits at the very
 * end of its buffer, and when that end falls on a 4 KB boundary the seek
 * fails and the whole PDF with it (found by fuzzing). A one-instruction
 * 'prep' (SVTCA[y], harmless without hinting) keeps it off the end. */
static const unsigned char harmless_prep[] = {0x00};

/* Rewrites an sfnt blob with a new 'cmap' (and a 'prep' if it has none),
 * tables sorted by tag, offsets and checksums recomputed. */
static int rebuild_sfnt(unsigned char **blob, size_t *len, const q_buf *cmap)
{
    const unsigned char *p = *blob;
    if (*len < 12)
        return -1;
    unsigned ntables = get16(p + 4);
    if (*len < 12 + 16 * (size_t)ntables)
        return -1;
    table *t = q_xcalloc(ntables + 2, sizeof *t);
    unsigned n = 0;
    int has_prep = 0;
    for (unsigned i = 0; i < ntables; i++) {
        const unsigned char *rec = p + 12 + 16 * i;
        uint32_t off = get32(rec + 8), size = get32(rec + 12);
        memcpy(t[n].tag, rec, 4);
        if (!memcmp(rec, "cmap", 4)) {
            t[n].data = (const unsigned char *)cmap->s;
            t[n].len = (uint32_t)cmap->n;
        } else if ((size_t)off + size > *len) {
            free(t);
            return -1;
        } else {
            t[n].data = p + off;
            t[n].len = size;
        }
        has_prep |= !memcmp(rec, "prep", 4);
        n++;
    }
    if (!has_prep) {
        memcpy(t[n].tag, "prep", 4);
        t[n].data = harmless_prep;
        t[n].len = sizeof harmless_prep;
        n++;
    }
    qsort(t, n, sizeof *t, cmp_tag);
    unsigned search = 1, selector = 0;
    while (search * 2 <= n)
        search *= 2, selector++;
    q_buf out = {0};
    q_buf_add(&out, (const char *)p, 4);   /* sfnt version */
    put16(&out, n);
    put16(&out, search * 16);
    put16(&out, selector);
    put16(&out, n * 16 - search * 16);
    size_t dir = out.n;
    for (unsigned i = 0; i < n; i++) {
        q_buf_add(&out, t[i].tag, 4);
        put32(&out, 0);
        put32(&out, 0);
        put32(&out, 0);
    }
    size_t head_at = 0;
    for (unsigned i = 0; i < n; i++) {
        while (out.n % 4)
            q_buf_putc(&out, 0);
        uint32_t at = (uint32_t)out.n;
        q_buf_add(&out, (const char *)t[i].data, t[i].len);
        if (!memcmp(t[i].tag, "head", 4) && t[i].len >= 12) {
            head_at = at;
            memset(out.s + at + 8, 0, 4);   /* checkSumAdjustment, set below */
        }
        uint32_t sum = checksum((unsigned char *)out.s + at, t[i].len), size = t[i].len;
        unsigned char v[12] = {sum >> 24, sum >> 16, sum >> 8, sum, at >> 24, at >> 16, at >> 8, at,
                               size >> 24, size >> 16, size >> 8, size};
        memcpy(out.s + dir + 16 * i + 4, v, 12);
    }
    while (out.n % 4)
        q_buf_putc(&out, 0);
    if (head_at) {
        uint32_t adj = 0xB1B0AFBAu - checksum((unsigned char *)out.s, out.n);
        unsigned char v[4] = {adj >> 24, adj >> 16, adj >> 8, adj};
        memcpy(out.s + head_at + 8, v, 4);
    }
    free(t);
    free(*blob);
    *len = out.n;
    *blob = (unsigned char *)q_buf_take(&out);
    return 0;
}

static int cmp_cp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int q_sfnt_compact_cmap(unsigned char **blob, size_t *len, const uint32_t *unsorted, size_t n)
{
    uint32_t *cps = q_xmalloc((n + 1) * sizeof *cps);
    if (n)
        memcpy(cps, unsorted, n * sizeof *cps);
    qsort(cps, n, sizeof *cps, cmp_cp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || cps[u - 1] != cps[i])
            cps[u++] = cps[i];
    n = u;
    hb_blob_t *b = hb_blob_create((const char *)*blob, (unsigned)*len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(b, 0);
    hb_font_t *font = hb_font_create(face);
    uint16_t *gids = q_xmalloc((n + 1) * sizeof *gids);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t g = 0;
        gids[i] = hb_font_get_nominal_glyph(font, cps[i], &g) ? (uint16_t)g : 0;
    }
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(b);
    q_buf cmap = {0};
    build_cmap(cps, gids, n, &cmap);
    free(gids);
    int rc = rebuild_sfnt(blob, len, &cmap);
    q_buf_free(&cmap);
    free(cps);
    return rc;
}
