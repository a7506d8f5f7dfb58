#include "template/explain.h"
#include "template/template.h"
#include "util/buf.h"
#include "util/suggest.h"
#include <libxml/parser.h>
#include <libxml/xmlregexp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char quire_schema_rng[];
extern const size_t quire_schema_rng_len;

enum { UNBOUNDED = -1, MAX_WALK = 64 };

/* ---- The table: what each element takes, read from quire.rng ------------ */

typedef struct s_attr {
    char *name;
    int required;
    char **values;          /* an enumeration (<value>) */
    size_t nvalues;
    xmlRegexpPtr *res;      /* <data> patterns */
    size_t nres;
    int any;                /* <text/>: any value */
    char *type;             /* the define that gave the value (t.length) */
} s_attr;

typedef struct s_kid {
    char *name;
    int min, max;           /* occurrences; max UNBOUNDED */
    int rank;               /* place in the parent's sequence */
    char *follows;          /* must come right after this sibling */
} s_kid;

typedef struct s_elem {
    char *name;
    s_attr *attrs;
    size_t nattrs;
    s_kid *kids;
    size_t nkids;
    int text;
} s_elem;

typedef struct s_table {
    s_elem *v;
    size_t n;
} s_table;

typedef struct build {
    s_table *t;
    const xmlNode *grammar;
} build;

typedef struct pos {        /* how a pattern sits inside its element */
    int optional, repeat, rank;
    const char *follows;
    int depth;
} pos;

static int rng_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static char *rng_prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s = v ? q_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static char *rng_text(const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = q_xstrdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static const xmlNode *rng_define(const build *b, const char *name)
{
    for (const xmlNode *c = b->grammar->children; c; c = c->next) {
        if (!rng_is(c, "define"))
            continue;
        char *n = rng_prop(c, "name");
        int hit = n && !strcmp(n, name);
        free(n);
        if (hit)
            return c;
    }
    return NULL;
}

static long find_elem(const s_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].name, name))
            return (long)i;
    return -1;
}

static size_t new_elem(s_table *t, const char *name)
{
    t->v = q_xrealloc(t->v, (t->n + 1) * sizeof *t->v);
    t->v[t->n] = (s_elem){.name = q_xstrdup(name)};
    return t->n++;
}

/* Names of an <element> pattern: its name attribute, or a name class. */
static size_t elem_names(const xmlNode *pat, char **out, size_t cap)
{
    char *name = rng_prop(pat, "name");
    if (name) {
        out[0] = name;
        return 1;
    }
    size_t n = 0;
    const xmlNode *nc = pat->children;
    while (nc && nc->type != XML_ELEMENT_NODE)
        nc = nc->next;
    if (rng_is(nc, "name"))
        out[n++] = rng_text(nc);
    else if (rng_is(nc, "choice"))
        for (const xmlNode *c = nc->children; c && n < cap; c = c->next)
            if (rng_is(c, "name"))
                out[n++] = rng_text(c);
    return n;
}

static void walk_value(const build *b, s_attr *a, const xmlNode *pat, int depth)
{
    if (depth > MAX_WALK)
        return;
    if (rng_is(pat, "value")) {
        a->values = q_xrealloc(a->values, (a->nvalues + 1) * sizeof *a->values);
        a->values[a->nvalues++] = rng_text(pat);
    } else if (rng_is(pat, "data")) {
        int patterned = 0;
        for (const xmlNode *c = pat->children; c; c = c->next) {
            char *pn = rng_is(c, "param") ? rng_prop(c, "name") : NULL;
            if (pn && !strcmp(pn, "pattern")) {
                char *re = rng_text(c);
                xmlRegexpPtr r = xmlRegexpCompile((const xmlChar *)re);
                free(re);
                if (r) {
                    a->res = q_xrealloc(a->res, (a->nres + 1) * sizeof *a->res);
                    a->res[a->nres++] = r;
                    patterned = 1;
                }
            }
            free(pn);
        }
        a->any |= !patterned;
    } else if (rng_is(pat, "text")) {
        a->any = 1;
    } else if (rng_is(pat, "ref")) {
        char *name = rng_prop(pat, "name");
        const xmlNode *def = name ? rng_define(b, name) : NULL;
        if (!a->type && name)
            a->type = q_xstrdup(name);
        free(name);
        for (const xmlNode *c = def ? def->children : NULL; c; c = c->next)
            walk_value(b, a, c, depth + 1);
    } else if (pat->type == XML_ELEMENT_NODE) {
        for (const xmlNode *c = pat->children; c; c = c->next)
            walk_value(b, a, c, depth + 1);
    }
}

