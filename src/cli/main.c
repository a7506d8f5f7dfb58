/* The `quire` command (SPEC §2). */
#include "quire.h"
#include "font/font.h"
#include "paint/cairo/cairo.h"
#include "provenance/provenance.h"
#include "util/buf.h"
#include <errno.h>
#include <libgen.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: quire render TEMPLATE [-o OUT.pdf] [-p NAME=VALUE]... [-d DATASET=PATH]...\n"
    "                    [--backend hpdf|cairo] [--embed-data] [--pdfa[=2b|2u|1b]]\n"
    "                    [--query-timeout SECONDS] [--max-pages N] [--allow-path DIR] [--strict]\n"
    "       quire preview TEMPLATE -o DIR/|PATTERN.png [--dpi N] [--pages LIST] [-p ...] [-d ...]\n"
    "       quire check  TEMPLATE [-p NAME=VALUE]... [-d DATASET=PATH]... [--strict]\n"
    "       quire verify REPORT.pdf\n"
    "       quire fonts\n"
    "       quire --version | --help | COMMAND --help\n"
    "\n"
    "Commands:\n"
    "  render   write one PDF (default OUT: the template's name with .pdf; -o - for stdout);\n"
    "           --backend cairo paints it with cairo instead of libharu\n"
    "           --embed-data attaches the template, the data and provenance.json;\n"
    "           --pdfa writes PDF/A (2b by default; PDF/A-3 with --embed-data)\n"
    "  preview  write pages as PNG through cairo: {n} in PATTERN is the page number,\n"
    "           DIR/ means DIR/page-{n}.png; --dpi (default 96), --pages 1,3-5\n"
    "  check    validate the template, run its queries, resolve every name; render nothing\n"
    "  verify   re-render a PDF made with --embed-data from its attachments and compare\n"
    "  fonts    list the font families quire can use and the file behind each\n"
    "\n"
    "Warnings (likely mistakes that still render) go to standard error;\n"
    "--strict makes them errors.\n"
    "Exit status: 0 success, 1 data or rendering error, 2 usage or template error.\n"
    "Documentation: docs/guide.md\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("quire: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'quire --help'.\n", stderr);
    return 2;
}

typedef struct args {
    const char *command;
    const char *template_path;
    const char *out;
    quire_kv *params, *datasets;
    size_t nparams, ndatasets;
    const char **allow;
    size_t nallow;
    double timeout;
    int max_pages;
    int help;
    int strict;
    int backend;
    double dpi;
    const char *pages;
    const char *pdfa;
    int embed_data;
} args;

static int split_kv(const char *s, quire_kv *kv)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s)
        return -1;
    char *name = q_xstrndup(s, (size_t)(eq - s));
    kv->name = name;
    kv->value = eq + 1;
    return 0;
}

static int parse(int argc, char **argv, args *a)
{
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            a->help = 1;
            takes = 0;
        } else if (!strcmp(s, "--strict")) {
            a->strict = 1;
            takes = 0;
        } else if (!strcmp(a->command, "render") && !strcmp(s, "--embed-data")) {
            a->embed_data = 1;
            takes = 0;
        } else if (!strcmp(a->command, "render") && (!strcmp(s, "--pdfa") || !strncmp(s, "--pdfa=", 7))) {
            a->pdfa = s[6] ? s + 7 : "2b";
            if (strcmp(a->pdfa, "2b") && strcmp(a->pdfa, "2u") && strcmp(a->pdfa, "1b"))
                return usage_error("--pdfa wants 2b, 2u or 1b, not '%s'", a->pdfa);
            takes = 0;
        } else if (!strcmp(s, "-o")) {
            if (val) a->out = val;
        } else if (!strcmp(s, "-p") || !strcmp(s, "-d")) {
            if (val) {
                int is_p = s[1] == 'p';
                quire_kv **v = is_p ? &a->params : &a->datasets;
                size_t *n = is_p ? &a->nparams : &a->ndatasets;
                *v = q_xrealloc(*v, (*n + 1) * sizeof **v);
                if (split_kv(val, &(*v)[*n]) != 0)
                    return usage_error(is_p ? "-p wants NAME=VALUE, not '%s'" : "-d wants DATASET=PATH, not '%s'", val);
                (*n)++;
            }
        } else if (!strcmp(s, "--query-timeout")) {
            if (val) {
                char *end;
                a->timeout = strtod(val, &end);
                if (end == val || *end || !(a->timeout > 0) || a->timeout > 86400)
                    return usage_error("--query-timeout wants seconds (> 0), not '%s'", val);
            }
        } else if (!strcmp(s, "--max-pages")) {
            if (val) {
                char *end;
                long v = strtol(val, &end, 10);
                if (end == val || *end || v < 1 || v > 1000000)
                    return usage_error("--max-pages wants a number from 1 to 1000000, not '%s'", val);
                a->max_pages = (int)v;
            }
        } else if (!strcmp(s, "--backend") && !strcmp(a->command, "render")) {
            if (val) {
                if (!strcmp(val, "hpdf"))
                    a->backend = QUIRE_BACKEND_HPDF;
                else if (!strcmp(val, "cairo"))
                    a->backend = QUIRE_BACKEND_CAIRO;
                else
                    return usage_error("--backend wants hpdf or cairo, not '%s'", val);
            }
        } else if (!strcmp(s, "--dpi") && !strcmp(a->command, "preview")) {
            if (val) {
                char *end;
                a->dpi = strtod(val, &end);
                if (end == val || *end || !(a->dpi >= 1) || a->dpi > 2400)
                    return usage_error("--dpi wants a resolution from 1 to 2400, not '%s'", val);
            }
        } else if (!strcmp(s, "--pages") && !strcmp(a->command, "preview")) {
            if (val) {
                /* The syntax is checked here; the page count only once rendered. */
                char err[256];
                if (q_parse_pages(val, (size_t)-1 >> 1, NULL, err, sizeof err) != 0)
                    return usage_error("%s", err);
                a->pages = val;
            }
        } else if (!strcmp(s, "--allow-path")) {
            if (val) {
                a->allow = q_xrealloc(a->allow, (a->nallow + 1) * sizeof *a->allow);
                a->allow[a->nallow++] = val;
            }
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else {
            if (a->template_path)
                return usage_error("unexpected argument '%s'", s);
            a->template_path = s;
            takes = 0;
        }
        if (takes) {
            if (!val)
                return usage_error("option '%s' needs a value", s);
            i++;
        }
    }
    return 0;
}

