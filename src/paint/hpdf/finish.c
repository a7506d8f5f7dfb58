/* Rewrites libharu's output (docs/design.md, "Tagged PDF"). libharu writes
 * "%PDF-1.x", then objects 1..N-1 in order ("N 0 obj\n…endobj\n"), a
 * classic xref table and a trailer with /Root and /Info: that layout, and
 * nothing more general, is what is read here. */
#include "paint/hpdf/finish.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* 16 bytes an object (a 100,000-row table has 500,000): offsets in
 * libharu's file fit 32 bits, checked on entry. */
typedef struct span {
    uint32_t body, end;   /* the object's body: after "N 0 obj\n", before "endobj\n" */
    uint32_t next;        /* where the next object starts */
    uint32_t stream;
} span;

static const char *find_last(const char *in, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (!memcmp(in + i, needle, k))
            return in + i;
    return NULL;
}

/* "/Key N 0 R" in the trailer. */
static long trailer_ref(const char *trailer, const char *end, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = trailer; p + k < end; p++)
        if (!memcmp(p, key, k) && p[k] == ' ')
            return strtol(p + k + 1, NULL, 10);
    return -1;
}

/* Deflates n bytes at s into z, grown as needed (first: its first
 * capacity), one byte always spare: the object stream and each page's
 * content are deflated in pieces, never held whole. */
int q_hpdf_zfeed(z_stream *zs, const void *s, size_t n, int flush, q_buf *z, size_t first)
{
    zs->next_in = (Bytef *)(uintptr_t)s;
    zs->avail_in = (uInt)n;
    for (;;) {
        if (z->cap - z->n < 65536 + 1) {
            z->cap = z->cap ? z->cap * 2 : first > 65536 + 1 ? first : 65536 * 2;
            z->s = q_xrealloc(z->s, z->cap);
        }
        zs->next_out = (Bytef *)z->s + z->n;
        zs->avail_out = (uInt)(z->cap - z->n - 1);
        int rc = deflate(zs, flush);
        z->n = z->cap - 1 - zs->avail_out;
        if (rc == Z_STREAM_END)
            return 0;
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return -1;
        if (flush == Z_NO_FLUSH && zs->avail_in == 0)
            return 0;
    }
}

/* Both halves of /ID: a 128-bit hash of the content (two FNV-style
 * lanes, eight bytes alternating between them). An /ID needs to be unique, not
 * secret; SHA-256 here cost 5% of a briefing's render. */
static void content_id(const char *in, size_t n, const char *more, size_t nmore, char hex[33])
{
    uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
    for (int part = 0; part < 2; part++) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {   /* eight bytes a step */
            uint64_t w;
            memcpy(&w, in + i, 8);
            uint64_t *x = &h[(i >> 3) & 1];
            *x = (*x ^ w) * 0x100000001b3ULL;
            *x ^= *x >> 29;
        }
        for (; i < n; i++)
            h[1] = (h[1] ^ (unsigned char)in[i]) * 0x100000001b3ULL;
        h[0] ^= (uint64_t)n;
        in = more, n = nmore;
        if (!n)
            break;
    }
    snprintf(hex, 33, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
}

/* An xref entry's ten-digit offset: each read once, without strtoul. */
static size_t xref_off(const char *e)
{
    size_t v = 0;
    for (int k = 0; k < 10 && e[k] >= '0' && e[k] <= '9'; k++)
        v = v * 10 + (size_t)(e[k] - '0');
    return v;
}

/* "N " without printf: hundreds of these per document. */
static void put_uint(q_buf *b, size_t v)
{
    char s[24];
    int k = (int)sizeof s;
    s[--k] = ' ';
    do
        s[--k] = (char)('0' + v % 10);
    while (v /= 10);
    q_buf_add(b, s + k, sizeof s - (size_t)k);
}

static void put_be(q_buf *b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        q_buf_putc(b, (char)(v >> (8 * i) & 0xFF));
}

/* Object i's body: libharu's, or its substitute. */
static void body(const char *in, const span *o, const q_hpdf_subst *sub, unsigned i, const char **s, size_t *n)
{
    if (sub && i >= sub->first && i - sub->first < sub->count) {
        size_t k = i - sub->first;
        *s = sub->text + sub->off[k];
        *n = sub->off[k + 1] - sub->off[k];
        return;
    }
    *s = in + o[i].body;
    *n = o[i].end - o[i].body;
}