static void walk(const build *b, size_t ei, const xmlNode *pat, pos p);

static void walk_children(const build *b, size_t ei, const xmlNode *pat, pos p)
{
    p.depth++;
    for (const xmlNode *c = pat->children; c; c = c->next)
        walk(b, ei, c, p);
}

/* The first element a pattern starts with, for "must come right after". */
static char *lead_name(const build *b, const xmlNode *pat, int depth)
{
    if (!pat || depth > MAX_WALK)
        return NULL;
    if (rng_is(pat, "element")) {
        char *names[8];
        size_t n = elem_names(pat, names, 8);
        for (size_t i = 1; i < n; i++)
            free(names[i]);
        return n ? names[0] : NULL;
    }
    if (rng_is(pat, "ref")) {
        char *name = rng_prop(pat, "name");
        const xmlNode *def = name ? rng_define(b, name) : NULL;
        free(name);
        pat = def;
    }
    for (const xmlNode *c = pat ? pat->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return lead_name(b, c, depth + 1);
    return NULL;
}

static void add_attr(const build *b, size_t ei, const xmlNode *pat, pos p)
{
    s_elem *e = &b->t->v[ei];
    char *name = rng_prop(pat, "name");
    if (!name)
        return;
    e->attrs = q_xrealloc(e->attrs, (e->nattrs + 1) * sizeof *e->attrs);
    s_attr *a = &e->attrs[e->nattrs++];
    *a = (s_attr){.name = name, .required = !p.optional};
    for (const xmlNode *c = pat->children; c; c = c->next)
        walk_value(b, a, c, p.depth + 1);
}

static void walk_element(const build *b, size_t ei);

static void add_kids(const build *b, size_t ei, const xmlNode *pat, pos p)
{
    char *names[8];
    size_t n = elem_names(pat, names, 8);
    for (size_t i = 0; i < n; i++) {
        s_elem *e = &b->t->v[ei];
        e->kids = q_xrealloc(e->kids, (e->nkids + 1) * sizeof *e->kids);
        e->kids[e->nkids++] = (s_kid){q_xstrdup(names[i]), p.optional ? 0 : 1, p.repeat ? UNBOUNDED : 1,
                                      p.rank, p.follows ? q_xstrdup(p.follows) : NULL};
        if (find_elem(b->t, names[i]) < 0) {
            size_t k = new_elem(b->t, names[i]);
            walk_element(b, k);
        }
        free(names[i]);
    }
}

static void walk(const build *b, size_t ei, const xmlNode *pat, pos p)
{
    if (pat->type != XML_ELEMENT_NODE || p.depth > MAX_WALK)
        return;
    if (rng_is(pat, "attribute")) {
        add_attr(b, ei, pat, p);
    } else if (rng_is(pat, "element")) {
        add_kids(b, ei, pat, p);
    } else if (rng_is(pat, "ref")) {
        char *name = rng_prop(pat, "name");
        const xmlNode *def = name ? rng_define(b, name) : NULL;
        free(name);
        if (def)
            walk_children(b, ei, def, p);
    } else if (rng_is(pat, "optional") || rng_is(pat, "zeroOrMore") || rng_is(pat, "oneOrMore") ||
               rng_is(pat, "choice")) {
        p.optional |= !rng_is(pat, "oneOrMore");
        p.repeat |= rng_is(pat, "zeroOrMore") || rng_is(pat, "oneOrMore");
        walk_children(b, ei, pat, p);
    } else if (rng_is(pat, "group")) {
        /* A group inside a choice (<if> then <else>): each part after the
         * first must come right after the one before it. */
        const xmlNode *prev = NULL;
        for (const xmlNode *c = pat->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            char *lead = lead_name(b, prev, 0);
            pos q = p;
            q.depth++;
            q.follows = lead ? lead : p.follows;
            walk(b, ei, c, q);
            free(lead);
            prev = c;
        }
    } else if (rng_is(pat, "mixed") || rng_is(pat, "text")) {
        b->t->v[ei].text = 1;
        walk_children(b, ei, pat, p);
    } else if (rng_is(pat, "interleave")) {
        walk_children(b, ei, pat, p);
    }
}

/* An element's content is a sequence: each top-level pattern a rank. */
static void walk_element(const build *b, size_t ei)
{
    char *want = b->t->v[ei].name;
    const xmlNode *pat = NULL;
    /* The element pattern itself: the first one that names it. */
    const xmlNode *stack[256];
    size_t sp = 0;
    stack[sp++] = b->grammar;
    while (sp && !pat) {
        const xmlNode *n = stack[--sp];
        if (rng_is(n, "element")) {
            char *names[8];
            size_t k = elem_names(n, names, 8);
            for (size_t i = 0; i < k; i++) {
                if (!pat && !strcmp(names[i], want))
                    pat = n;
                free(names[i]);
            }
        }
        for (const xmlNode *c = n->last; c && sp < 256; c = c->prev)
            if (c->type == XML_ELEMENT_NODE)
                stack[sp++] = c;
    }
    if (!pat)
        return;
    int has_name = xmlHasProp(pat, (const xmlChar *)"name") != NULL, rank = 0;
    for (const xmlNode *c = pat->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!has_name) {   /* the name class */
            has_name = 1;
            continue;
        }
        walk(b, ei, c, (pos){0, 0, rank++, NULL, 1});
    }
}

