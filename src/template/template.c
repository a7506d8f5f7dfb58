#include "template/template.h"
#include "template/explain.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include <errno.h>
#include <libgen.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const unsigned char quire_schema_rng[];
extern const size_t quire_schema_rng_len;

typedef struct collect {
    q_diags *d;
    const char *file;
    int count;
    int first_only;
} collect;

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    collect *c = ctx;
    if (!e || e->level < XML_ERR_ERROR || (c->first_only && c->count))
        return;
    c->count++;
    char *msg = q_xstrdup(e->message ? e->message : "malformed XML");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = 0;
    /* libxml2 reports validation failures on the offending element. */
    int line = e->line;
    if (e->node && e->domain == XML_FROM_RELAXNGV)
        line = xmlGetLineNo((xmlNode *)e->node);
    if (line <= 0)
        line = 1;
    /* One problem makes RELAX NG complain about every enclosing element
     * too; the first message on a line is the one that says what is wrong. */
    if (e->domain == XML_FROM_RELAXNGV) {
        for (size_t i = 0; i < c->d->n; i++)
            if (c->d->v[i].line == line && c->d->v[i].file && !strcmp(c->d->v[i].file, c->file)) {
                free(msg);
                return;
            }
    }
    q_diag_add(c->d, Q_EUSAGE, c->file, line, 0, "%s", msg);
    free(msg);
}

/* The template is the operator's path: a pipe may stand there, never a
 * device or a directory, and nothing is read past the limits. */
static unsigned char *read_file(const char *path, unsigned long long max, size_t *len, q_diags *d)
{
    char eb[256];
    q_input in = {max, 1, NULL};
    int fd = q_open_input(path, &in, eb, sizeof eb);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        /* Too large for --max-input-size is a limit (1); the rest, a
         * template that cannot be read (2). */
        int limit = fd < 0 && strstr(eb, "--max-input-size");
        if (fd < 0 && !strncmp(eb, "cannot open: ", 13))
            q_diag_add(d, Q_EUSAGE, path, 0, 0, "cannot open template: %s", eb + 13);
        else
            q_diag_add(d, limit ? Q_EDATA : Q_EUSAGE, path, 0, 0, "template: %s", fd >= 0 ? "cannot open" : eb);
        return NULL;
    }
    q_buf b = {0};
    char *chunk = q_xmalloc(65536);   /* not on the stack: renders run on threads */
    size_t got;
    while ((got = fread(chunk, 1, 65536, f)) > 0) {
        if (max && b.n + got > max) {
            q_input_too_big(&in, eb, sizeof eb);
            q_diag_add(d, Q_EDATA, path, 0, 0, "template: %s", eb);
            break;
        }
        if (b.n + got > Q_TEMPLATE_MAX_BYTES) {
            q_diag_add(d, Q_EUSAGE, path, 0, 0, "template is larger than %u MB", Q_TEMPLATE_MAX_BYTES >> 20);
            break;
        }
        q_buf_add(&b, chunk, got);
    }
    free(chunk);
    int failed = got > 0 || ferror(f);
    if (!got && ferror(f))
        q_diag_add(d, Q_EUSAGE, path, 0, 0, "cannot read template");
    fclose(f);
    if (failed) {
        q_buf_free(&b);
        return NULL;
    }
    *len = b.n;
    return (unsigned char *)q_buf_take(&b);
}

static int max_depth(const xmlNode *n, int depth)
{
    int deepest = depth;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            int k = max_depth(c, depth + 1);
            if (k > deepest)
                deepest = k;
            if (deepest > Q_TEMPLATE_MAX_DEPTH)
                break;
        }
    return deepest;
}

/* The schema is compiled once per process (a sixth of a render) and then
 * only read: each validation has its own context. */
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static xmlRelaxNGPtr schema;

static void compile_schema(void)
{
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt((const char *)quire_schema_rng, (int)quire_schema_rng_len);
    schema = pc ? xmlRelaxNGParse(pc) : NULL;
    xmlRelaxNGFreeParserCtxt(pc);
}

static int validate(q_template *t, q_diags *d)
{
    collect c = {d, t->path, 0, 0};
    pthread_once(&schema_once, compile_schema);
    if (!schema) {
        q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "built-in schema failed to load");
        return -1;
    }
    /* libxml2 decides whether the template is valid; its messages are kept
     * aside, for when quire's own reading of the schema finds nothing. */
    q_diags raw = {0};
    c.d = &raw;
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, &c);
    int rc = xmlRelaxNGValidateDoc(vc, t->doc);
    xmlRelaxNGFreeValidCtxt(vc);
    if (rc != 0 && q_schema_explain(t->doc, t->path, d) == 0) {
        if (raw.n)   /* the first says what is wrong; the rest are its echoes */
            q_diag_add(d, Q_EUSAGE, raw.v[0].file, raw.v[0].line, 0, "%s", raw.v[0].msg);
        else
            q_diag_add(d, Q_EUSAGE, t->path, 1, 0, "template does not match the quire schema");
    }
    q_diags_free(&raw);
    return rc == 0 ? 0 : -1;
}

