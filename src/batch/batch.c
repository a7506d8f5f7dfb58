/* The batch driver: rows in, one report per row out, on N threads. Each
 * worker takes the next row under a lock and renders it on its own (its
 * own SQLite connection, fonts and PDF; the template and the loaded data
 * are shared read-only): outputs never depend on -j. */
#include "render.h"
#include "batch/internal.h"
#include "util/fsutil.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct batch {
    const q_batch_opts *o;
    quire_options render;    /* o->render with the batch's date fixed */
    const quire_prepared *p;
    q_table rows;
    int *param_of_col;       /* per column: 1 if it names a declared param */
    size_t *todo;            /* this shard's rows, in order */
    size_t ntodo;
    pthread_mutex_t mu;      /* everything below */
    size_t next;
    int stop;                /* a report failed without --keep-going */
    size_t done, ok, failed, skipped;
    int manifest_fd;
    int manifest_failed;
    FILE *err;
    double t0, drawn;
    char **seen;             /* warning lines printed once per batch */
    size_t nseen;
} batch;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int q_batch_parse_shard(const char *s, int *k, int *n)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return -1;
    const char *t = end + 1;
    long b = strtol(t, &end, 10);
    if (end == t || *end || b < 1 || b > 1000000 || a < 1 || a > b)
        return -1;
    *k = (int)a;
    *n = (int)b;
    return 0;
}

static int cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* ---- Before any report: rows, paths, folders ------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct path_hash {
    uint64_t h;
    size_t row;
} path_hash;

static int cmp_hash(const void *a, const void *b)
{
    const path_hash *x = a, *y = b;
    return x->h < y->h ? -1 : x->h > y->h ? 1 : x->row < y->row ? -1 : x->row > y->row;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Two rows writing one file: a usage error before anything is written.
 * Paths are hashed, not kept: memory stays that of the rows. */
static int check_duplicates(batch *b, q_diags *d)
{
    size_t n = b->rows.nrows;
    path_hash *v = q_xmalloc((n + 1) * sizeof *v);
    for (size_t r = 0; r < n; r++) {
        char *path = q_batch_output(b->o->pattern, &b->rows, r);
        v[r] = (path_hash){fnv1a(path), r};
        free(path);
    }
    qsort(v, n, sizeof *v, cmp_hash);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++) {
        for (size_t j = i; j-- > 0 && v[j].h == v[i].h && rc == 0;) {
            char *a = q_batch_output(b->o->pattern, &b->rows, v[j].row);
            char *c = q_batch_output(b->o->pattern, &b->rows, v[i].row);
            if (!strcmp(a, c)) {
                q_diag_add(d, Q_EUSAGE, NULL, 0, 0,
                           "-o %s: rows %zu and %zu both write '%s' (add a column that tells them apart)",
                           b->o->pattern, v[j].row, v[i].row, a);
                rc = -1;
            }
            free(a);
            free(c);
        }
    }
    free(v);
    return rc;
}

static int make_parents(const char *path, q_diags *d)
{
    char *copy = q_xstrdup(path);
    int rc = 0;
    for (char *s = copy + 1; *s && rc == 0; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            q_diag_add(d, Q_EDATA, copy, 0, 0, "cannot create the folder: %s", strerror(errno));
            rc = -1;
        }
        *s = '/';
    }
    free(copy);
    return rc;
}

/* What SIGKILL leaves: ".NAME.quire-*" (and the writer's ".NAME.XXXXXX")
 * beside an output of this batch. --skip-existing replaces them. */
static int is_temp_of(const char *entry, char **base_out)
{
    const char *dot = strrchr(entry, '.');
    if (entry[0] != '.' || !dot || dot == entry)
        return 0;
    const char *suffix = dot + 1;
    int ours = !strncmp(suffix, "quire-", 6);
    if (!ours && strlen(suffix) == 6) {
        ours = 1;
        for (const char *c = suffix; *c; c++)
            ours &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
    }
    if (!ours || dot - entry < 2)
        return 0;
    *base_out = q_xstrndup(entry + 1, (size_t)(dot - entry - 1));
    return 1;
}