/* Written once under pthread_once, then only read. */
static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static s_table table;

static void build_table(void)
{
    xmlDoc *rng = xmlReadMemory((const char *)quire_schema_rng, (int)quire_schema_rng_len, "quire.rng", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    xmlNode *g = rng ? xmlDocGetRootElement(rng) : NULL;
    if (g) {
        build b = {&table, g};
        /* Entry 0 stands for the document: its one child is the root. */
        size_t doc = new_elem(&table, "");
        for (const xmlNode *s = g->children; s; s = s->next)
            if (rng_is(s, "start"))
                walk_children(&b, doc, s, (pos){0});
    }
    xmlFreeDoc(rng);
}

/* ---- Checking a document against the table ------------------------------ */

typedef struct checker {
    const s_table *t;
    q_diags *d;
    const char *file;
    int n;
} checker;

static void say_v(checker *k, long line, const char *fmt, va_list ap)
{
    char *msg = q_vasprintf(fmt, ap);
    q_diag_add(k->d, Q_EUSAGE, k->file, line > 0 && line < 0x7fffffff ? (int)line : 1, 0, "%s", msg);
    free(msg);
    k->n++;
}

__attribute__((format(printf, 3, 4)))
static void say(checker *k, const xmlNode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_v(k, q_line(at), fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void say_line(checker *k, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_v(k, line, fmt, ap);
    va_end(ap);
}

static const s_elem *elem_of(const checker *k, const char *name)
{
    long i = find_elem(k->t, name);
    return i < 0 ? NULL : &k->t->v[i];
}

/* "a, b or c" */
static void join(q_buf *b, const char *const *v, size_t n, const char *last)
{
    for (size_t i = 0; i < n; i++)
        q_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? last : ", ", v[i]);
}

/* What an element may hold, as a phrase: "<data> holds csv, json or sqlite". */
static char *holds(const s_elem *e)
{
    q_buf b = {0};
    const char **names = q_xcalloc(e->nkids + 1, sizeof *names);
    size_t n = 0;
    if (e->text)
        names[n++] = "text";
    for (size_t i = 0; i < e->nkids; i++) {
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            dup |= !strcmp(e->kids[j].name, e->kids[i].name);
        if (!dup)
            names[n++] = e->kids[i].name;
    }
    if (n == 0)
        q_buf_printf(&b, "<%s> must be empty", e->name);
    else {
        q_buf_printf(&b, "<%s> holds ", e->name);
        join(&b, names, n, " and ");
    }
    free(names);
    return q_buf_take(&b);
}

static const s_attr *attr_of(const s_elem *e, const char *name)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (!strcmp(e->attrs[i].name, name))
            return &e->attrs[i];
    return NULL;
}

static int value_ok(const s_attr *a, const char *v)
{
    if (a->any)
        return 1;
    for (size_t i = 0; i < a->nvalues; i++)
        if (!strcmp(a->values[i], v))
            return 1;
    for (size_t i = 0; i < a->nres; i++)
        if (xmlRegexpExec(a->res[i], (const xmlChar *)v) == 1)
            return 1;
    return 0;
}

/* Value kinds in words, by the define (or element@attribute) that gives
 * them; the patterns in quire.rng are not for readers. */
static const char *describe(const char *elem, const s_attr *a)
{
    static const char *const kinds[][2] = {
        {"t.name", "a name: a letter or _, then letters, digits or _"},
        {"t.ident", "a name: a letter or _, then letters, digits, _ or -"},
        {"t.count", "a whole number from 1 up"},
        {"t.number", "a number such as 1.35"},
        {"t.length", "a length: a number with an optional unit pt, mm, cm or in (12pt, 20mm)"},
        {"t.width", "a length (12pt, 20mm) or a percentage of the column (50%)"},
        {"t.color", "a colour #rgb or #rrggbb"},
        {"t.colors", "colours #rgb or #rrggbb, separated by commas or spaces"},
        {"t.lang", "a language tag such as en or pt-BR"},
        {"t.signed-or-ph", "a number or a {placeholder}"},
        {"page@size", "A3, A4, A5, Letter, Legal or WIDTHxHEIGHT (210mmx297mm)"},
        {"page@margin", "1, 2 or 4 lengths (20mm 18mm)"},
        {"csv@delimiter", "one character, \\t or tab"},
    };
    char key[128];
    snprintf(key, sizeof key, "%s@%s", elem, a->name);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(kinds[i][0], key) || (a->type && !strcmp(kinds[i][0], a->type)))
            return kinds[i][1];
    return NULL;
}

