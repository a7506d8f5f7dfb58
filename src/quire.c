/* The library entry: runs the stages of SPEC §1 in order for one report. */
#include "quire.h"
#include "data/env.h"
#include "expand/expand.h"
#include "layout/layout.h"
#include "paint/cairo/cairo.h"
#include "paint/hpdf/hpdf.h"
#include "render.h"
#include "template/template.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include <stdlib.h>
#include <string.h>

quire_options quire_options_default(void)
{
    quire_options o;
    memset(&o, 0, sizeof o);
    o.query_timeout = 10;
    o.max_pages = 10000;
    o.date = (time_t)-1;
    o.dpi = 96;
    return o;
}

const char *quire_version(void)
{
    return QUIRE_VERSION;
}

/* The render's date: given, or SOURCE_DATE_EPOCH, or now. *fixed says
 * whether it was pinned (then SQL's 'now' reads it too). */
static time_t render_date(const quire_options *o, int *fixed)
{
    *fixed = 1;
    if (o->date != (time_t)-1)
        return o->date;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0)
            return (time_t)v;
    }
    *fixed = 0;
    return time(NULL);
}

static int finish(quire_result *r, q_diags *d)
{
    q_buf b = {0};
    for (size_t i = 0; i < d->n; i++) {
        q_diags one = {&d->v[i], 1, 1, 0, 0};
        char *line = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&line, &len);
        if (f) {
            q_diags_print(&one, f);
            fclose(f);
            q_buf_add(&b, line, len);
            free(line);
        }
    }
    r->messages = q_buf_take(&b);
    r->status = q_diags_code(d);
    r->warnings = (int)(d->n - d->nerr);
    q_diags_free(d);
    return r->status;
}

/* The stages of one report; with dump, the display list is printed
 * there instead of painted (q_render_dump). */
static int render(const quire_options *o, quire_result *r, FILE *dump, unsigned flags)
{
    memset(r, 0, sizeof *r);
    q_diags d = {0};
    d.strict = o->strict;
    q_template *t = q_template_load(o->template_path, &d);
    if (!t)
        return finish(r, &d);
    q_env env;
    q_env_opts eo = {(const q_kv *)o->params, o->nparams, (const q_kv *)o->datasets, o->ndatasets,
                     o->allow_paths, o->nallow, o->query_timeout, -1};
    q_doc doc;
    memset(&doc, 0, sizeof doc);
    q_dlist dl;
    memset(&dl, 0, sizeof dl);
    q_buf pdf = {0};
    int fixed;
    time_t when = render_date(o, &fixed);
    eo.fixed_time = fixed ? (long long)when : -1;
    char date_iso[16];
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(date_iso, sizeof date_iso, "%Y-%m-%d", &tm);

    int ok = q_env_build(&env, t, &eo, &d) == 0 && !q_diags_failed(&d);
    /* Every name is checked in every branch before anything is rendered,
     * so a typo in a branch not taken today still fails (exit 2). */
    q_expand_opts xo = {1, date_iso, o->allow_paths, o->nallow};
    if (ok || o->check_only) {
        q_doc probe;
        ok = q_expand(t, &env, &xo, &probe, &d) == 0 && ok && !q_diags_failed(&d);
        q_doc_free(&probe);
    }
    if (ok && !o->check_only) {
        xo.check_only = 0;
        ok = q_expand(t, &env, &xo, &doc, &d) == 0 && !q_diags_failed(&d);
    }
    q_fonts *fonts = q_fonts_new();
    dl.fonts = fonts;
    if (ok) {
        q_layout_opts lo = {o->max_pages > 0 ? o->max_pages : 10000, t->path};
        if (o->check_only) {
            /* Fonts are part of what check verifies: lay out, paint nothing. */
            xo.check_only = 0;
            ok = q_expand(t, &env, &xo, &doc, &d) == 0 && q_layout(&doc, &lo, &dl, &d) == 0;
        } else {
            ok = q_layout(&doc, &lo, &dl, &d) == 0;
        }
        ok = ok && !q_diags_failed(&d);
    }
    if (ok && dump && !o->check_only) {
        q_dlist_dump(&dl, dump, flags);
        r->pages = (int)dl.npages;
        ok = 0;   /* nothing more to do: no PDF */
    }
    if (ok && !o->check_only && o->png_pattern) {
        q_cairo_png_opts po = {o->png_pattern, o->dpi > 0 ? o->dpi : 96, o->pages, t->path};
        ok = q_paint_cairo_png(&dl, &po, &d) == 0 && !q_diags_failed(&d);
        r->pages = (int)dl.npages;
        ok = 0;   /* the pages are written: no PDF */
    }
    if (ok && !o->check_only) {
        if (o->backend == QUIRE_BACKEND_CAIRO) {
            q_cairo_opts co = {when, t->path};
            ok = q_paint_cairo_pdf(&dl, &co, &pdf, &d) == 0 && !q_diags_failed(&d);
        } else {
            q_hpdf_opts ho = {.date = when, .file = t->path};
            ok = q_paint_hpdf(&dl, &ho, &pdf, &d) == 0 && !q_diags_failed(&d);
        }
    }
    if (ok && !o->check_only) {
        r->pages = (int)dl.npages;
        r->bytes = pdf.n;
        if (o->output_path)
            ok = q_write_atomic(o->output_path, pdf.s, pdf.n, &d) == 0;
        else
            r->pdf = (unsigned char *)q_buf_take(&pdf);
    }
    q_buf_free(&pdf);
    q_dlist_free(&dl);
    q_fonts_free(fonts);
    q_doc_free(&doc);
    q_env_free(&env);
    q_template_free(t);
    return finish(r, &d);
}

int quire_render(const quire_options *o, quire_result *r)
{
    return render(o, r, NULL, 0);
}

int q_render_dump(const quire_options *o, FILE *out, unsigned flags, quire_result *r)
{
    return render(o, r, out, flags);
}

void quire_result_free(quire_result *r)
{
    free(r->messages);
    free(r->pdf);
    memset(r, 0, sizeof *r);
}
