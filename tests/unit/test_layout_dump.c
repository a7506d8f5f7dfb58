/* Layout read through the display list's text dump (src/dlist/dump.c):
 * where ops land, what structure element each belongs to, which are
 * artifacts, and that text runs carry the advances layout measured.
 *
 * Also a developer's tool: `build/tests/test_layout_dump TEMPLATE [-g]`
 * prints a template's display list (-g: with glyph ids/advances). */
#include "render.h"
#include "dlist/dlist.h"
#include "t.h"
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define BRIEFING "examples/briefing/briefing.xml"

/* One parsed op line of the dump. */
typedef struct dop {
    int page;
    char kind[16];
    char tag[48];          /* "h1#19", "td#48(r1,c0)", "artifact=header" */
    char text[512];
    double x, y, w, h, size;
    unsigned color;
    long advsum;           /* sum of glyph advances (1/1000 em) */
    int nglyphs, notdef;
} dop;

typedef struct delem {
    char label[48];        /* as ops show it */
    int parent;
    char alt[128];
} delem;

typedef struct dlist_txt {
    dop *ops;
    int n;
    delem *el;             /* by id */
    int nel;
    int pages;
    char *raw;
} dlist_txt;

static double field(const char *line, const char *key)
{
    char k[24];
    snprintf(k, sizeof k, " %s=", key);
    const char *p = strstr(line, k);
    return p ? strtod(p + strlen(k), NULL) : NAN;
}

static void word(const char *line, const char *key, char *out, size_t n)
{
    char k[24];
    snprintf(k, sizeof k, " %s=", key);
    const char *p = strstr(line, k);
    *out = 0;
    if (p) {
        p += strlen(k);
        size_t len = strcspn(p, " \n");
        snprintf(out, n, "%.*s", (int)len, p);
    }
}

/* The quoted string starting at the first '"' of p, unescaped. */
static const char *unquote(const char *p, char *out, size_t n)
{
    size_t k = 0;
    p = strchr(p, '"');
    if (!p)
        return NULL;
    for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        if (k + 1 < n)
            out[k++] = *p;
    }
    out[k] = 0;
    return *p ? p + 1 : p;
}

static void parse_op(dop *o, const char *line)
{
    memset(o, 0, sizeof *o);
    sscanf(line, "page %d %15s", &o->page, o->kind);
    o->x = field(line, strcmp(o->kind, "line") ? "x" : "x0");
    o->y = field(line, strcmp(o->kind, "line") ? "y" : "y0");
    o->w = field(line, "w");
    o->h = field(line, "h");
    o->size = field(line, "size");
    char c[16];
    word(line, "color", c, sizeof c);
    o->color = c[0] == '#' ? (unsigned)strtoul(c + 1, NULL, 16) : 0;
    word(line, "elem", o->tag, sizeof o->tag);
    if (!o->tag[0]) {
        char a[32];
        word(line, "artifact", a, sizeof a);
        snprintf(o->tag, sizeof o->tag, "artifact=%s", a);
    }
    if (strcmp(o->kind, "text") != 0)
        return;
    const char *rest = unquote(strstr(line, " elem=") ? strstr(line, " elem=") : strstr(line, " artifact="), o->text,
                               sizeof o->text);
    const char *g = rest ? strstr(rest, " glyphs=[") : NULL;
    for (g = g ? g + 9 : NULL; g && *g && *g != ']';) {
        char *end;
        long id = strtol(g, &end, 10);
        long adv = strtol(end + 1, &end, 10);
        o->nglyphs++;
        o->advsum += adv;
        o->notdef += id == 0;
        g = *end == ' ' ? end + 1 : end;
    }
}

static int elem_id(const char *label)
{
    const char *h = strchr(label, '#');
    return h ? atoi(h + 1) : -1;
}