static void bad_value(checker *k, const xmlNode *n, const s_elem *e, const s_attr *a, const char *v)
{
    q_buf b = {0};
    q_buf_printf(&b, "<%s %s=\"%s\">: %s must be ", e->name, a->name, v, a->name);
    const char *kind = a->nres ? describe(e->name, a) : NULL;
    if (kind)
        q_buf_puts(&b, kind);
    else if (a->nvalues)
        join(&b, (const char *const *)a->values, a->nvalues, " or ");
    else
        q_buf_puts(&b, "something else");
    q_suggest s;
    q_suggest_init(&s, v);
    for (size_t i = 0; i < a->nvalues; i++)
        q_suggest_add(&s, a->values[i]);
    if (q_suggest_best(&s))
        q_buf_printf(&b, "; did you mean '%s'?", q_suggest_best(&s));
    else if (strchr(v, '{') && !value_ok(a, "{x}"))
        q_buf_printf(&b, " (%s takes no {placeholder})", a->name);
    say(k, n, "%s", q_buf_str(&b));
    q_buf_free(&b);
}

/* Edit distance misses a name cut short or run long (language for lang). */
static void suggest_stem(q_suggest *s, const char *cand)
{
    size_t a = strlen(s->want), b = strlen(cand), n = a < b ? a : b;
    if (!q_suggest_best(s) && n >= 3 && !strncmp(s->want, cand, n) && b < sizeof s->best)
        strcpy(s->best, cand);
}

static void unknown_attr(checker *k, const xmlNode *n, const s_elem *e, const char *name, q_suggest *s)
{
    q_buf b = {0};
    q_buf_printf(&b, "<%s> has no attribute '%s'", e->name, name);
    q_suggest_init(s, name);
    for (size_t i = 0; i < e->nattrs; i++)
        q_suggest_add(s, e->attrs[i].name);
    for (size_t i = 0; i < e->nattrs; i++)
        suggest_stem(s, e->attrs[i].name);
    if (q_suggest_best(s))
        q_buf_printf(&b, "; did you mean '%s'?", q_suggest_best(s));
    if (e->nattrs == 0) {
        q_buf_printf(&b, " (<%s> takes no attributes)", e->name);
    } else {
        const char **names = q_xcalloc(e->nattrs, sizeof *names);
        for (size_t i = 0; i < e->nattrs; i++)
            names[i] = e->attrs[i].name;
        q_buf_printf(&b, " (<%s> takes ", e->name);
        join(&b, names, e->nattrs, " and ");
        q_buf_putc(&b, ')');
        free(names);
    }
    say(k, n, "%s", q_buf_str(&b));
    q_buf_free(&b);
}

