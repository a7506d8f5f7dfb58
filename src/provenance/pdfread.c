/* Embedded files out of a PDF (pdfread.h). Objects are found where a line
 * starts with "N G obj"; a stream's data is skipped by inflating it, so
 * nothing inside compressed bytes is taken for an object. */
#include "provenance/pdfread.h"
#include "util/buf.h"
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* No stream of a report decodes to more (attachments are inputs, which
 * quire itself limits to 1 GiB; verify reads smaller ones). */
#define Q_PDF_MAX_STREAM ((size_t)256 << 20)

typedef struct pobj {
    unsigned num;
    const char *text;        /* the dictionary (or whole object) text */
    size_t tlen;
    char *inflated;          /* a stream's decoded data, owned */
    size_t ilen;
    const char *raw;         /* an unfiltered stream's data */
    size_t rlen;
} pobj;

typedef struct objs {
    pobj *v;
    size_t n, cap;
} objs;

/* Inflates from s (at most n bytes): *used says how many were read. */
static char *inflate_at(const char *s, size_t n, size_t *out_len, size_t *used)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return NULL;
    size_t cap = 4096, len = 0;
    char *o = q_xmalloc(cap);
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)(n > 0x7FFFFFFF ? 0x7FFFFFFF : n);
    int rc;
    do {
        if (cap - len < 4096) {
            if (cap >= Q_PDF_MAX_STREAM) {   /* a deflate bomb: give up on it */
                rc = Z_MEM_ERROR;
                break;
            }
            o = q_xrealloc(o, cap *= 2);
        }
        z.next_out = (Bytef *)o + len;
        z.avail_out = (uInt)(cap - len - 1);
        rc = inflate(&z, Z_NO_FLUSH);
        len = cap - 1 - z.avail_out;
    } while (rc == Z_OK);
    *used = (size_t)(z.next_in - (const Bytef *)s);
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(o);
        return NULL;
    }
    o[len] = 0;
    *out_len = len;
    return o;
}

static const char *find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == needle[0] && !memcmp(s + i, needle, k))
            return s + i;
    return NULL;
}

/* The value of "/Key" as a number, if direct. */
static long num_after(const char *t, size_t n, const char *key)
{
    const char *p = find(t, n, key);
    size_t k = strlen(key);
    if (!p || isalnum((unsigned char)p[k]))
        return -1;
    return strtol(p + k, NULL, 10);
}

static pobj *add(objs *o)
{
    if (o->n == o->cap)
        o->v = q_xrealloc(o->v, (o->cap = o->cap ? o->cap * 2 : 64) * sizeof *o->v);
    pobj *p = &o->v[o->n++];
    memset(p, 0, sizeof *p);
    return p;
}

/* s by value: adding objects moves the array it sits in. */
static void object_stream(objs *o, pobj sv)
{
    const pobj *s = &sv;
    long count = num_after(s->text, s->tlen, "/N"), first = num_after(s->text, s->tlen, "/First");
    if (count <= 0 || first < 0 || (size_t)first > s->ilen)
        return;
    const char *h = s->inflated;
    char *end;
    unsigned long *nums = q_xcalloc((size_t)count + 1, sizeof *nums), *offs = q_xcalloc((size_t)count + 1, sizeof *offs);
    long k = 0;
    for (; k < count; k++) {
        nums[k] = strtoul(h, &end, 10);
        if (end == h)
            break;
        offs[k] = strtoul(end, (char **)&h, 10);
    }
    for (long i = 0; i < k; i++) {
        size_t a = (size_t)first + offs[i], b = i + 1 < k ? (size_t)first + offs[i + 1] : s->ilen;
        if (a > b || b > s->ilen)
            continue;
        pobj *p = add(o);
        p->num = (unsigned)nums[i];
        p->text = s->inflated + a;
        p->tlen = b - a;
    }
    free(nums);
    free(offs);
}

static void scan(const char *pdf, size_t n, objs *o)
{
    for (size_t i = 0; i < n; i++) {
        if ((i && pdf[i - 1] != '\n' && pdf[i - 1] != '\r') || !isdigit((unsigned char)pdf[i]))
            continue;
        char *e1, *e2;
        unsigned long num = strtoul(pdf + i, &e1, 10);
        if (*e1 != ' ')
            continue;
        strtoul(e1 + 1, &e2, 10);
        if (e2 == e1 + 1 || strncmp(e2, " obj", 4))
            continue;
        const char *body = e2 + 4;
        size_t rest = n - (size_t)(body - pdf);
        const char *endobj = find(body, rest, "endobj");
        const char *st = find(body, endobj ? (size_t)(endobj - body) : rest, "stream");
        pobj *p = add(o);
        p->num = (unsigned)num;
        p->text = body;
        if (!st || (st > body && st[-1] == 'd')) {   /* no stream */
            p->tlen = endobj ? (size_t)(endobj - body) : rest;
            i = (size_t)(body - pdf) + p->tlen - 1;
            continue;
        }
        p->tlen = (size_t)(st - body);
        const char *data = st + 6;
        data += *data == '\r';
        data += *data == '\n';
        size_t avail = n - (size_t)(data - pdf), used = 0;
        if (find(p->text, p->tlen, "/FlateDecode")) {
            p->inflated = inflate_at(data, avail, &p->ilen, &used);
        } else {
            long len = num_after(p->text, p->tlen, "/Length");
            const char *es = find(data, avail, "endstream");
            used = len >= 0 && (size_t)len <= avail ? (size_t)len : es ? (size_t)(es - data) : avail;
            p->raw = data;
            p->rlen = used;
        }
        i = (size_t)(data - pdf) + used;
        if (p->inflated && find(p->text, p->tlen, "/ObjStm"))
            object_stream(o, *p);
    }
}