/* Where a tag named `tag` opens ("<query" then a space, '>' or '/'). */
static int opens_tag(const unsigned char *p, const unsigned char *end, const char *tag)
{
    size_t n = strlen(tag);
    if ((size_t)(end - p) <= n || memcmp(p, tag, n))
        return 0;
    unsigned char c = p[n];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/';
}

static int starts(const unsigned char *p, const unsigned char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

/* A character or entity reference XML accepts: &lt; &amp; &#60; ... */
static int entity_ok(const unsigned char *p, const unsigned char *end)
{
    static const char *const named[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&apos;"};
    for (size_t i = 0; i < 5; i++)
        if (starts(p, end, named[i]))
            return 1;
    const unsigned char *q = p + 1;
    if (q >= end || *q++ != '#')
        return 0;
    int hex = q < end && *q == 'x', digits = 0;
    for (q += hex; q < end && (hex ? strchr("0123456789abcdefABCDEF", *q) != NULL : *q >= '0' && *q <= '9'); q++)
        digits++;
    return digits && q < end && *q == ';';
}

/* Finds, up to the end of `line`, a '<' or '&' that XML cannot read inside
 * the text of a <query> or <metric>: SQL is the one place where they come
 * naturally. Returns the character (0 if none); *el names the element. */
static int sql_markup_at(const unsigned char *bytes, size_t len, int line, const char **el)
{
    const unsigned char *p = bytes, *end = bytes + len;
    for (int l = 1; p < end && l <= line; p++)
        l += *p == '\n';
    const char *open = NULL;
    int in_text = 0;
    for (const unsigned char *q = bytes; q < p; q++) {
        if (!open) {
            if (opens_tag(q, p, "<query") || opens_tag(q, p, "<metric")) {
                open = q[1] == 'q' ? "query" : "metric";
                in_text = 0;
            }
        } else if (!in_text) {
            in_text = *q == '>';
            if (in_text && q[-1] == '/')
                open = NULL;   /* <query name="q"/> */
        } else if (starts(q, p, "<![CDATA[") || starts(q, p, "<!--")) {
            const char *close = q[3] == '[' ? "]]>" : "-->";
            while (q < p && !starts(q, p, close))
                q++;
        } else if (opens_tag(q, p, "</query") || opens_tag(q, p, "</metric")) {
            open = NULL;
        } else if (*q == '<' || (*q == '&' && !entity_ok(q, end))) {
            *el = open;
            return *q;
        }
    }
    return 0;
}

/* Rewrites a parser error about a '<' or '&' in SQL into what to do. */
static void explain_sql_markup(q_diag *g, const unsigned char *bytes, size_t len)
{
    if (strstr(g->msg, "Unescaped '<' not allowed in attribute")) {   /* <if test="n < 50"> */
        free(g->msg);
        g->msg = q_xstrdup("a '<' in an attribute value must be written '&lt;' (test=\"n &lt; 50\")");
        return;
    }
    const char *el = NULL;
    int ch = sql_markup_at(bytes, len, g->line, &el);
    if (!ch)
        return;
    int amp = ch == '&';
    char *m = q_asprintf("a '%s' in the SQL of <%s> starts an XML %s: write '%s' or wrap the SQL in <![CDATA[ ... ]]>",
                         amp ? "&" : "<", el, amp ? "entity" : "tag", amp ? "&amp;" : "&lt;");
    free(g->msg);
    g->msg = m;
}

q_template *q_template_load(const char *path, q_diags *d)
{
    return q_template_load_max(path, 0, d);
}

q_template *q_template_load_max(const char *path, unsigned long long max, q_diags *d)
{
    size_t len = 0;
    unsigned char *bytes = read_file(path, max, &len, d);
    return bytes ? q_template_parse(path, bytes, len, d) : NULL;
}

q_template *q_template_parse(const char *path, unsigned char *bytes, size_t len, q_diags *d)
{
    if (len > Q_TEMPLATE_MAX_BYTES) {
        q_diag_add(d, Q_EUSAGE, path, 0, 0, "template is larger than %u MB", Q_TEMPLATE_MAX_BYTES >> 20);
        free(bytes);
        return NULL;
    }
    if (len == 0) {
        q_diag_add(d, Q_EUSAGE, path, 1, 0, "template is empty");
        free(bytes);
        return NULL;
    }
    /* No network, no DTD loading, no entity substitution: a template needs
     * none of them and each is an attack surface (SPEC §6). */
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING;
    collect c = {d, path, 0, 1};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(bytes);
        q_diag_add(d, Q_EUSAGE, path, 0, 0, "cannot create XML parser");
        return NULL;
    }
    size_t before = d->n;
    xmlSetStructuredErrorFunc(&c, on_xml_error);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, (const char *)bytes, (int)len, path, "UTF-8", opts);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
    if (d->n > before)
        explain_sql_markup(&d->v[before], bytes, len);
    if (!doc) {
        if (!c.count)
            q_diag_add(d, Q_EUSAGE, path, 1, 0, "malformed XML");
        free(bytes);
        return NULL;
    }
    if (c.count) { /* recoverable errors still mean a broken template */
        xmlFreeDoc(doc);
        free(bytes);
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        /* libxml2 keeps no line for a DTD node: count to the declaration. */
        const unsigned char *at = memmem(bytes, len, "<!DOCTYPE", 9);
        int line = 1;
        for (const unsigned char *p = bytes; at && p < at; p++)
            line += *p == '\n';
        q_diag_add(d, Q_EUSAGE, path, line, 0, "a DOCTYPE is not allowed in a template (no DTDs, no entities)");
        xmlFreeDoc(doc);
        free(bytes);
        return NULL;
    }
    q_template *t = q_xcalloc(1, sizeof *t);
    t->doc = doc;
    t->root = xmlDocGetRootElement(doc);
    t->path = q_xstrdup(path);
    /* The folder of the file itself, so a symlinked template (such as
     * templates/briefing.xml) finds the data beside its real file. */
    char real[PATH_MAX];
    char *tmp = q_xstrdup(realpath(path, real) ? real : path);
    t->dir = q_xstrdup(dirname(tmp));
    free(tmp);
    t->bytes = bytes;
    t->nbytes = len;
    if (!t->root) {
        q_diag_add(d, Q_EUSAGE, path, 1, 0, "template has no root element");
        q_template_free(t);
        return NULL;
    }
    if (max_depth(t->root, 1) > Q_TEMPLATE_MAX_DEPTH) {
        q_diag_add(d, Q_EUSAGE, path, 1, 0, "template nests deeper than %d elements", Q_TEMPLATE_MAX_DEPTH);
        q_template_free(t);
        return NULL;
    }
    if (validate(t, d) != 0) {
        q_template_free(t);
        return NULL;
    }
    return t;
}