static void check_attrs(checker *k, const xmlNode *n, const s_elem *e)
{
    char *guessed = NULL;   /* a misspelling's suggestion: not also "missing" */
    for (const xmlAttr *at = n->properties; at; at = at->next) {
        const char *name = (const char *)at->name;
        const s_attr *a = at->ns ? NULL : attr_of(e, name);
        if (!a) {
            q_suggest s;
            unknown_attr(k, n, e, name, &s);
            if (q_suggest_best(&s) && !guessed)
                guessed = q_xstrdup(q_suggest_best(&s));
            continue;
        }
        xmlChar *v = xmlNodeListGetString(n->doc, at->children, 1);
        if (!value_ok(a, v ? (const char *)v : ""))
            bad_value(k, n, e, a, v ? (const char *)v : "");
        xmlFree(v);
    }
    for (size_t i = 0; i < e->nattrs; i++) {
        const s_attr *a = &e->attrs[i];
        if (a->required && !xmlHasProp(n, (const xmlChar *)a->name) && !(guessed && !strcmp(guessed, a->name)))
            say(k, n, "<%s> needs the attribute %s", e->name, a->name);
    }
    free(guessed);
}

/* Names people bring from HTML and other report tools. */
static const char *alias(const char *name)
{
    static const char *const v[][2] = {
        {"paragraph", "p"}, {"para", "p"}, {"text", "p"}, {"ul", "list"}, {"ol", "list"},
        {"li", "item"}, {"img", "image"}, {"strong", "b"}, {"em", "i"}, {"hr", "rule"},
        {"link", "a"}, {"th", "column"}, {"h4", "h3"}, {"heading", "h1"}, {"sql", "query"},
        {"dataset", "csv"}, {"kpi", "kpis"},
    };
    q_suggest s;
    q_suggest_init(&s, name);
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        q_suggest_add(&s, v[i][0]);
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (q_suggest_best(&s) && !strcmp(v[i][0], q_suggest_best(&s)))
            return v[i][1];
    return NULL;
}

static long kid_of(const s_elem *e, const char *name)
{
    for (size_t i = 0; i < e->nkids; i++)
        if (!strcmp(e->kids[i].name, name))
            return (long)i;
    return -1;
}

/* Returns the suggested child name (or NULL). */
static const char *unknown_elem(checker *k, const xmlNode *c, const s_elem *e)
{
    const char *name = (const char *)c->name;
    q_suggest s;
    q_suggest_init(&s, name);
    for (size_t i = 0; i < e->nkids; i++)
        q_suggest_add(&s, e->kids[i].name);
    const char *best = q_suggest_best(&s);
    if (!best && alias(name) && kid_of(e, alias(name)) >= 0)
        best = alias(name);
    if (best) {
        say(k, c, "unknown element <%s> in <%s>; did you mean <%s>?", name, e->name, best);
        return e->kids[kid_of(e, best)].name;
    }
    char *h = holds(e);
    say(k, c, "unknown element <%s> (%s)", name, h);
    free(h);
    return NULL;
}

/* Where a known element may go: "<query> goes in <report>". */
static void misplaced(checker *k, const xmlNode *c, const s_elem *e)
{
    const char *name = (const char *)c->name;
    const char *parents[8];
    size_t n = 0;
    for (size_t i = 1; i < k->t->n && n < 8; i++)
        if (kid_of(&k->t->v[i], name) >= 0)
            parents[n++] = k->t->v[i].name;
    q_buf b = {0};
    const s_elem *p = elem_of(k, "p");
    if (kid_of(e, "p") >= 0 && p && kid_of(p, name) >= 0) {   /* inline in a block container */
        say(k, c, "<%s> cannot go directly in <%s>; put it in a <p>", name, e->name);
        return;
    }
    char *h = holds(e);
    q_buf_printf(&b, "<%s> cannot go in <%s> (%s)", name, e->name, h);
    free(h);
    int in_report = 0, in_loop = 0;
    for (size_t i = 0; i < n; i++) {
        in_report |= !strcmp(parents[i], "report");
        in_loop |= !strcmp(parents[i], "for-each");
    }
    if (n && n <= 3) {   /* more places than that say less than the list */
        q_buf_printf(&b, "; <%s> goes in ", name);
        for (size_t i = 0; i < n; i++)
            q_buf_printf(&b, "%s<%s>", i == 0 ? "" : i + 1 == n ? " or " : ", ", parents[i]);
    } else if (in_report && in_loop) {   /* <query>, <metric>: the two places that mean something */
        q_buf_printf(&b, "; <%s> goes in <report>, or in a <for-each> to run for each row", name);
    }
    say(k, c, "%s", q_buf_str(&b));
    q_buf_free(&b);
}

