/* The library entry: runs the stages of SPEC §1 in order for one report. */
#include "quire.h"
#include "data/env.h"
#include "expand/expand.h"
#include "export.h"
#include "layout/layout.h"
#include "paint/cairo/cairo.h"
#include "paint/hpdf/hpdf.h"
#include "provenance/provenance.h"
#include "render.h"
#include "template/template.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/limits.h"
#include "util/mem.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

quire_options quire_options_default(void)
{
    quire_options o;
    memset(&o, 0, sizeof o);
    o.query_timeout = 10;
    o.max_pages = 10000;
    o.date = (time_t)-1;
    o.dpi = 96;
    o.max_input_size = Q_DEFAULT_MAX_INPUT;
    o.max_rows = Q_DEFAULT_MAX_ROWS;
    o.max_memory = Q_DEFAULT_MAX_MEMORY;
    return o;
}

const char *quire_version(void)
{
    return QUIRE_VERSION;
}

/* The render's date: given, or SOURCE_DATE_EPOCH, or now. *fixed says
 * whether it was pinned (then SQL's 'now' reads it too). */
time_t q_render_date(const quire_options *o, int *fixed)
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

/* The env of one report: built whole, or (batch) derived from the
 * datasets that quire_prepare loaded once. */
static int env_for(const quire_prepared *p, q_env *env, const q_template *t, q_env_opts *eo, q_diags *d)
{
    if (!p)
        return q_env_build(env, t, eo, d);
    eo->datasets = p->datasets;
    eo->skip_unread = 1;   /* a report's own tables: only those something reads */
    eo->ndatasets = p->ndatasets;
    q_db *db = q_db_open_image(p->image, p->nimage, eo->query_timeout,
                               eo->fixed_time >= 0 ? q_db_fixed_clock(eo->fixed_time) : NULL);
    return q_env_derive(env, &p->base, db, eo, d);
}

/* The MIME type an attachment declares (PDF/A-3 wants one). */
static const char *mime_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (!strcasecmp(dot, ".csv"))
        return "text/csv";
    if (!strcasecmp(dot, ".json"))
        return "application/json";
    if (!strcasecmp(dot, ".xml"))
        return "application/xml";
    return "application/octet-stream";
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* --embed-data: the template, each dataset file and provenance.json. */
static int gather(const quire_options *o, const q_template *t, const q_env *env, const q_dlist *dl,
                  const q_prov *prov, time_t when, q_hpdf_file **out, size_t *nout, q_diags *d)
{
    size_t nf = env->ninputs + 1;
    q_prov_file *pf = q_xcalloc(nf, sizeof *pf);
    int rc = 0;
    for (size_t i = 0; i < nf && !rc; i++) {
        pf[i].path = i ? env->inputs[i - 1] : t->path;
        pf[i].dataset = i ? env->input_names[i - 1] : NULL;
        pf[i].name = base_name(pf[i].path);
        if (q_read_file(pf[i].path, &pf[i].data, &pf[i].len) != 0) {
            q_diag_add(d, Q_EDATA, pf[i].path, 0, 0, "cannot read the file to embed it");
            rc = -1;
        }
    }
    int nfonts = q_fonts_count(dl->fonts);
    const char **fonts = q_xcalloc((size_t)nfonts + 1, sizeof *fonts);
    for (int i = 0; i < nfonts; i++)
        fonts[i] = q_face_path(q_fonts_get(dl->fonts, i));
    const char **params = q_xcalloc(2 * o->nparams + 1, sizeof *params);
    for (size_t i = 0; i < o->nparams; i++) {
        params[2 * i] = o->params[i].name;
        params[2 * i + 1] = o->params[i].value;
    }
    q_prov_run run = {when, o->pdfa ? (*o->pdfa ? o->pdfa : "2b") : NULL, o->query_timeout,
                      o->max_pages, o->strict, params, o->nparams, pf, nf, fonts, (size_t)nfonts};
    q_buf json = {0};
    if (!rc)
        q_prov_json(prov, &run, &json);
    q_hpdf_file *f = q_xcalloc(nf + 1, sizeof *f);
    for (size_t i = 0; i < nf; i++)
        f[i] = (q_hpdf_file){pf[i].name, mime_of(pf[i].name), pf[i].data, pf[i].len};
    f[nf] = (q_hpdf_file){"provenance.json", "application/json", json.s, json.n};
    *out = f;
    *nout = nf + 1;
    free(pf);
    free(fonts);
    free(params);
    return rc;
}