void q_template_free(q_template *t)
{
    if (!t)
        return;
    xmlFreeDoc(t->doc);
    free(t->path);
    free(t->dir);
    free(t->bytes);
    free(t);
}

char *q_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = q_xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

int q_attr_is(const xmlNode *n, const char *name, const char *value)
{
    char *v = q_attr(n, name);
    int is = v && strcmp(v, value) == 0;
    free(v);
    return is;
}

int q_attr_bool(const xmlNode *n, const char *name, int dflt)
{
    char *v = q_attr(n, name);
    if (!v)
        return dflt;
    int b = strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0;
    free(v);
    return b;
}

int q_line(const xmlNode *n)
{
    long l = n ? xmlGetLineNo((xmlNode *)n) : 0;
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

int q_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNode *q_first_elem(const xmlNode *n)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

xmlNode *q_next_elem(const xmlNode *n)
{
    for (xmlNode *c = n->next; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

xmlNode *q_child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = q_first_elem(n); c; c = q_next_elem(c))
        if (q_is(c, name))
            return c;
    return NULL;
}

static int inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return path[0] == '/';
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

/* Collapses "." and ".." without touching the disk, so an escape to a file
 * that does not exist is still an escape. */
static char *normalize(const char *path)
{
    char *out = q_xmalloc(strlen(path) + 2);
    size_t n = 0;
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 0)
            break;
        if (len == 1 && p[0] == '.') {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--;
        } else {
            out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p = e;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = 0;
    return out;
}

static int allowed(const char *path, const char *dir, const char *const *allow_dirs, size_t nallow)
{
    char base[PATH_MAX];
    if (realpath(dir, base) && inside(path, base))
        return 1;
    for (size_t i = 0; i < nallow; i++)
        if (realpath(allow_dirs[i], base) && inside(path, base))
            return 1;
    return 0;
}

char *q_template_path(const q_template *t, const xmlNode *at, const char *rel,
                      const char *const *allow_dirs, size_t nallow, q_diags *d)
{
    char base[PATH_MAX], real[PATH_MAX];
    char *joined = rel[0] == '/' ? q_xstrdup(rel)
                 : q_asprintf("%s/%s", realpath(t->dir, base) ? base : t->dir, rel);
    char *lexical = normalize(joined);
    free(joined);
    /* Checked twice: by name first, then once symlinks are resolved. */
    int ok = allowed(lexical, t->dir, allow_dirs, nallow);
    int exists = ok && realpath(lexical, real) != NULL;
    int err = errno;
    free(lexical);
    if (ok && exists)
        ok = allowed(real, t->dir, allow_dirs, nallow);
    if (!ok) {
        q_diag_add(d, Q_EUSAGE, t->path, q_line(at), 0,
                   "path '%s' leaves the template's folder (use --allow-path DIR to permit it)", rel);
        return NULL;
    }
    if (!exists) {
        q_diag_add(d, Q_EDATA, t->path, q_line(at), 0, "cannot open '%s': %s", rel, strerror(err));
        return NULL;
    }
    return q_xstrdup(real);
}