static const pobj *lookup(const objs *o, unsigned num)
{
    for (size_t i = o->n; i-- > 0;)   /* a later definition wins */
        if (o->v[i].num == num)
            return &o->v[i];
    return NULL;
}

/* "/Key" followed by a delimiter, not a longer name. */
static const char *key(const char *t, size_t n, const char *k)
{
    size_t kl = strlen(k);
    for (const char *p = t; (p = find(p, n - (size_t)(p - t), k)); p += kl)
        if (!isalnum((unsigned char)p[kl]))
            return p + kl;
    return NULL;
}

static void put_utf8(q_buf *b, uint32_t cp)
{
    char u[4];
    int k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (k == 1)
        u[0] = (char)cp;
    else {
        for (int i = k - 1; i > 0; i--, cp >>= 6)
            u[i] = (char)(0x80 | (cp & 0x3F));
        u[0] = (char)((0xF0 << (4 - k)) | cp);
    }
    q_buf_add(b, u, (size_t)k);
}

/* A PDF string (literal or hex) at p, as UTF-8. */
static char *pdf_string(const char *p, const char *end)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    q_buf raw = {0};
    if (p < end && *p == '(') {
        int depth = 0;
        for (p++; p < end && (*p != ')' || depth); p++) {
            if (*p == '\\' && p + 1 < end) {
                p++;
                const char *esc = "n\nr\rt\tb\bf\f", *m = strchr(esc, *p);
                if (*p >= '0' && *p <= '7') {
                    int v = 0;
                    for (int k = 0; k < 3 && p < end && *p >= '0' && *p <= '7'; k++)
                        v = v * 8 + (*p++ - '0');
                    p--;
                    q_buf_putc(&raw, (char)v);
                } else
                    q_buf_putc(&raw, m && (m - esc) % 2 == 0 ? m[1] : *p);
                continue;
            }
            depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
            q_buf_putc(&raw, *p);
        }
    } else if (p < end && *p == '<') {
        int hi = -1;
        for (p++; p < end && *p != '>'; p++) {
            if (!isxdigit((unsigned char)*p))
                continue;
            int v = isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10);
            if (hi < 0)
                hi = v;
            else {
                q_buf_putc(&raw, (char)(hi * 16 + v));
                hi = -1;
            }
        }
    } else {
        return NULL;
    }
    const unsigned char *s = (const unsigned char *)(raw.s ? raw.s : "");
    if (raw.n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        q_buf u = {0};
        for (size_t i = 2; i + 1 < raw.n; i += 2) {
            uint32_t cp = (uint32_t)s[i] << 8 | s[i + 1];
            if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < raw.n) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (((uint32_t)s[i + 2] << 8 | s[i + 3]) - 0xDC00);
                i += 2;
            }
            put_utf8(&u, cp);
        }
        q_buf_free(&raw);
        return q_buf_take(&u);
    }
    return raw.s ? q_buf_take(&raw) : q_xstrdup("");
}

size_t q_pdf_attachments(const char *pdf, size_t n, q_pdf_att **out)
{
    objs o = {0};
    scan(pdf, n, &o);
    size_t count = 0;
    *out = NULL;
    for (size_t i = 0; i < o.n; i++) {
        const pobj *p = &o.v[i];
        const char *end = p->text + p->tlen, *ef = key(p->text, p->tlen, "/EF");
        if (!ef || !key(p->text, p->tlen, "/Filespec"))
            continue;
        const char *f = key(ef, (size_t)(end - ef), "/F");
        const char *nm = key(p->text, p->tlen, "/UF");
        char *name = nm ? pdf_string(nm, end) : NULL;
        if (name && !*name) {
            free(name);
            name = NULL;
        }
        if (!name) {   /* no /UF: the /F that holds a string */
            for (const char *q = p->text; !name && (q = key(q, (size_t)(end - q), "/F"));)
                name = pdf_string(q, end);
        }
        const pobj *s = f ? lookup(&o, (unsigned)strtoul(f, NULL, 10)) : NULL;
        if (!name || !s || (!s->inflated && !s->raw)) {
            free(name);
            continue;
        }
        *out = q_xrealloc(*out, (count + 1) * sizeof **out);
        q_pdf_att *a = &(*out)[count++];
        a->name = name;
        a->len = s->inflated ? s->ilen : s->rlen;
        a->data = q_xmalloc(a->len + 1);
        memcpy(a->data, s->inflated ? s->inflated : s->raw, a->len);
        a->data[a->len] = 0;
    }
    for (size_t i = 0; i < o.n; i++)
        free(o.v[i].inflated);
    free(o.v);
    return count;
}

void q_pdf_atts_free(q_pdf_att *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].name);
        free(a[i].data);
    }
    free(a);
}
