/* The library's side of the cairo backend: finds quire-cairo.so, opens it
 * on first use, and hands it a display list (cairo.h). */
#include "paint/cairo/cairo.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef QUIRE_LIBDIR
#define QUIRE_LIBDIR "/usr/local/lib/quire"
#endif

static const q_cairo_api *try_open(const char *path, char *err, size_t errsz)
{
    /* RTLD_LOCAL: cairo's symbols stay out of the program's namespace. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        if (access(path, F_OK) == 0)
            snprintf(err, errsz, "%s", dlerror());
        return NULL;
    }
    q_cairo_entry_fn entry;
    void *sym = dlsym(h, Q_CAIRO_ENTRY);
    memcpy(&entry, &sym, sizeof entry);
    const q_cairo_api *api = entry ? entry() : NULL;
    if (!api || api->abi != Q_CAIRO_ABI || api->dlist_size != sizeof(q_dlist) || api->op_size != sizeof(q_op)) {
        snprintf(err, errsz, "%s belongs to another build of quire", path);
        dlclose(h);
        return NULL;
    }
    /* Never closed: cairo keeps fonts in caches that outlive a render,
     * and dlopen of an open module only counts a reference. */
    return api;
}

/* QUIRE_CAIRO_MODULE, then beside the program (a build tree), then
 * PREFIX/lib/quire relative to the program and as configured. */
const q_cairo_api *q_cairo_load(char *err, size_t errsz)
{
    err[0] = 0;
    const char *env = getenv("QUIRE_CAIRO_MODULE");
    if (env && *env) {
        const q_cairo_api *api = try_open(env, err, errsz);
        if (!api && !err[0])
            snprintf(err, errsz, "cannot open %s (QUIRE_CAIRO_MODULE)", env);
        return api;
    }
    char exe[PATH_MAX];
    if (q_exe_dir(exe, sizeof exe) == 0) {
        static const char *const rel[] = {"/", "/../lib/quire/"};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            char *p = q_asprintf("%s%s%s", exe, rel[i], Q_CAIRO_MODULE);
            const q_cairo_api *api = try_open(p, err, errsz);
            free(p);
            if (api || err[0])
                return api;
        }
    }
    const q_cairo_api *api = try_open(QUIRE_LIBDIR "/" Q_CAIRO_MODULE, err, errsz);
    if (!api && !err[0])
        snprintf(err, errsz, "the cairo backend (%s) is not installed: not beside the program nor in %s",
                 Q_CAIRO_MODULE, QUIRE_LIBDIR);
    return api;
}

static q_cairo_font *fonts_of(const q_dlist *dl, int *n)
{
    *n = q_fonts_count(dl->fonts);
    q_cairo_font *f = q_xcalloc((size_t)*n + 1, sizeof *f);
    for (int i = 0; i < *n; i++) {
        q_face *face = q_fonts_get(dl->fonts, i);
        if (face) {
            f[i].path = q_face_path(face);
            f[i].index = q_face_index(face);
        }
    }
    return f;
}

static int pdf_sink(void *closure, int page, const unsigned char *data, size_t len)
{
    (void)page;
    q_buf_add(closure, (const char *)data, len);
    return 0;
}

int q_paint_cairo_pdf(const q_dlist *dl, const q_cairo_opts *o, q_buf *out, q_diags *d)
{
    char err[512];
    const q_cairo_api *api = q_cairo_load(err, sizeof err);
    if (!api) {
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "%s", err);
        return -1;
    }
    int nfonts;
    q_cairo_font *fonts = fonts_of(dl, &nfonts);
    err[0] = 0;
    q_cairo_job j = {.dl = dl, .fonts = fonts, .nfonts = nfonts, .format = Q_CAIRO_PDF, .date = o->date,
                     .write = pdf_sink, .closure = out, .err = err, .errsz = sizeof err};
    int rc = api->paint(&j);
    if (rc != 0)
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "%s", err[0] ? err : "cairo: painting failed");
    free(fonts);
    return rc;
}

int q_paint_cairo_image(const q_dlist *dl, int format, double dpi, const char *file, q_buf *out, q_diags *d)
{
    char err[512];
    const q_cairo_api *api = q_cairo_load(err, sizeof err);
    if (!api) {
        q_diag_add(d, Q_EDATA, file, 0, 0, "%s", err);
        return -1;
    }
    int nfonts;
    q_cairo_font *fonts = fonts_of(dl, &nfonts);
    unsigned char first = 1;
    err[0] = 0;
    q_cairo_job j = {.dl = dl, .fonts = fonts, .nfonts = nfonts, .format = format, .dpi = dpi, .pages = &first,
                     .write = pdf_sink, .closure = out, .err = err, .errsz = sizeof err};
    int rc = dl->npages ? api->paint(&j) : -1;
    if (rc != 0)
        q_diag_add(d, Q_EDATA, file, 0, 0, "%s", err[0] ? err : "cairo: painting failed");
    free(fonts);
    return rc;
}