static int load(dlist_txt *d, const char *tpl)
{
    memset(d, 0, sizeof *d);
    size_t len = 0;
    FILE *f = open_memstream(&d->raw, &len);
    quire_options o = quire_options_default();
    o.template_path = tpl;
    o.date = 1700000000;
    quire_result r;
    int rc = q_render_dump(&o, f, Q_DUMP_GLYPHS, &r);
    fclose(f);
    if (rc != 0)
        fprintf(stderr, "%s: %s", tpl, r.messages);
    d->pages = r.pages;
    quire_result_free(&r);
    int cap = 0;
    for (char *line = d->raw, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        if (!strncmp(line, "elem ", 5)) {
            d->el = realloc(d->el, (size_t)(d->nel + 2) * sizeof *d->el);
            if (!d->nel)
                d->el[d->nel++] = (delem){"document#0", -1, ""};
            delem *e = &d->el[d->nel++];
            memset(e, 0, sizeof *e);
            sscanf(line, "elem %47s", e->label);
            char parent[48];
            word(line, "parent", parent, sizeof parent);
            e->parent = elem_id(parent);
            const char *alt = strstr(line, " alt=");
            if (alt)
                unquote(alt, e->alt, sizeof e->alt);
        } else if (!strncmp(line, "page ", 5) && !strstr(line, " size w=")) {
            if (d->n == cap)
                d->ops = realloc(d->ops, (size_t)(cap = cap ? cap * 2 : 256) * sizeof *d->ops);
            parse_op(&d->ops[d->n++], line);
        }
    }
    return rc;
}

static void unload(dlist_txt *d)
{
    free(d->ops);
    free(d->el);
    free(d->raw);
}

static const dop *find_text(const dlist_txt *d, const char *text)
{
    for (int i = 0; i < d->n; i++)
        if (!strcmp(d->ops[i].kind, "text") && !strcmp(d->ops[i].text, text))
            return &d->ops[i];
    return NULL;
}

/* The same, in an element of a kind ("td#"): the briefing's charts print
 * years too. */
static const dop *find_text_in(const dlist_txt *d, const char *text, const char *kind)
{
    for (int i = 0; i < d->n; i++)
        if (!strcmp(d->ops[i].kind, "text") && !strcmp(d->ops[i].text, text) &&
            !strncmp(d->ops[i].tag, kind, strlen(kind)))
            return &d->ops[i];
    return NULL;
}

static int cell_rc(const char *tag, int *r, int *c)
{
    const char *p = strchr(tag, '(');
    return p && sscanf(p, "(r%d,c%d)", r, c) == 2;
}

/* Every op of a laid-out document is tagged, and every tag is sound. */
static void tags_are_sound(const dlist_txt *d, const char *what)
{
    int bad = 0;
    for (int i = 0; i < d->n; i++) {
        const dop *o = &d->ops[i];
        int id = elem_id(o->tag);
        if (!strncmp(o->tag, "artifact=", 9))
            bad += !strcmp(o->tag, "artifact=") || !strcmp(o->tag, "artifact=none");
        else
            bad += id <= 0 || id >= d->nel || strcmp(d->el[id].label, o->tag) != 0;
    }
    if (bad)
        fprintf(stderr, "%s: %d ops with a bad tag\n", what, bad);
    T_INTEQ(bad, 0);
    /* Elements come in reading order: a parent before its children. */
    int order = 0;
    for (int i = 1; i < d->nel; i++)
        order += d->el[i].parent < 0 || d->el[i].parent >= i;
    T_INTEQ(order, 0);
}

/* Each run's glyph advances add up to the width layout gave it. */
static void advances_match(const dlist_txt *d, const char *what)
{
    int off = 0, count = 0, notdef = 0;
    for (int i = 0; i < d->n; i++) {
        const dop *o = &d->ops[i];
        if (strcmp(o->kind, "text"))
            continue;
        int ascii = 1, cps = 0;
        for (const unsigned char *s = (const unsigned char *)o->text; *s; s++) {
            ascii &= *s < 0x80;
            cps += (*s & 0xC0) != 0x80;
        }
        off += fabs(o->advsum * o->size / 1000 - o->w) > 0.006 || o->nglyphs != cps;
        notdef += o->notdef;
        count += ascii;
    }
    if (off)
        fprintf(stderr, "%s: %d runs whose glyphs do not match their width\n", what, off);
    T_INTEQ(off, 0);
    T_INTEQ(notdef, 0);
    T_CHECK(count > 0);
}