static int blank(const xmlNode *c)
{
    for (const xmlChar *p = c->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

/* libxml2 numbers a text node by the line it ends on; a message wants the
 * line where its words start. */
static long text_line(const xmlNode *c)
{
    const xmlChar *p = c->content;
    while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    long line = xmlGetLineNo((xmlNode *)c);
    for (; p && *p; p++)
        line -= *p == '\n';
    return line;
}

static void check_elem(checker *k, const xmlNode *n, const s_elem *e);

/* One child element in its place: counts, order, "right after". */
static void check_place(checker *k, const xmlNode *c, const xmlNode *prev, const s_elem *e, const s_kid *kid,
                        int count, int *maxrank, const char **maxname)
{
    if (kid->max == 1 && count == 2)
        say(k, c, "<%s> may hold only one <%s>", e->name, kid->name);
    else if (kid->follows && !(prev && q_is(prev, kid->follows)))
        say(k, c, "<%s> must come right after an <%s> (one <%s> per <%s>)", kid->name, kid->follows, kid->name,
            kid->follows);
    else if (kid->rank < *maxrank)
        say(k, c, "<%s> must come before <%s> in <%s>", kid->name, *maxname, e->name);
    if (kid->rank > *maxrank) {
        *maxrank = kid->rank;
        *maxname = kid->name;
    }
}

static void check_children(checker *k, const xmlNode *n, const s_elem *e)
{
    int *count = q_xcalloc(e->nkids + 1, sizeof *count);
    char *guessed = q_xcalloc(e->nkids + 1, 1);   /* a misspelling's target is not "missing" */
    const xmlNode *prev = NULL;
    int maxrank = -1, said_text = 0, strays = 0;
    const char *maxname = NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !e->text && !blank(c) && !said_text) {
            said_text = 1;
            strays++;
            char *h = holds(e);
            long at = text_line(c);
            if (kid_of(e, "p") >= 0)
                say_line(k, at, "text is not allowed directly in <%s>; put it in a <p>", e->name);
            else
                say_line(k, at, "text is not allowed in <%s> (%s)", e->name, h);
            free(h);
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        long i = c->ns ? -1 : kid_of(e, name);
        if (i >= 0) {
            count[i]++;
            check_place(k, c, prev, e, &e->kids[i], count[i], &maxrank, &maxname);
            check_elem(k, c, elem_of(k, name));
        } else if (c->ns) {
            say(k, c, "<%s> is in a namespace; quire's elements have none", name);
        } else if (elem_of(k, name)) {
            strays++;
            misplaced(k, c, e);
            check_elem(k, c, elem_of(k, name));
        } else {
            strays++;
            const char *g = unknown_elem(k, c, e);
            if (g)
                guessed[kid_of(e, g)] = 1;
        }
        prev = c;
    }
    /* A child that is wrong here is most likely the one that is missing. */
    for (size_t i = 0; i < e->nkids && !strays; i++)
        if (e->kids[i].min > 0 && !count[i] && !guessed[i])
            say(k, n, e->kids[i].max == 1 ? "<%s> needs a <%s>" : "<%s> needs at least one <%s>", e->name,
                e->kids[i].name);
    free(count);
    free(guessed);
}

static void check_elem(checker *k, const xmlNode *n, const s_elem *e)
{
    if (!e)
        return;
    check_attrs(k, n, e);
    check_children(k, n, e);
}

int q_schema_explain(const xmlDoc *doc, const char *file, q_diags *d)
{
    pthread_once(&table_once, build_table);
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!table.n || !root)
        return 0;
    checker k = {&table, d, file, 0};
    const s_elem *top = &table.v[0];
    if (root->ns)
        say(&k, root, "<%s> is in a namespace (xmlns=\"%s\"); quire's elements have none: remove xmlns",
            (const char *)root->name, (const char *)root->ns->href);
    else if (kid_of(top, (const char *)root->name) < 0)
        say(&k, root, "the root element must be <%s>, not <%s>", top->nkids ? top->kids[0].name : "report",
            (const char *)root->name);
    else
        check_elem(&k, root, elem_of(&k, (const char *)root->name));
    return k.n;
}