int q_parse_pages(const char *list, size_t npages, unsigned char *sel, char *err, size_t errsz)
{
    const char *s = list;
    if (!*s) {
        snprintf(err, errsz, "--pages wants a list such as 1,3-5, not an empty string");
        return -1;
    }
    while (*s) {
        char *end;
        errno = 0;
        long a = strtol(s, &end, 10), b = a;
        if (end == s || a < 1 || errno) {
            snprintf(err, errsz, "--pages wants a list such as 1,3-5, not '%s'", list);
            return -1;
        }
        s = end;
        if (*s == '-') {
            b = strtol(++s, &end, 10);
            if (end == s || b < a || errno) {
                snprintf(err, errsz, "--pages wants a list such as 1,3-5, not '%s'", list);
                return -1;
            }
            s = end;
        }
        if (*s == ',' && s[1])
            s++;
        else if (*s) {
            snprintf(err, errsz, "--pages wants a list such as 1,3-5, not '%s'", list);
            return -1;
        }
        if ((size_t)b > npages) {
            snprintf(err, errsz, "--pages: page %ld does not exist (the report has %zu page%s)", b, npages,
                     npages == 1 ? "" : "s");
            return -1;
        }
        for (long p = a; sel && p <= b; p++)
            sel[p - 1] = 1;
    }
    return 0;
}

/* The file for page n (from 1): every {n} replaced. */
static char *page_path(const char *pattern, int n)
{
    q_buf b = {0};
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    for (const char *s = pattern; *s;) {
        if (!strncmp(s, "{n}", 3)) {
            q_buf_add(&b, num, strlen(num));
            s += 3;
        } else {
            q_buf_add(&b, s++, 1);
        }
    }
    q_buf_add(&b, "", 1);
    return q_buf_take(&b);
}

/* Creates the folders above path that are missing. */
static int make_parents(const char *path)
{
    char *p = q_xstrdup(path);
    int rc = 0;
    for (char *s = p + 1; *s && rc == 0; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
    }
    free(p);
    return rc;
}

typedef struct png_out {
    const char *pattern;
    const char *file;
    q_diags *d;
    int written;
} png_out;

static int png_sink(void *closure, int page, const unsigned char *data, size_t len)
{
    png_out *po = closure;
    char *path = page_path(po->pattern, page + 1);
    int rc = 0;
    if (make_parents(path) != 0) {
        q_diag_add(po->d, Q_EDATA, path, 0, 0, "cannot create the folder for %s: %s", path, strerror(errno));
        rc = -1;
    } else {
        rc = q_write_atomic(path, data, len, po->d);
    }
    po->written += rc == 0;
    free(path);
    return rc;
}

int q_paint_cairo_png(const q_dlist *dl, const q_cairo_png_opts *o, q_diags *d)
{
    size_t np = dl->npages;
    unsigned char *sel = q_xcalloc(np + 1, 1);
    char err[512];
    int rc = -1;
    /* "DIR/" is short for DIR/page-{n}.png (SPEC §8). */
    size_t plen = strlen(o->pattern);
    char *pattern = plen && o->pattern[plen - 1] == '/' ? q_asprintf("%spage-{n}.png", o->pattern)
                                                       : q_xstrdup(o->pattern);
    size_t nsel = 0;
    if (o->pages && q_parse_pages(o->pages, np, sel, err, sizeof err) != 0) {
        q_diag_add(d, Q_EUSAGE, o->file, 0, 0, "%s", err);
        goto out;
    }
    for (size_t p = 0; p < np; p++)
        nsel += o->pages ? sel[p] : 1;
    if (!strstr(pattern, "{n}") && nsel > 1) {
        q_diag_add(d, Q_EUSAGE, o->file, 0, 0,
                   "preview -o %s would write %zu pages to one file: put {n} in it, or end it with / for a folder",
                   o->pattern, nsel);
        goto out;
    }
    const q_cairo_api *api = q_cairo_load(err, sizeof err);
    if (!api) {
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "%s", err);
        goto out;
    }
    int nfonts;
    q_cairo_font *fonts = fonts_of(dl, &nfonts);
    png_out po = {pattern, o->file, d, 0};
    err[0] = 0;
    q_cairo_job j = {.dl = dl, .fonts = fonts, .nfonts = nfonts, .format = Q_CAIRO_PNG, .dpi = o->dpi,
                     .pages = o->pages ? sel : NULL, .write = png_sink, .closure = &po, .err = err,
                     .errsz = sizeof err};
    rc = api->paint(&j);
    if (rc != 0 && !q_diags_failed(d))
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "%s", err[0] ? err : "cairo: painting failed");
    free(fonts);
out:
    free(pattern);
    free(sel);
    return rc;
}