static void remove_stale_temps(batch *b)
{
    size_t n = b->ntodo;
    char **mine = q_xmalloc((n + 1) * sizeof *mine), **dirs = q_xmalloc((n + 1) * sizeof *dirs);
    for (size_t i = 0; i < n; i++) {
        mine[i] = q_batch_output(b->o->pattern, &b->rows, b->todo[i]);
        char *c = q_xstrdup(mine[i]);
        dirs[i] = q_xstrdup(dirname(c));
        free(c);
    }
    qsort(mine, n, sizeof *mine, cmp_str);
    qsort(dirs, n, sizeof *dirs, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(dirs[i], dirs[i - 1]))
            continue;
        DIR *dir = opendir(dirs[i]);
        struct dirent *e;
        while (dir && (e = readdir(dir))) {
            char *base;
            if (!is_temp_of(e->d_name, &base))
                continue;
            char *target = strcmp(dirs[i], ".") ? q_asprintf("%s/%s", dirs[i], base) : q_xstrdup(base);
            char *alt = q_asprintf("%s/%s", dirs[i], base);
            if (bsearch(&target, mine, n, sizeof *mine, cmp_str) || bsearch(&alt, mine, n, sizeof *mine, cmp_str)) {
                char *tmp = q_asprintf("%s/%s", dirs[i], e->d_name);
                unlink(tmp);
                free(tmp);
            }
            free(alt);
            free(target);
            free(base);
        }
        if (dir)
            closedir(dir);
    }
    for (size_t i = 0; i < n; i++) {
        free(dirs[i]);
        free(mine[i]);
    }
    free(dirs);
    free(mine);
}

/* ---- One report ---------------------------------------------------- */

/* -p, then the row's params (a row overrides -p; NULL sets nothing). */
static quire_kv *params_for(const batch *b, size_t r, size_t *n)
{
    const quire_options *o = &b->render;
    quire_kv *kv = q_xcalloc(o->nparams + (size_t)b->rows.ncols + 1, sizeof *kv);
    *n = 0;
    for (size_t i = 0; i < o->nparams; i++)
        kv[(*n)++] = (quire_kv){q_xstrdup(o->params[i].name), q_xstrdup(o->params[i].value)};
    for (int c = 0; c < b->rows.ncols; c++) {
        const q_value *v = &b->rows.cells[r * (size_t)b->rows.ncols + (size_t)c];
        if (!b->param_of_col[c] || v->type == QV_NULL)
            continue;
        q_buf t = {0};
        q_batch_value_text(v, &t);
        char *val = t.s ? q_buf_take(&t) : q_xstrdup("");
        size_t k = 0;
        while (k < *n && strcmp(kv[k].name, b->rows.cols[c]))
            k++;
        if (k == *n)
            kv[(*n)++] = (quire_kv){q_xstrdup(b->rows.cols[c]), val};
        else {
            free((char *)kv[k].value);
            kv[k].value = val;
        }
    }
    return kv;
}

static void free_kv(quire_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((char *)kv[i].name);
        free((char *)kv[i].value);
    }
    free(kv);
}

/* Under b->mu. A line with a progress bar on it is cleared first. */
static void clear_bar(batch *b)
{
    if (b->o->progress && b->drawn > 0)
        fputs("\r\033[K", b->err);
}

static void draw_bar(batch *b, int last)
{
    double t = now_s();
    if (!b->o->progress || (!last && t - b->drawn < 0.1))
        return;
    b->drawn = t;
    double el = t - b->t0, rate = el > 0 ? (double)b->done / el : 0;
    size_t left = b->ntodo - b->done;
    int eta = rate > 0 ? (int)((double)left / rate + 0.5) : 0;
    int width = 30, full = b->ntodo ? (int)((double)width * (double)b->done / (double)b->ntodo) : width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < full ? '#' : '.';
    bar[width] = 0;
    fprintf(b->err, "\r\033[K[%s] %zu/%zu %.1f/s ETA %d:%02d%s", bar, b->done, b->ntodo, rate, eta / 60, eta % 60,
            b->failed ? " (failures)" : "");
    fflush(b->err);
}

/* Under b->mu: a report's errors in full, each distinct warning once. */
static void print_messages(batch *b, const char *messages, int failed, const q_batch_entry *e)
{
    if (failed)
        fprintf(b->err, "quire: row %zu (%s) failed:\n", e->row, e->output);
    for (const char *s = messages; s && *s;) {
        size_t n = strcspn(s, "\n");
        int warning = strstr(s, ": warning: ") && (size_t)(strstr(s, ": warning: ") - s) < n;
        int seen = 0;
        for (size_t i = 0; warning && i < b->nseen && !seen; i++)
            seen = strlen(b->seen[i]) == n && !strncmp(b->seen[i], s, n);
        if (warning && !seen && b->nseen < 1000) {
            b->seen = q_xrealloc(b->seen, (b->nseen + 1) * sizeof *b->seen);
            b->seen[b->nseen++] = q_xstrndup(s, n);
        }
        if (failed || (warning && !seen))
            fprintf(b->err, "%.*s\n", (int)n, s);
        s += n + (s[n] == '\n');
    }
}