static void briefing(void)
{
    dlist_txt d;
    T_INTEQ(load(&d, BRIEFING), 0);
    T_INTEQ(d.pages, 2);
    tags_are_sound(&d, "briefing");
    advances_match(&d, "briefing");

    /* Running header and footer are artifacts, and only they sit in the
     * margins (A4, 22 mm top, 20 mm bottom). */
    double top = 22 / 25.4 * 72, bottom = 841.89 - 20 / 25.4 * 72;
    int headers = 0, footers = 0, misplaced = 0;
    for (int i = 0; i < d.n; i++) {
        const dop *o = &d.ops[i];
        int h = !strcmp(o->tag, "artifact=header"), f = !strcmp(o->tag, "artifact=footer");
        headers += h;
        footers += f;
        if (!strcmp(o->kind, "text"))
            misplaced += (o->y < top) != h || (o->y > bottom) != f;
    }
    T_INTEQ(headers, 2);
    T_INTEQ(footers, 2);
    T_INTEQ(misplaced, 0);
    const dop *pg = find_text(&d, "Page 2 of 2");
    T_CHECK(pg && pg->page == 2 && !strcmp(pg->tag, "artifact=footer"));

    /* Key figures: the value in the accent, the rule above it in the same
     * colour and an artifact; value and label are paragraphs of one group. */
    const dop *v = find_text(&d, "368,644");
    const dop *label = find_text(&d, "removals in FY2013");
    T_CHECK(v && label);
    if (v && label) {
        T_INTEQ(v->color, 0x0B5394);
        int rules = 0;
        for (int i = 0; i < d.n; i++) {
            const dop *o = &d.ops[i];
            if (!strcmp(o->kind, "rect") && o->x == v->x && o->y < v->y) {
                rules++;
                T_INTEQ(o->color, v->color);
                T_STREQ(o->tag, "artifact=rule");
            }
        }
        T_INTEQ(rules, 1);
        int a = elem_id(v->tag), b = elem_id(label->tag);
        T_CHECK(a != b && d.el[a].parent == d.el[b].parent && !strncmp(d.el[d.el[a].parent].label, "group#", 6));
    }

    /* Headings: level and style. */
    const dop *h1 = find_text(&d, "Fewer removals, a larger criminal share");
    T_CHECK(h1 && !strncmp(h1->tag, "h1#", 3) && h1->size == 16);
    const dop *h2 = find_text(&d, "About these figures");
    T_CHECK(h2 && !strncmp(h2->tag, "h2#", 3));
    const dop *title = find_text(&d, "on criminals");   /* the title's second line */
    const dop *title1 = find_text(&d, "Removals fell in fiscal 2013 as ICE focused");
    T_CHECK(title && title1 && !strcmp(title->tag, title1->tag) && !strncmp(title->tag, "title#", 6));

    /* Lists: one list, items with a label and a body. */
    int lbl = 0, lists = 0;
    for (int i = 0; i < d.n; i++) {
        const dop *o = &d.ops[i];
        if (strncmp(o->tag, "lbl#", 4))
            continue;
        lbl++;
        T_STREQ(o->text, "•");
        int li = d.el[elem_id(o->tag)].parent;
        T_CHECK(!strncmp(d.el[li].label, "li#", 3));
        int list = d.el[li].parent;
        lists += !strncmp(d.el[list].label, "list#", 5);
    }
    T_CHECK(lbl >= 2);
    T_INTEQ(lists, lbl);

    /* Tables: a header cell and a body cell say their row and column. */
    int r, c;
    const dop *th = find_text(&d, "Field office");
    T_CHECK(th && !strncmp(th->tag, "th#", 3) && cell_rc(th->tag, &r, &c) && r == 0 && c == 0);
    const dop *td = find_text(&d, "240,255");
    T_CHECK(td && !strncmp(td->tag, "td#", 3) && cell_rc(td->tag, &r, &c) && r == 9 && c == 1);
    const dop *year = find_text_in(&d, "2016", "td#");
    T_CHECK(year && cell_rc(year->tag, &r, &c) && r == 9 && c == 0);
    /* Within a row, columns run left to right. */
    int disorder = 0;
    for (int i = 1; i < d.n; i++) {
        int r0, c0, r1, c1;
        if (cell_rc(d.ops[i - 1].tag, &r0, &c0) && cell_rc(d.ops[i].tag, &r1, &c1) && r0 == r1 && c1 > c0)
            disorder += d.ops[i].x <= d.ops[i - 1].x;
    }
    T_INTEQ(disorder, 0);

    /* Zebra stripes: artifacts behind every other row, each holding the
     * baselines of exactly one row's cells, and all of that row's. */
    int stripes = 0;
    for (int i = 0; i < d.n; i++) {
        const dop *s = &d.ops[i];
        if (strcmp(s->tag, "artifact=stripe"))
            continue;
        stripes++;
        T_STREQ(s->kind, "rect");
        int row = -1, inside = 0, mixed = 0, outside = 0;
        for (int k = i + 1; k < d.n && d.ops[k].page == s->page; k++) {
            int rr, cc;
            if (strcmp(d.ops[k].kind, "text") || !cell_rc(d.ops[k].tag, &rr, &cc))
                continue;
            int in = d.ops[k].y >= s->y && d.ops[k].y <= s->y + s->h && d.ops[k].x >= s->x &&
                     d.ops[k].x <= s->x + s->w;
            if (in && row < 0)
                row = rr;
            inside += in;
            mixed += in && rr != row;
            outside += !in && rr == row;
        }
        T_CHECK(inside >= 2);
        T_INTEQ(mixed, 0);
        T_INTEQ(outside, 0);
        T_INTEQ(row % 2, 0);   /* rows 2, 4, …: the header is row 0 */
    }
    T_INTEQ(stripes, 4);
    /* Table rules are artifacts too. */
    int lines = 0;
    for (int i = 0; i < d.n; i++)
        if (!strcmp(d.ops[i].kind, "line"))
            lines += !strcmp(d.ops[i].tag, "artifact=rule");
    T_CHECK(lines >= 6);
    unload(&d);
}