static void free_files(q_hpdf_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((char *)f[i].data);
    free(f);
}

/* --pdfa and --embed-data: what the two ask of each other and of the
 * backend (SPEC §8). Returns the PDF/A part, or -1 (reported). */
static int pdfa_part(const quire_options *o, char *conf, q_diags *d)
{
    *conf = 'B';
    if (o->backend == QUIRE_BACKEND_CAIRO && (o->pdfa || o->embed_data)) {
        q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "%s needs the libharu backend (not --backend cairo)",
                   o->pdfa ? "--pdfa" : "--embed-data");
        return -1;
    }
    if (!o->pdfa)
        return 0;
    const char *l = *o->pdfa ? o->pdfa : "2b";
    int part = !strcasecmp(l, "2b") || !strcasecmp(l, "2u") ? 2 : !strcasecmp(l, "1b") ? 1 : -1;
    if (part < 0) {
        q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "--pdfa wants 2b, 2u or 1b, not '%s'", l);
        return -1;
    }
    if (part == 1 && o->embed_data) {
        q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "--embed-data needs PDF/A-3 (--pdfa=2b or 2u), PDF/A-1 has no attachments");
        return -1;
    }
    *conf = (char)(l[1] == 'u' || l[1] == 'U' ? 'U' : 'B');
    return o->embed_data ? 3 : part;
}

/* The stages of one report; with dump, the display list is printed
 * there instead of painted (q_render_dump). p: a prepared template and
 * its data (batch), or NULL to read them for this report; c: the thread's
 * open faces to reuse, or NULL. */
