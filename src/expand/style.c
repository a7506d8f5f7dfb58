#include "expand/style.h"
#include "util/buf.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct named_style {
    char *name;
    q_bstyle st;
} named_style;

struct q_styles {
    named_style *v;
    size_t n;
};

#define SANS "Noto Sans"

/* The house style: a 9/10/12/16/22 pt scale, near-black text, one accent. */
static void builtin(const char *name, q_doc *doc, q_bstyle *s)
{
    *s = (q_bstyle){{q_doc_intern(doc, SANS), 10, 0, 0, Q_TEXT}, 1.4, QA_LEFT, 0, 7, 0, 0, 0};
    if (!strcmp(name, "body")) {
        s->align = QA_JUSTIFY;
    } else if (!strcmp(name, "title")) {
        s->text.size = 22; s->text.bold = 1; s->leading = 1.15; s->space_after = 4; s->keep_with_next = 1;
    } else if (!strcmp(name, "subtitle")) {
        s->text.size = 12; s->text.color = Q_GREY; s->leading = 1.3; s->space_after = 14; s->keep_with_next = 1;
    } else if (!strcmp(name, "h1")) {
        s->text.size = 16; s->text.bold = 1; s->leading = 1.2; s->space_before = 16; s->space_after = 6; s->keep_with_next = 1;
    } else if (!strcmp(name, "h2")) {
        s->text.size = 12; s->text.bold = 1; s->leading = 1.25; s->space_before = 12; s->space_after = 4; s->keep_with_next = 1;
    } else if (!strcmp(name, "h3")) {
        s->text.size = 10; s->text.bold = 1; s->leading = 1.3; s->space_before = 9; s->space_after = 2; s->keep_with_next = 1;
    } else if (!strcmp(name, "small")) {
        s->text.size = 9; s->leading = 1.35;
    } else if (!strcmp(name, "caption")) {
        s->text.size = 8.5; s->text.color = Q_GREY; s->leading = 1.35; s->space_after = 4;
    } else if (!strcmp(name, "source") || !strcmp(name, "note")) {
        s->text.size = 7.5; s->text.color = Q_GREY; s->leading = 1.35; s->space_after = 3;
    } else if (!strcmp(name, "kpi-value")) {
        s->text.size = 22; s->text.bold = 1; s->text.color = Q_ACCENT; s->leading = 1.1; s->space_after = 0;
    } else if (!strcmp(name, "kpi-label")) {
        s->text.size = 8.5; s->text.color = Q_TEXT; s->leading = 1.3; s->space_after = 0;
    } else if (!strcmp(name, "kpi-note")) {
        s->text.size = 7.5; s->text.color = Q_GREY; s->leading = 1.3; s->space_after = 0;
    } else if (!strcmp(name, "th")) {
        s->text.size = 9; s->text.bold = 1; s->leading = 1.25; s->space_after = 0;
    } else if (!strcmp(name, "td")) {
        s->text.size = 9; s->leading = 1.25; s->space_after = 0;
    } else if (!strcmp(name, "header") || !strcmp(name, "footer")) {
        s->text.size = 7.5; s->text.color = Q_GREY; s->leading = 1.3; s->space_after = 0;
    } else if (!strcmp(name, "list")) {
        s->space_after = 3;
    }
}

static const char *const builtin_names[] = {
    "body", "title", "subtitle", "h1", "h2", "h3", "small", "caption", "source", "note",
    "kpi-value", "kpi-label", "kpi-note", "th", "td", "header", "footer", "list",
};

int q_parse_length(const char *s, double pct_of, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v != v)
        return -1;
    while (*end == ' ')
        end++;
    double k = 1;
    if (!*end || !strcmp(end, "pt")) k = 1;
    else if (!strcmp(end, "mm")) k = 72.0 / 25.4;
    else if (!strcmp(end, "cm")) k = 72.0 / 2.54;
    else if (!strcmp(end, "in")) k = 72.0;
    else if (!strcmp(end, "%") && pct_of > 0) k = pct_of / 100.0;
    else return -1;
    if (v < 0 || v > 1e5)
        return -1;
    *out = v * k;
    return 0;
}