static void record(batch *b, const q_batch_entry *e, const char *messages)
{
    q_buf line = {0};
    if (b->manifest_fd >= 0)
        q_batch_json_line(e, &line);
    pthread_mutex_lock(&b->mu);
    clear_bar(b);
    int failed = !strcmp(e->status, "failed");
    print_messages(b, messages, failed, e);
    if (b->manifest_fd >= 0 && !b->manifest_failed) {
        /* One write per line, on O_APPEND: shards sharing a manifest file
         * append whole lines. */
        if (write(b->manifest_fd, line.s, line.n) != (ssize_t)line.n) {
            fprintf(b->err, "%s: error: cannot write the manifest: %s\n", b->o->manifest, strerror(errno));
            b->manifest_failed = 1;
        }
    }
    b->done++;
    b->ok += !strcmp(e->status, "ok");
    b->skipped += !strcmp(e->status, "skipped");
    if (failed) {
        b->failed++;
        b->stop |= !b->o->keep_going;
    }
    draw_bar(b, 0);
    pthread_mutex_unlock(&b->mu);
    q_buf_free(&line);
}

static void render_row(batch *b, quire_cache *cache, size_t r)
{
    double t0 = now_s();
    char *out = q_batch_output(b->o->pattern, &b->rows, r);
    size_t np;
    quire_kv *kv = params_for(b, r, &np);
    q_batch_entry e = {.row = r, .output = out, .params = kv, .nparams = np, .pages = -1, .bytes = -1};
    char hex[65];
    struct stat st;
    if (b->o->skip_existing && stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
        long long bytes;
        if (q_batch_sha256_file(out, hex, &bytes) == 0) {
            e.bytes = bytes;
            e.sha256 = hex;
        }
        e.status = "skipped";
        e.ms = (now_s() - t0) * 1000;
        record(b, &e, NULL);
        free_kv(kv, np);
        free(out);
        return;
    }
    quire_options o = b->render;
    o.params = kv;
    o.nparams = np;
    o.output_path = NULL;   /* kept in memory: hashed, then written atomically */
    quire_result res;
    int rc = quire_render_prepared(b->p, cache, &o, &res);
    q_diags d = {0};
    if (rc == 0 && make_parents(out, &d) == 0 && q_write_atomic(out, res.pdf, res.bytes, &d) == 0) {
        e.pages = res.pages;
        e.bytes = (long long)res.bytes;
        if (b->o->manifest) {   /* the hash is for the manifest alone (2% of a report) */
            q_batch_sha256(res.pdf, res.bytes, hex);
            e.sha256 = hex;
        }
    }
    q_buf msgs = {0};
    q_buf_puts(&msgs, res.messages ? res.messages : "");
    char *extra = NULL;
    size_t n = 0;
    FILE *f = d.n ? open_memstream(&extra, &n) : NULL;
    if (f) {
        q_diags_print(&d, f);
        fclose(f);
        q_buf_add(&msgs, extra, n);
        free(extra);
    }
    int ok = rc == 0 && d.nerr == 0;
    e.status = ok ? "ok" : "failed";
    /* The error: the report's messages without its warnings. */
    q_buf err = {0};
    for (const char *s = q_buf_str(&msgs); *s;) {
        size_t len = strcspn(s, "\n");
        const char *w = strstr(s, ": warning: ");
        if (!w || (size_t)(w - s) >= len)
            q_buf_printf(&err, "%s%.*s", err.n ? "\n" : "", (int)len, s);
        s += len + (s[len] == '\n');
    }
    e.error = ok ? NULL : q_buf_str(&err);
    e.ms = (now_s() - t0) * 1000;
    record(b, &e, q_buf_str(&msgs));
    q_buf_free(&err);
    q_buf_free(&msgs);
    q_diags_free(&d);
    quire_result_free(&res);
    free_kv(kv, np);
    free(out);
}

static void *worker(void *arg)
{
    batch *b = arg;
    quire_cache *cache = quire_cache_new();   /* this thread's faces; NULL works too */
    for (;;) {
        pthread_mutex_lock(&b->mu);
        int more = !b->stop && b->next < b->ntodo;
        size_t r = more ? b->todo[b->next++] : 0;
        pthread_mutex_unlock(&b->mu);
        if (!more)
            break;
        render_row(b, cache, r);
    }
    quire_cache_free(cache);
    return NULL;
}

/* ---- The batch ----------------------------------------------------- */