static int render(const quire_prepared *p, quire_cache *c, const quire_options *o, quire_result *r, FILE *dump,
                  unsigned flags)
{
    memset(r, 0, sizeof *r);
    q_diags d = {0};
    d.strict = o->strict;
    char conf;
    int pdfa = pdfa_part(o, &conf, &d);
    if (pdfa < 0)
        return finish(r, &d);
    q_template *t = p ? p->tpl : q_template_load_max(o->template_path, o->max_input_size, &d);
    if (!t)
        return finish(r, &d);
    /* quire chart: one chart instead of the pages (export.c). */
    int chart = o->chart_id && !o->check_only;
    if (chart && q_export_check(t, o, &d) != 0) {
        if (!p)
            q_template_free(t);
        return finish(r, &d);
    }
    q_prov *prov = o->embed_data && !o->check_only ? q_prov_new() : NULL;
    q_env env;
    q_limits lim = {o->max_input_size ? o->max_input_size : Q_DEFAULT_MAX_INPUT,
                    o->max_rows ? o->max_rows : Q_DEFAULT_MAX_ROWS,
                    o->max_memory ? o->max_memory : Q_DEFAULT_MAX_MEMORY,
                    o->max_pages > 0 ? o->max_pages : 10000, 0, 0, 0, 0, {0}};
    q_fileids_add_path(&lim.inputs, o->template_path);
    q_env_opts eo = {(const q_kv *)o->params, o->nparams, (const q_kv *)o->datasets, o->ndatasets,
                     o->allow_paths, o->nallow, o->query_timeout, -1, &lim, NULL, 0};
    q_doc doc;
    memset(&doc, 0, sizeof doc);
    q_dlist dl;
    memset(&dl, 0, sizeof dl);
    q_buf pdf = {0};
    int fixed;
    time_t when = q_render_date(o, &fixed);
    eo.fixed_time = fixed ? (long long)when : -1;
    eo.recorder = prov ? q_prov_recorder(prov) : NULL;
    char date_iso[16];
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(date_iso, sizeof date_iso, "%Y-%m-%d", &tm);

    int ok = env_for(p, &env, t, &eo, &d) == 0 && !q_diags_failed(&d);
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
        q_env_drop_data(&env);   /* expanded: the rows are in the document now */
    }
    q_fonts *fonts = q_fonts_new_from(c ? c->fonts : NULL);
    dl.fonts = fonts;
    if (ok && !chart) {
        q_layout_opts lo = {o->max_pages > 0 ? o->max_pages : 10000, t->path};
        if (o->check_only) {
            /* Fonts are part of what check verifies: lay out, paint nothing. */
            xo.check_only = 0;
            ok = q_expand(t, &env, &xo, &doc, &d) == 0 && q_layout(&doc, &lo, &dl, &d) == 0;
        } else {
            ok = q_layout_consume(&doc, &lo, &dl, &d) == 0;
            q_doc_drop_tables(&doc);
        }
        ok = ok && !q_diags_failed(&d);
    }
    /* Glyph ids and advances are for cairo and the dump; libharu draws by
     * character code, and for every page at once they were a large
     * table's peak. */
    if (ok && !o->check_only && !chart && (dump || o->png_pattern || o->backend == QUIRE_BACKEND_CAIRO))
        q_dlist_set_glyphs(&dl);
    if (ok && dump && !o->check_only) {
        q_dlist_dump(&dl, dump, flags);
        r->pages = (int)dl.npages;
        ok = 0;   /* nothing more to do: no PDF */
    }
    if (ok && !o->check_only && o->png_pattern && !chart) {
        q_cairo_png_opts po = {o->png_pattern, o->dpi > 0 ? o->dpi : 96, o->pages, t->path};
        ok = q_paint_cairo_png(&dl, &po, &d) == 0 && !q_diags_failed(&d);
        r->pages = (int)dl.npages;
        ok = 0;   /* the pages are written: no PDF */
    }
    if (ok && !o->check_only) {
        if (chart) {
            ok = q_export_chart(t, &doc, fonts, o, when, &pdf, &d) == 0 && !q_diags_failed(&d);
        } else if (o->backend == QUIRE_BACKEND_CAIRO) {
            q_cairo_opts co = {when, t->path};
            ok = q_paint_cairo_pdf(&dl, &co, &pdf, &d) == 0 && !q_diags_failed(&d);
        } else {
            q_hpdf_opts ho = {when, t->path};
            q_hpdf_file *files = NULL;
            size_t nfiles = 0;
            if (prov)
                ok = gather(o, t, &env, &dl, prov, when, &files, &nfiles, &d) == 0;
            q_hpdf_archive ha = {pdfa, conf, files, nfiles};
            /* Only its page count is read after. */
            ok = ok && q_paint_hpdf_consume(&dl, &ho, &ha, &pdf, &d) == 0 && !q_diags_failed(&d);
            free_files(files, nfiles);
        }
    }
    if (ok && !o->check_only) {
        r->pages = chart ? 1 : (int)dl.npages;
        r->bytes = pdf.n;
        q_temp_hook hook = {o->on_temp, o->temp_arg};
        if (o->output_path)
            ok = q_write_output(o->output_path, pdf.s, pdf.n, &lim.inputs, &hook, &d) == 0;
        else
            r->pdf = (unsigned char *)q_buf_take(&pdf);
    }
    q_buf_free(&pdf);
    q_dlist_free(&dl);
    q_fonts_free(fonts);
    q_doc_free(&doc);
    q_env_free(&env);
    if (!p)
        q_template_free(t);
    q_fileids_free(&lim.inputs);
    q_prov_free(prov);
    return finish(r, &d);
}