static void docs_examples(void)
{
    dlist_txt d;
    /* A restyled h1: its colour is the accent the template gives it, the
     * same as the span style that highlights the figure. */
    T_INTEQ(load(&d, "docs/examples/styles.xml"), 0);
    tags_are_sound(&d, "styles.xml");
    const dop *h = find_text(&d, "Removals fell");
    const dop *fig = find_text(&d, "368,644 ");   /* ragged lines keep their spaces */
    T_CHECK(h && fig && !strncmp(h->tag, "h1#", 3));
    if (h && fig) {
        T_INTEQ(h->color, 0x7A1F1F);
        T_INTEQ(h->color, fig->color);
        T_CHECK(!strncmp(fig->tag, "p#", 2));
    }
    unload(&d);

    /* Links inside a paragraph: one element under it for the whole link,
     * its words one run with their spaces, one active area a line (this
     * link fits on one). */
    T_INTEQ(load(&d, "docs/examples/blocks.xml"), 0);
    tags_are_sound(&d, "blocks.xml");
    const dop *w1 = find_text(&d, "internal ICE documents");
    T_CHECK(w1 && !strncmp(w1->tag, "link#", 5));
    if (w1) {
        int annots = 0, id = elem_id(w1->tag);
        for (int i = 0; i < d.n; i++)
            annots += !strcmp(d.ops[i].kind, "link") && !strcmp(d.ops[i].tag, w1->tag);
        T_INTEQ(annots, 1);
        T_CHECK(!strncmp(d.el[d.el[id].parent].label, "p#", 2));
    }
    int numbered = 0;
    for (int i = 0; i < d.n; i++)
        numbered += !strncmp(d.ops[i].tag, "lbl#", 4) && !strcmp(d.ops[i].text, "2.");
    T_INTEQ(numbered, 1);
    advances_match(&d, "blocks.xml");
    unload(&d);

    /* Contents: each entry a link (words, page number and active area)
     * inside a contents item; the title is the contents' caption. */
    T_INTEQ(load(&d, "docs/examples/toc.xml"), 0);
    tags_are_sound(&d, "toc.xml");
    int goto_links = 0;
    for (int i = 0; i < d.n; i++) {
        const dop *o = &d.ops[i];
        if (strcmp(o->kind, "link"))
            continue;
        goto_links++;
        int id = elem_id(o->tag);
        T_CHECK(!strncmp(o->tag, "link#", 5) && !strncmp(d.el[d.el[id].parent].label, "toci#", 5));
        /* words, the dot leader (an artifact), then the number */
        int j = i - 2;
        while (j >= 0 && !strncmp(d.ops[j].tag, "artifact=", 9))
            j--;
        T_CHECK(i >= 2 && !strcmp(d.ops[i - 1].tag, o->tag) && j >= 0 && !strcmp(d.ops[j].tag, o->tag));
    }
    T_CHECK(goto_links >= 3);
    /* Each entry has a dot leader: an artifact of spaced dots. */
    int leaders = 0;
    for (int i = 0; i < d.n; i++)
        leaders += !strcmp(d.ops[i].kind, "text") && !strncmp(d.ops[i].tag, "artifact=", 9) &&
                   !strncmp(d.ops[i].text, ". .", 3) && strspn(d.ops[i].text, ". ") == strlen(d.ops[i].text);
    T_INTEQ(leaders, goto_links);
    int captions = 0;
    for (int i = 1; i < d.nel; i++)
        captions += !strncmp(d.el[i].label, "caption#", 8) && !strncmp(d.el[d.el[i].parent].label, "toc#", 4);
    T_INTEQ(captions, 1);
    unload(&d);

    /* Images are figures with their alt text. */
    T_INTEQ(load(&d, "docs/examples/image.xml"), 0);
    tags_are_sound(&d, "image.xml");
    int images = 0, with_alt = 0;
    for (int i = 0; i < d.n; i++)
        if (!strcmp(d.ops[i].kind, "image")) {
            images++;
            T_CHECK(!strncmp(d.ops[i].tag, "figure#", 7));
            with_alt += !strcmp(d.el[elem_id(d.ops[i].tag)].alt, "The Example Newsroom logo");
        }
    T_CHECK(images >= 3);
    T_INTEQ(with_alt, 1);
    unload(&d);
}