static int report(q_diags *d, FILE *err)
{
    q_diags_print(d, err);
    int code = q_diags_code(d);
    q_diags_free(d);
    return code ? code : Q_EDATA;
}

static int plan(batch *b, const quire_prepared *p, q_diags *d)
{
    const q_batch_opts *o = b->o;
    if (q_batch_rows(p, &b->render, o->each, &b->rows, d) != 0)
        return -1;
    if (q_batch_pattern_check(o->pattern, &b->rows, d) != 0)
        return -1;
    size_t nn;
    char **names = q_batch_param_names(p, &nn);
    b->param_of_col = q_xcalloc((size_t)b->rows.ncols + 1, sizeof *b->param_of_col);
    for (int c = 0; c < b->rows.ncols; c++)
        for (size_t i = 0; i < nn; i++)
            b->param_of_col[c] |= !strcmp(names[i], b->rows.cols[c]);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    b->todo = q_xcalloc(b->rows.nrows + 1, sizeof *b->todo);
    for (size_t r = 0; r < b->rows.nrows; r++) {
        if (!o->shard_n || r % (size_t)o->shard_n == (size_t)(o->shard_k - 1))
            b->todo[b->ntodo++] = r;
    }
    return check_duplicates(b, d);
}

static void free_batch(batch *b)
{
    free(b->todo);
    free(b->param_of_col);
    for (size_t i = 0; i < b->nseen; i++)
        free(b->seen[i]);
    free(b->seen);
    q_table_free(&b->rows);
}


int q_batch_run(const q_batch_opts *o, FILE *err)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.o = o;
    b.err = err;
    b.manifest_fd = -1;
    b.render = o->render;
    int fixed;   /* one date for every report: SOURCE_DATE_EPOCH, or the batch's start */
    b.render.date = q_render_date(&o->render, &fixed);
    quire_prepared *p = NULL;
    quire_result res;
    int rc = quire_prepare(&b.render, &p, &res);   /* with the batch's date: see data/static.c */
    fputs(res.messages, err);
    quire_result_free(&res);
    if (rc != 0)
        return rc;
    b.p = p;
    q_diags d = {0};
    if (plan(&b, p, &d) != 0) {
        rc = report(&d, err);
        free_batch(&b);
        quire_prepared_free(p);
        return rc;
    }
    q_diags_free(&d);
    if (o->manifest) {
        b.manifest_fd = open(o->manifest, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (b.manifest_fd < 0) {
            fprintf(err, "%s: error: cannot open the manifest: %s\n", o->manifest, strerror(errno));
            free_batch(&b);
            quire_prepared_free(p);
            return Q_EDATA;
        }
    }
    if (o->skip_existing)
        remove_stale_temps(&b);
    int jobs = o->jobs > 0 ? o->jobs : cores();
    if ((size_t)jobs > b.ntodo)
        jobs = b.ntodo ? (int)b.ntodo : 1;
    pthread_mutex_init(&b.mu, NULL);
    b.t0 = now_s();
    pthread_t *th = q_xcalloc((size_t)jobs, sizeof *th);
    int started = 0;
    for (int i = 1; i < jobs; i++)
        started += pthread_create(&th[started], NULL, worker, &b) == 0;
    worker(&b);   /* the calling thread is one of the workers */
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    pthread_mutex_destroy(&b.mu);
    double el = now_s() - b.t0;
    if (b.o->progress && b.ntodo)
        draw_bar(&b, 1), fputc('\n', err);
    size_t notrun = b.ntodo - b.done;
    fprintf(err, "quire batch: %zu report%s in %.2f s (%.1f/s): %zu ok, %zu failed, %zu skipped", b.done,
            b.done == 1 ? "" : "s", el, el > 0 ? (double)b.done / el : 0.0, b.ok, b.failed, b.skipped);
    if (notrun)
        fprintf(err, ", %zu not started (a report failed; --keep-going renders the rest)", notrun);
    if (o->shard_n)
        fprintf(err, " [shard %d/%d of %zu rows]", o->shard_k, o->shard_n, b.rows.nrows);
    fputc('\n', err);
    if (b.manifest_fd >= 0 && close(b.manifest_fd) != 0 && !b.manifest_failed) {
        fprintf(err, "%s: error: cannot write the manifest: %s\n", o->manifest, strerror(errno));
        b.manifest_failed = 1;
    }
    rc = b.failed ? Q_EBATCH : b.manifest_failed ? Q_EDATA : 0;
    free_batch(&b);
    quire_prepared_free(p);
    return rc;
}
