/* The `quire` command (SPEC §2). */
#include "quire.h"
#include "batch/batch.h"
#include "font/font.h"
#include "paint/cairo/cairo.h"
#include "provenance/provenance.h"
#include "util/buf.h"
#include "util/limits.h"
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: quire render TEMPLATE [-o OUT.pdf] [-p NAME=VALUE]... [-d DATASET=PATH]...\n"
    "                    [--backend hpdf|cairo] [--embed-data] [--pdfa[=2b|2u|1b]]\n"
    "                    [--query-timeout SECONDS] [--max-pages N] [--allow-path DIR] [--strict]\n"
    "                    [--max-input-size BYTES] [--max-rows N] [--max-memory BYTES]\n"
    "       quire batch  TEMPLATE --each QUERY -o PATTERN [-j N] [--shard K/N] [--manifest FILE]\n"
    "                    [--keep-going] [--skip-existing] [-p NAME=VALUE]... [-d DATASET=PATH]...\n"
    "       quire preview TEMPLATE -o DIR/|PATTERN.png [--dpi N] [--pages LIST] [-p ...] [-d ...]\n"
    "       quire chart  TEMPLATE --id CHART_ID -o OUT.svg|.png|.pdf\n"
    "                    [--width PX] [--height PX] [--scale S] [-p ...] [-d ...]\n"
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
    "  batch    one PDF per row of QUERY (a <query> name or SELECT ...): the row's columns\n"
    "           set params of the same name and fill {column} in PATTERN; -j reports at once\n"
    "           (default: cores), --shard K/N only rows i with i mod N = K-1, --manifest\n"
    "           appends a JSON line per report; exit 3 if any report failed\n"
    "  preview  write pages as PNG through cairo: {n} in PATTERN is the page number,\n"
    "           DIR/ means DIR/page-{n}.png; --dpi (default 96), --pages 1,3-5\n"
    "  chart    draw one <chart id=...> alone (default 800x450 px; --scale multiplies\n"
    "           a PNG's pixels), as SVG, PNG or PDF by the extension of OUT\n"
    "  check    validate the template, run its queries, resolve every name; render nothing\n"
    "  verify   re-render a PDF made with --embed-data from its attachments and compare\n"
    "  fonts    list the font families quire can use and the file behind each\n"
    "\n"
    "Limits (render, check, preview): --max-pages (default 10000), --max-input-size\n"
    "(per input file, default 1G), --max-rows (per query, default 10000000),\n"
    "--max-memory (default 2G), --query-timeout (default 10 s).\n"
    "Warnings (likely mistakes that still render) go to standard error;\n"
    "--strict makes them errors.\n"
    "Exit status: 0 success, 1 data or rendering error, 2 usage or template error,\n"
    "3 a batch in which some reports failed.\n"
    "Documentation: docs/guide.md\n";

/* The temporary output files being written, so that SIGINT, SIGTERM or
 * SIGHUP removes them before the process dies (SPEC §2: no partial file).
 * This is the program's one piece of process-wide mutable state, and it
 * lives here, not in the library: a signal handler can reach nothing but
 * globals, and a signal belongs to the process, not to one render. The
 * library reports its temporary files through quire_options.on_temp.
 * A slot is 0 free, 1 being filled, 2 holding a path the handler may
 * unlink (async-signal-safe). */
enum { TEMP_SLOTS = 64 };
static struct temp_slot {
    atomic_int state;
    char path[PATH_MAX];
} temps[TEMP_SLOTS];

static void on_temp(void *arg, const char *path, int active)
{
    (void)arg;
    size_t n = strlen(path);
    for (int i = 0; i < TEMP_SLOTS && n < PATH_MAX; i++) {
        struct temp_slot *t = &temps[i];
        int want = active ? 0 : 2;
        if (!active && (atomic_load(&t->state) != 2 || strcmp(t->path, path)))
            continue;
        if (!atomic_compare_exchange_strong(&t->state, &want, 1))
            continue;
        if (active)
            memcpy(t->path, path, n + 1);
        atomic_store(&t->state, active ? 2 : 0);
        return;
    }
}