static char tmpdir[64];

static const char *write_template(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* A body that prints {page} is set more than once: its elements are not
 * counted twice. A table over pages repeats its header as an artifact. */
static void passes_and_repeats(void)
{
    dlist_txt d;
    const char *t = write_template("pages.xml", "<report><body><h1>One</h1><p>This is page {page} of {pages}.</p>"
                                                "<h1>Two</h1><p>End.</p></body></report>");
    T_INTEQ(load(&d, t), 0);
    T_INTEQ(d.nel, 5);   /* the document, two headings, two paragraphs */
    tags_are_sound(&d, "pages.xml");
    T_CHECK(find_text(&d, "This is page 1 of 1.") != NULL);
    unload(&d);

    size_t cap = 64 * 1024, n = 0;
    char *x = malloc(cap);
    n += (size_t)snprintf(x + n, cap - n, "<report><body><table zebra=\"true\"><column title=\"Year\"/>"
                                          "<column title=\"Removals\" align=\"right\"/>");
    for (int i = 0; i < 150; i++)
        n += (size_t)snprintf(x + n, cap - n, "<tr><td>Y%d</td><td>%d</td></tr>", i, i * 1013);
    snprintf(x + n, cap - n, "</table></body></report>");
    T_INTEQ(load(&d, write_template("long.xml", x)), 0);
    free(x);
    tags_are_sound(&d, "long.xml");
    T_CHECK(d.pages >= 3);
    int th = 0, repeated = 0, cont = 0, last_row = 0, r, c;
    for (int i = 1; i < d.nel; i++)
        th += !strncmp(d.el[i].label, "th#", 3);
    for (int i = 0; i < d.n; i++) {
        const dop *o = &d.ops[i];
        repeated += !strcmp(o->tag, "artifact=repeated") && !strcmp(o->kind, "text");
        cont += !strcmp(o->text, "(continued)") && !strcmp(o->tag, "artifact=repeated") && o->page > 1;
        if (cell_rc(o->tag, &r, &c) && r > last_row)
            last_row = r;
    }
    T_INTEQ(th, 2);   /* one header row of content; the repeats are artifacts */
    T_INTEQ(cont, d.pages - 1);
    T_CHECK(repeated >= 2 * (d.pages - 1));
    T_INTEQ(last_row, 150);
    unload(&d);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        quire_options o = quire_options_default();
        o.template_path = argv[1];
        quire_result r;
        int rc = q_render_dump(&o, stdout, argc > 2 && !strcmp(argv[2], "-g") ? Q_DUMP_GLYPHS : 0, &r);
        fputs(r.messages, stderr);
        quire_result_free(&r);
        return rc;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/quire-dump-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    briefing();
    docs_examples();
    passes_and_repeats();
    unlink(write_template("pages.xml", ""));
    unlink(write_template("long.xml", ""));
    rmdir(tmpdir);
    T_DONE();
}