static void free_args(args *a)
{
    for (size_t i = 0; i < a->nparams; i++)
        free((char *)a->params[i].name);
    for (size_t i = 0; i < a->ndatasets; i++)
        free((char *)a->datasets[i].name);
    free(a->params);
    free(a->datasets);
    free(a->allow);
}

/* "reports/briefing.xml" -> "briefing.pdf" in the current directory. */
static char *default_output(const char *template_path)
{
    char *copy = q_xstrdup(template_path);
    const char *base = basename(copy);
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *out = q_xmalloc(n + 5);
    memcpy(out, base, n);
    memcpy(out + n, ".pdf", 5);
    free(copy);
    return out;
}

int main(int argc, char **argv)
{
    /* zlib asks for ~270 KB per stream it deflates and libharu deflates
     * each stream anew: with glibc's defaults every one is a fresh mmap,
     * zeroed page by page. Keeping freed memory in the heap lets the next
     * stream reuse pages already touched (a third fewer page faults). */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    if (argc < 2)
        return usage_error("%s", "no command given"), 2;
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version")) {
        printf("quire %s\n", quire_version());
        return 0;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "batch") || !strcmp(cmd, "chart"))
        return usage_error("'%s' is not available in this version yet", cmd);
    if (strcmp(cmd, "render") && strcmp(cmd, "check") && strcmp(cmd, "fonts") && strcmp(cmd, "preview") &&
        strcmp(cmd, "verify"))
        return usage_error("unknown command '%s'", cmd);
    args a = {0};
    a.command = cmd;
    int rc = parse(argc, argv, &a);
    if (rc == 0 && a.help) {
        fputs(usage_text, stdout);
    } else if (rc == 0 && !strcmp(cmd, "fonts")) {
        rc = q_fonts_list(stdout) > 0 ? 0 : 1;
    } else if (rc == 0 && !a.template_path) {
        rc = usage_error(strcmp(cmd, "verify") ? "%s needs a TEMPLATE" : "%s needs a PDF", cmd);
    } else if (rc == 0 && !strcmp(cmd, "verify")) {
        rc = q_verify(a.template_path, stdout);
    } else if (rc == 0 && !strcmp(cmd, "preview") && (!a.out || !*a.out || !strcmp(a.out, "-"))) {
        rc = usage_error("%s", "preview needs -o DIR/ or -o PATTERN.png (with {n} for several pages)");
    } else if (rc == 0) {
        quire_options o = quire_options_default();
        o.template_path = a.template_path;
        o.params = a.params;
        o.nparams = a.nparams;
        o.datasets = a.datasets;
        o.ndatasets = a.ndatasets;
        o.allow_paths = a.allow;
        o.nallow = a.nallow;
        if (a.timeout > 0)
            o.query_timeout = a.timeout;
        if (a.max_pages > 0)
            o.max_pages = a.max_pages;
        o.check_only = !strcmp(cmd, "check");
        o.strict = a.strict;
        o.backend = a.backend;
        o.pdfa = a.pdfa;
        o.embed_data = a.embed_data;
        if (!strcmp(cmd, "preview")) {
            o.png_pattern = a.out;
            if (a.dpi > 0)
                o.dpi = a.dpi;
            o.pages = a.pages;
        }
        char *out = NULL;
        if (!o.check_only && !o.png_pattern)
            o.output_path = a.out ? a.out : (out = default_output(a.template_path));
        quire_result r;
        rc = quire_render(&o, &r);
        fputs(r.messages, stderr);
        if (rc == 0 && o.check_only)
            fprintf(stderr, r.warnings ? "%s: ok, %d warning%s\n" : "%s: ok\n", a.template_path, r.warnings,
                    r.warnings == 1 ? "" : "s");
        quire_result_free(&r);
        free(out);
    }
    free_args(&a);
    q_fonts_shutdown();
    return rc;
}