static void on_signal(int sig)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (atomic_load(&temps[i].state) == 2)
            unlink(temps[i].path);
    raise(sig);   /* SA_RESETHAND: now the default action, dying of sig */
}

static void catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old, sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        /* A signal the caller ignores (nohup) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

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
    const char *chart_id;
    double chart_w, chart_h, scale;
    unsigned long long max_input, max_rows, max_memory;   /* 0: the default */
    const char *pdfa;
    int embed_data;
} args;

/* --width, --height, --scale of quire chart: a positive number (ranges
 * are the library's to check). */
static int chart_number(const char *opt, const char *val, double *out)
{
    char *end;
    *out = strtod(val, &end);
    if (end == val || *end || !(*out > 0) || *out > 1e6)
        return usage_error(opt, val);
    return 0;
}

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
        } else if (!strcmp(s, "--max-input-size") || !strcmp(s, "--max-memory")) {
            if (val && q_size_parse(val, s[6] == 'i' ? &a->max_input : &a->max_memory) != 0)
                return usage_error(s[6] == 'i' ? "--max-input-size wants a size such as 1G, 512M or 1000000, not '%s'"
                                               : "--max-memory wants a size such as 2G, 512M or 1000000, not '%s'", val);
        } else if (!strcmp(s, "--max-rows")) {
            if (val) {
                char *end;
                a->max_rows = strtoull(val, &end, 10);
                if (end == val || *end || val[0] == '-' || a->max_rows == 0)
                    return usage_error("--max-rows wants a number of rows (> 0), not '%s'", val);
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
        } else if (!strcmp(a->command, "chart") && !strcmp(s, "--id")) {
            a->chart_id = val;
        } else if (!strcmp(a->command, "chart") && (!strcmp(s, "--width") || !strcmp(s, "--height"))) {
            if (val && chart_number(s[2] == 'w' ? "--width wants pixels, not '%s'" : "--height wants pixels, not '%s'", val,
                                    s[2] == 'w' ? &a->chart_w : &a->chart_h) != 0)
                return 2;
        } else if (!strcmp(a->command, "chart") && !strcmp(s, "--scale")) {
            if (val && chart_number("--scale wants a factor such as 2, not '%s'", val, &a->scale) != 0)
                return 2;
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

/* `quire batch`: its own options are taken out, the rest (template, -o,
 * -p, -d, limits) go through parse() as for render. */

/* The options every command that reads a template takes (SPEC §8). */
static quire_options input_options(const args *a)
{
    quire_options o = quire_options_default();
    o.template_path = a->template_path;
    o.params = a->params;
    o.nparams = a->nparams;
    o.datasets = a->datasets;
    o.ndatasets = a->ndatasets;
    o.allow_paths = a->allow;
    o.nallow = a->nallow;
    if (a->timeout > 0)
        o.query_timeout = a->timeout;
    if (a->max_pages > 0)
        o.max_pages = a->max_pages;
    if (a->max_input)
        o.max_input_size = a->max_input;
    if (a->max_rows)
        o.max_rows = a->max_rows;
    if (a->max_memory)
        o.max_memory = a->max_memory;
    o.strict = a->strict;
    return o;
}
static int batch_main(int argc, char **argv)
{
    q_batch_opts bo = {0};
    char **rest = q_xcalloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0, rc = 0;
    rest[nrest++] = argv[0];
    rest[nrest++] = argv[1];
    for (int i = 2; i < argc && rc == 0; i++) {
        const char *s = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int mine = !strcmp(s, "--each") || !strcmp(s, "-j") || !strcmp(s, "--shard") || !strcmp(s, "--manifest");
        if (!strcmp(s, "--keep-going")) {
            bo.keep_going = 1;
        } else if (!strcmp(s, "--skip-existing")) {
            bo.skip_existing = 1;
        } else if (mine && !val) {
            rc = usage_error("option '%s' needs a value", s);
        } else if (mine) {
            i++;
            if (!strcmp(s, "--each")) {
                bo.each = val;
            } else if (!strcmp(s, "--manifest")) {
                bo.manifest = val;
            } else if (!strcmp(s, "--shard")) {
                if (q_batch_parse_shard(val, &bo.shard_k, &bo.shard_n) != 0)
                    rc = usage_error("--shard wants K/N with 1 <= K <= N, not '%s'", val);
            } else {
                char *end;
                long j = strtol(val, &end, 10);
                if (end == val || *end || j < 1 || j > 1024)
                    rc = usage_error("-j wants a number of reports at once from 1 to 1024, not '%s'", val);
                bo.jobs = (int)j;
            }
        } else {
            /* An option's value stays with it (a -p value may look like a flag). */
            int takes = !strcmp(s, "-o") || !strcmp(s, "-p") || !strcmp(s, "-d");
            rest[nrest++] = argv[i];
            if (takes && val)
                rest[nrest++] = argv[++i];
        }
    }
    args a = {0};
    a.command = argv[1];
    if (rc == 0)
        rc = parse(nrest, rest, &a);
    if (rc == 0 && a.help)
        fputs(usage_text, stdout);
    else if (rc == 0 && !a.template_path)
        rc = usage_error("%s", "batch needs a TEMPLATE");
    else if (rc == 0 && (!bo.each || !*bo.each))
        rc = usage_error("%s", "batch needs --each QUERY (a <query> name or a SELECT)");
    else if (rc == 0 && (!a.out || !*a.out || !strcmp(a.out, "-")))
        rc = usage_error("%s", "batch needs -o PATTERN, a file name with {column} placeholders");
    else if (rc == 0) {
        bo.render = input_options(&a);
        bo.pattern = a.out;
        bo.progress = isatty(STDERR_FILENO);
        rc = q_batch_run(&bo, stderr);
    }
    free_args(&a);
    free(rest);
    q_fonts_shutdown();
    return rc;
}

int main(int argc, char **argv)
{
    /* zlib asks for ~270 KB per stream it deflates and libharu deflates
     * each stream anew: with glibc's defaults every one is a fresh mmap,
     * zeroed page by page. Keeping freed memory in the heap lets the next
     * stream reuse pages already touched (a third fewer page faults).
     * Blocks from 1 MB up (a large table's arrays, the file's copies) are
     * still mapped on their own: freed, they go back to the system rather
     * than leave holes the next stage's large blocks do not fit (a
     * 100,000-row table's peak, 155 -> 142 MB). */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
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
    if (!strcmp(cmd, "batch"))
        return batch_main(argc, argv);
    if (strcmp(cmd, "render") && strcmp(cmd, "check") && strcmp(cmd, "fonts") && strcmp(cmd, "preview") &&
        strcmp(cmd, "chart") && strcmp(cmd, "verify"))
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
    } else if (rc == 0 && !strcmp(cmd, "chart") && (!a.chart_id || !a.out || !*a.out)) {
        rc = usage_error("%s", a.chart_id ? "chart needs -o OUT.svg, OUT.png or OUT.pdf" : "chart needs --id CHART_ID");
    } else if (rc == 0) {
        quire_options o = input_options(&a);
        o.check_only = !strcmp(cmd, "check");
        o.on_temp = on_temp;
        catch_signals();
        o.backend = a.backend;
        o.pdfa = a.pdfa;
        o.embed_data = a.embed_data;
        if (!strcmp(cmd, "preview")) {
            o.png_pattern = a.out;
            if (a.dpi > 0)
                o.dpi = a.dpi;
            o.pages = a.pages;
        }
        o.chart_id = a.chart_id;
        o.chart_width = a.chart_w;
        o.chart_height = a.chart_h;
        o.chart_scale = a.scale;
        char *out = NULL;
        if (!o.check_only && !o.png_pattern)
            o.output_path = a.out ? a.out : (out = default_output(a.template_path));
        quire_result r;
        rc = quire_render(&o, &r);
        if (r.messages)   /* NULL only when even the out-of-memory message failed */
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