int q_hpdf_finish(const char *in, size_t n, const char *version, int classic, const q_hpdf_subst *sub,
                  q_buf *out, char *err, size_t errsz)
{
    const char *sx = find_last(in, n, "startxref\n");
    const char *tr = find_last(in, n, "trailer\n");
    size_t xoff = sx ? strtoul(sx + 10, NULL, 10) : 0;
    unsigned nobj = 0;
    if (n > UINT32_MAX) {
        q_seterr(err, errsz, "more than 4 GB");
        return -1;
    }
    if (!sx || !tr || n < 16 || memcmp(in, "%PDF-1.", 7) || xoff >= n ||
        sscanf(in + xoff, "xref\n0 %u\n", &nobj) != 1 || nobj < 2) {
        q_seterr(err, errsz, "not the layout libharu writes");
        return -1;
    }
    if (sub && (!sub->count || sub->first < 1 || sub->first >= nobj || sub->count > nobj - sub->first))
        sub = NULL;
    long root = trailer_ref(tr, sx, "/Root"), info = trailer_ref(tr, sx, "/Info");
    const char *tab = strchr(in + xoff + 5, '\n') + 1;
    char id[33];
    content_id(in, n, sub ? sub->text + sub->off[0] : NULL, sub ? sub->off[sub->count] - sub->off[0] : 0, id);
    if (classic && !sub) {
        /* Same length header, same offsets: only the trailer changes. */
        q_buf_printf(out, "%%PDF-%.3s", version);
        q_buf_add(out, in + 8, (size_t)(tr - in) - 8);
        q_buf_printf(out, "trailer\n<<\n/Root %ld 0 R\n", root);
        if (info > 0)
            q_buf_printf(out, "/Info %ld 0 R\n", info);
        q_buf_printf(out, "/Size %u\n/ID [<%s><%s>]\n>>\nstartxref\n%zu\n%%%%EOF\n", nobj, id, id, xoff);
        return 0;
    }
    span *o = q_xcalloc(nobj, sizeof *o);
    int rc = 0;
    for (unsigned i = 1; i < nobj && !rc; i++) {
        size_t off = i == 1 ? xref_off(tab + 20) : o[i - 1].next;
        size_t next = i + 1 < nobj ? xref_off(tab + 20 * (size_t)(i + 1)) : xoff;
        o[i].next = (uint32_t)next;
        char *after;
        if (off >= next || next > n || next - off < 16 || strtoul(in + off, &after, 10) != i ||
            memcmp(after, " 0 obj\n", 7) || memcmp(in + next - 7, "endobj\n", 7)) {
            rc = -1;
            break;
        }
        o[i].body = (uint32_t)(after + 7 - in);
        o[i].end = (uint32_t)(next - 7);
        o[i].stream = o[i].end - o[i].body >= 10 && !memcmp(in + o[i].end - 10, "endstream\n", 10);
    }
    if (rc) {
        free(o);
        q_seterr(err, errsz, "not the layout libharu writes");
        return -1;
    }
    const char *bs;
    size_t bn;
    if (classic) {
        /* libharu's objects in their order, some replaced: new offsets. */
        size_t first_off = strtoul(tab + 20, NULL, 10);
        size_t *where = q_xcalloc(nobj, sizeof *where);
        q_buf_printf(out, "%%PDF-%.3s", version);
        q_buf_add(out, in + 8, first_off - 8);
        for (unsigned i = 1; i < nobj; i++) {
            where[i] = out->n;
            put_uint(out, i);
            q_buf_puts(out, "0 obj\n");
            body(in, o, sub, i, &bs, &bn);
            q_buf_add(out, bs, bn);
            q_buf_puts(out, "endobj\n");
        }
        size_t nx = out->n;
        q_buf_printf(out, "xref\n0 %u\n", nobj);
        q_buf_add(out, tab, 20);
        for (unsigned i = 1; i < nobj; i++)
            q_buf_printf(out, "%010zu 00000 n\r\n", where[i]);
        q_buf_printf(out, "trailer\n<<\n/Root %ld 0 R\n", root);
        if (info > 0)
            q_buf_printf(out, "/Info %ld 0 R\n", info);
        q_buf_printf(out, "/Size %u\n/ID [<%s><%s>]\n>>\nstartxref\n%zu\n%%%%EOF\n", nobj, id, id, nx);
        free(where);
        free(o);
        return 0;
    }
    /* Objects N (the object stream) and N+1 (the xref stream) are new. */
    size_t *where = q_xcalloc((size_t)nobj + 2, sizeof *where);
    unsigned *index = q_xcalloc(nobj, sizeof *index);
    q_buf_printf(out, "%%PDF-%s\n%%\xb7\xbe\xad\xaa\n", version);
    q_buf hdr = {0}, z = {0}, xref = {0};
    unsigned packed = 0;
    size_t doff = 0, sbytes = 0;
    for (unsigned i = 1; i < nobj; i++) {
        if (o[i].stream) {
            sbytes += o[i].end - o[i].body + 32;
            continue;
        }
        index[i] = packed++;
        put_uint(&hdr, i);
        put_uint(&hdr, doff);
        body(in, o, sub, i, &bs, &bn);
        doff += bn;
    }
    size_t first = hdr.n;
    z_stream zs = {0};
    /* Level 1: the dictionaries are repetitive text; a stronger level
     * saves a few bytes for three times the time. */
    rc = deflateInit(&zs, 1) == Z_OK ? 0 : -1;
    if (rc == 0)
        rc = q_hpdf_zfeed(&zs, hdr.s ? hdr.s : "", hdr.n, Z_NO_FLUSH, &z, 1 << 20);
    q_buf_free(&hdr);   /* deflated: not needed while the rest is */
    for (unsigned i = 1; i < nobj && rc == 0; i++) {
        if (o[i].stream)
            continue;
        body(in, o, sub, i, &bs, &bn);
        rc = q_hpdf_zfeed(&zs, bs, bn, Z_NO_FLUSH, &z, 1 << 20);
    }
    if (rc == 0)
        rc = q_hpdf_zfeed(&zs, "", 0, Z_FINISH, &z, 1 << 20);
    deflateEnd(&zs);
    if (sub && sub->spent)
        sub->spent(sub->arg);   /* in z now: freed before the file is made */
    /* The whole file's size is known now: one allocation, no doubling. */
    size_t need = out->n + sbytes + z.n + (size_t)(nobj + 2) * 8 + 512;
    if (out->cap < need) {
        out->s = q_xrealloc(out->s, need);
        out->cap = need;
    }
    for (unsigned i = 1; i < nobj; i++) {
        if (!o[i].stream)
            continue;
        where[i] = out->n;
        q_buf_printf(out, "%u 0 obj\n", i);
        q_buf_add(out, in + o[i].body, o[i].end - o[i].body);
        q_buf_puts(out, "endobj\n");
    }
    where[nobj] = out->n;
    q_buf_printf(out, "%u 0 obj\n<<\n/Type /ObjStm\n/N %u\n/First %zu\n/Filter /FlateDecode\n/Length %zu\n>>\nstream\r\n",
                 nobj, packed, first, z.n);
    q_buf_add(out, z.s, z.n);
    q_buf_puts(out, "\r\nendstream\nendobj\n");
    where[nobj + 1] = out->n;
    /* W [1 w wi]: type, offset (or object stream), generation (or index),
     * as narrow as the numbers allow; left uncompressed, it is that small. */
    int w = where[nobj + 1] <= 0xFFFF ? 2 : where[nobj + 1] <= 0xFFFFFF ? 3 : 4;
    int wi = packed <= 0xFF ? 1 : packed <= 0xFFFF ? 2 : 3;   /* a 100,000-row table packs 500,000 */
    for (unsigned i = 0; i < nobj + 2; i++) {
        int type = i == 0 ? 0 : (i < nobj && !o[i].stream) ? 2 : 1;
        q_buf_putc(&xref, (char)type);
        put_be(&xref, type == 2 ? nobj : type == 1 ? where[i] : 0, w);
        put_be(&xref, type == 2 ? index[i] : 0, wi);
    }
    q_buf_printf(out, "%u 0 obj\n<<\n/Type /XRef\n/Size %u\n/W [ 1 %d %d ]\n/Root %ld 0 R\n", nobj + 1, nobj + 2, w,
                 wi, root);
    if (info > 0)
        q_buf_printf(out, "/Info %ld 0 R\n", info);
    q_buf_printf(out, "/ID [<%s><%s>]\n/Length %zu\n>>\nstream\r\n", id, id, xref.n);
    q_buf_add(out, xref.s, xref.n);
    q_buf_printf(out, "\r\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", where[nobj + 1]);
    if (out->n > UINT32_MAX)
        rc = -1;   /* offsets are 4 bytes wide */
    q_buf_free(&hdr);
    q_buf_free(&z);
    q_buf_free(&xref);
    free(where);
    free(index);
    free(o);
    if (rc)
        q_seterr(err, errsz, "cannot compress the document's objects");
    return rc;
}