/* render() behind an out-of-memory guard (util/mem.h). */
static int guarded(const quire_prepared *p, quire_cache *c, const quire_options *o, quire_result *r, FILE *dump,
                   unsigned flags)
{
    q_db_heap_limit(o->max_memory ? o->max_memory : Q_DEFAULT_MAX_MEMORY);   /* data/sqlmem.c */
    q_oom_guard g = {.hook = o->on_oom, .arg = o->oom_arg};
    q_oom_arm(&g);
    if (setjmp(g.jmp)) {
        /* Plain malloc: q_x* would find no guard now. messages may be
         * NULL if even this fails; quire_result_free copes. */
        char m[512];
        snprintf(m, sizeof m, "%s: error: out of memory (an allocation of %zu bytes failed)\n",
                 o->template_path ? o->template_path : "quire", g.failed_size);
        memset(r, 0, sizeof *r);
        r->status = Q_EDATA;
        r->messages = strdup(m);
        q_db_heap_limit(0);
        return r->status;
    }
    int rc = render(p, c, o, r, dump, flags);
    q_oom_disarm(&g);
    q_db_heap_limit(0);   /* the render's bound ends with it */
    return rc;
}

int quire_render(const quire_options *o, quire_result *r)
{
    return guarded(NULL, NULL, o, r, NULL, 0);
}

int q_render_dump(const quire_options *o, FILE *out, unsigned flags, quire_result *r)
{
    return guarded(NULL, NULL, o, r, out, flags);
}

int quire_render_prepared(const quire_prepared *p, quire_cache *c, const quire_options *o, quire_result *r)
{
    return guarded(p, c, o, r, NULL, 0);
}

quire_cache *quire_cache_new(void)
{
    quire_cache *c = q_xcalloc(1, sizeof *c);
    c->fonts = q_fonts_new();
    if (!c->fonts) {
        free(c);
        return NULL;
    }
    return c;
}

void quire_cache_free(quire_cache *c)
{
    if (!c)
        return;
    q_fonts_free(c->fonts);
    free(c);
}

int quire_prepare(const quire_options *o, quire_prepared **out, quire_result *r)
{
    memset(r, 0, sizeof *r);
    *out = NULL;
    q_diags d = {0};
    d.strict = o->strict;
    quire_prepared *p = q_xcalloc(1, sizeof *p);
    p->tpl = q_template_load_max(o->template_path, o->max_input_size, &d);
    p->datasets = q_xcalloc(o->ndatasets + 1, sizeof *p->datasets);
    for (size_t i = 0; i < o->ndatasets; i++)
        p->datasets[i] = (q_kv){q_xstrdup(o->datasets[i].name), q_xstrdup(o->datasets[i].value)};
    p->ndatasets = o->ndatasets;
    q_env_opts eo = {NULL, 0, p->datasets, p->ndatasets, o->allow_paths, o->nallow, o->query_timeout, -1, NULL, NULL,
                     0};
    int ok = p->tpl && q_env_load(&p->base, p->tpl, &eo, &d) == 0 && !q_diags_failed(&d);
    if (ok && q_db_image(p->base.db, &p->image, &p->nimage) != 0) {
        q_diag_add(&d, Q_EDATA, p->tpl->path, 0, 0, "cannot copy the loaded datasets (out of memory?)");
        ok = 0;
    }
    /* Statements that give every report the same rows: once, here. */
    int fixed;
    time_t when = q_render_date(o, &fixed);
    if (ok)
        q_env_statics(&p->base, p->image, p->nimage, o->query_timeout, fixed ? (long long)when : -1,
                      o->max_memory ? o->max_memory : Q_DEFAULT_MAX_MEMORY);
    /* The image is all reports read: the loading connection can go. */
    q_db_close(p->base.db);
    p->base.db = NULL;
    if (ok)
        *out = p;
    else
        quire_prepared_free(p);
    return finish(r, &d);
}

void quire_prepared_free(quire_prepared *p)
{
    if (!p)
        return;
    q_env_free(&p->base);
    sqlite3_free(p->image);
    for (size_t i = 0; i < p->ndatasets; i++) {
        free((char *)p->datasets[i].name);
        free((char *)p->datasets[i].value);
    }
    free(p->datasets);
    q_template_free(p->tpl);
    free(p);
}

void quire_result_free(quire_result *r)
{
    free(r->messages);
    free(r->pdf);
    memset(r, 0, sizeof *r);
}