int q_parse_color(const char *s, uint32_t *out)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 4 && n != 7) || strspn(s + 1, "0123456789abcdefABCDEF") != n - 1)
        return -1;
    unsigned long v = strtoul(s + 1, NULL, 16);
    if (n == 4)
        v = ((v & 0xF00) << 12 | (v & 0xF00) << 8) | ((v & 0x0F0) << 8 | (v & 0x0F0) << 4) | ((v & 0x00F) << 4 | (v & 0x00F));
    *out = (uint32_t)v;
    return 0;
}

static int find(const q_styles *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].name, name))
            return (int)i;
    return -1;
}

static int is_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof builtin_names / sizeof *builtin_names; i++)
        if (!strcmp(builtin_names[i], name))
            return 1;
    return 0;
}

static void add(q_styles *s, const char *name, const q_bstyle *st)
{
    int i = find(s, name);
    if (i >= 0) {
        s->v[i].st = *st;
        return;
    }
    s->v = q_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
    s->v[s->n++] = (named_style){q_xstrdup(name), *st};
}

static xmlNode *find_decl(const xmlNode *styles, const char *name)
{
    for (xmlNode *c = q_first_elem(styles); c; c = q_next_elem(c))
        if (q_is(c, "style") && q_attr_is(c, "name", name))
            return c;
    return NULL;
}

/* Applies one <style>'s attributes over base. */
static int apply(const q_template *t, const xmlNode *n, q_doc *doc, q_bstyle *st, q_diags *d)
{
    static const char *const attrs[] = {"font", "size", "weight", "style", "color", "leading", "align",
                                        "space-before", "space-after", "indent", "keep-with-next", "hyphenate"};
    int bad = 0;
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++) {
        char *v = q_attr(n, attrs[i]);
        if (!v)
            continue;
        const char *a = attrs[i];
        double len = 0;
        int ok = 1;
        if (!strcmp(a, "font")) st->text.family = q_doc_intern(doc, v);
        else if (!strcmp(a, "size")) { ok = !q_parse_length(v, 0, &len) && len > 0 && len <= 500; if (ok) st->text.size = len; }
        else if (!strcmp(a, "weight")) { ok = !strcmp(v, "bold") || !strcmp(v, "normal"); st->text.bold = !strcmp(v, "bold"); }
        else if (!strcmp(a, "style")) { ok = !strcmp(v, "italic") || !strcmp(v, "normal"); st->text.italic = !strcmp(v, "italic"); }
        else if (!strcmp(a, "color")) ok = !q_parse_color(v, &st->text.color);
        else if (!strcmp(a, "leading")) { char *e; double l = strtod(v, &e); ok = e != v && !*e && l >= 0.5 && l <= 5; if (ok) st->leading = l; }
        else if (!strcmp(a, "align")) {
            if (!strcmp(v, "left")) st->align = QA_LEFT;
            else if (!strcmp(v, "right")) st->align = QA_RIGHT;
            else if (!strcmp(v, "center")) st->align = QA_CENTER;
            else if (!strcmp(v, "justify")) st->align = QA_JUSTIFY;
            else ok = 0;
        }
        else if (!strcmp(a, "space-before")) { ok = !q_parse_length(v, 0, &len); if (ok) st->space_before = len; }
        else if (!strcmp(a, "space-after")) { ok = !q_parse_length(v, 0, &len); if (ok) st->space_after = len; }
        else if (!strcmp(a, "indent")) { ok = !q_parse_length(v, 0, &len); if (ok) st->indent = len; }
        else if (!strcmp(a, "keep-with-next")) st->keep_with_next = !strcmp(v, "true");
        else if (!strcmp(a, "hyphenate")) { ok = !strcmp(v, "true") || !strcmp(v, "false"); st->nohyph = !strcmp(v, "false"); }
        if (!ok) {
            q_diag_add(d, Q_EUSAGE, t->path, q_line(n), 0, "style attribute %s=\"%s\" is not valid", a, v);
            bad = 1;
        }
        free(v);
    }
    return bad ? -1 : 0;
}

static int resolve(const q_template *t, q_styles *s, const xmlNode *styles, const char *name,
                   q_doc *doc, int depth, q_diags *d)
{
    if (find(s, name) >= 0)
        return 0;
    xmlNode *n = styles ? find_decl(styles, name) : NULL;
    q_bstyle st;
    if (!n) {
        if (!is_builtin(name))
            return -1;
        builtin(name, doc, &st);
        add(s, name, &st);
        return 0;
    }
    if (depth > 32) {
        q_diag_add(d, Q_EUSAGE, t->path, q_line(n), 0, "style '%s': its parent chain loops", name);
        builtin("body", doc, &st);
        add(s, name, &st);   /* so the loop is reported once */
        return -1;
    }
    char *parent = q_attr(n, "parent");
    int rc = 0;
    if (parent) {
        if (!strcmp(parent, name) || resolve(t, s, styles, parent, doc, depth + 1, d) != 0) {
            if (!strcmp(parent, name))
                q_diag_add(d, Q_EUSAGE, t->path, q_line(n), 0, "style '%s' is its own parent", name);
            else if (!find_decl(styles, parent) && !is_builtin(parent))
                q_diag_add(d, Q_EUSAGE, t->path, q_line(n), 0, "style '%s': unknown parent style '%s'", name, parent);
            free(parent);
            builtin("body", doc, &st);
            add(s, name, &st);
            return -1;
        }
        st = s->v[find(s, parent)].st;
    } else {
        builtin(is_builtin(name) ? name : "body", doc, &st);
    }
    free(parent);
    rc = apply(t, n, doc, &st, d);
    add(s, name, &st);
    return rc;
}

q_styles *q_styles_load(const q_template *t, q_doc *doc, const char *const *allow_dirs, size_t nallow,
                        q_diags *d)
{
    q_styles *s = q_xcalloc(1, sizeof *s);
    xmlNode *styles = q_child(t->root, "styles");
    int failed = 0;
    for (size_t i = 0; i < sizeof builtin_names / sizeof *builtin_names; i++)
        failed |= resolve(t, s, styles, builtin_names[i], doc, 0, d) != 0;
    for (xmlNode *c = styles ? q_first_elem(styles) : NULL; c; c = q_next_elem(c)) {
        char *name = q_attr(c, "name");
        if (q_is(c, "style") && name)
            failed |= resolve(t, s, styles, name, doc, 0, d) != 0;
        free(name);
    }
    for (xmlNode *c = styles ? q_first_elem(styles) : NULL; c; c = q_next_elem(c)) {
        if (!q_is(c, "font"))
            continue;
        q_fontdecl f = {0};
        f.family = q_attr(c, "family");
        f.family = f.family ? f.family : q_xstrdup("");
        static const char *const faces[] = {"regular", "bold", "italic", "bold-italic"};
        for (int k = 0; k < 4; k++) {
            char *rel = q_attr(c, faces[k]);
            if (rel) {
                f.files[k] = q_template_path(t, c, rel, allow_dirs, nallow, d);
                if (!f.files[k])
                    failed = 1;
            }
            free(rel);
        }
        doc->fonts = q_xrealloc(doc->fonts, (doc->nfonts + 1) * sizeof *doc->fonts);
        doc->fonts[doc->nfonts++] = f;
    }
    if (failed) {
        q_styles_free(s);
        return NULL;
    }
    return s;
}

void q_styles_free(q_styles *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].name);
    free(s->v);
    free(s);
}

const q_bstyle *q_styles_get(const q_styles *s, const char *name)
{
    int i = find(s, name);
    return i >= 0 ? &s->v[i].st : NULL;
}
