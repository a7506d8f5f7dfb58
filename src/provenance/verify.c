/* `quire verify` (docs/provenance.md): the attachments out of the PDF, a
 * new render from them with the recorded parameters and options, then the
 * recorded figures, files, fonts and bytes compared. provenance.json is
 * read with SQLite's JSON functions, already linked. */
#include "provenance/pdfread.h"
#include "provenance/provenance.h"
#include "quire.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct vctx {
    const char *pdf;
    sqlite3 *db;
    int differs;
} vctx;

static void differ(vctx *v, const char *what)
{
    fprintf(stderr, "%s: error: %s\n", v->pdf, what);
    v->differs = 1;
}

static const q_pdf_att *att(const q_pdf_att *a, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(a[i].name, name))
            return &a[i];
    return NULL;
}

/* Rows of SQL over one JSON document (?1). */
static sqlite3_stmt *json_rows(vctx *v, const char *json, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    return st;
}

static char *col(sqlite3_stmt *st, int c)
{
    const char *s = (const char *)sqlite3_column_text(st, c);
    return q_xstrdup(s ? s : "");
}

/* The statements of two provenance records, one by one. */
static void compare_statements(vctx *v, const char *old, const char *now)
{
    static const char sql[] =
        "SELECT json_extract(value, '$.what'), json_extract(value, '$.line'), "
        "json_extract(value, '$.value'), json_extract(value, '$.rows'), json_extract(value, '$.rows_sha256'), "
        "json_extract(value, '$.bound'), json_type(value, '$.value') FROM json_each(?1, '$.statements') ORDER BY key";
    sqlite3_stmt *a = json_rows(v, old, sql), *b = json_rows(v, now, sql);
    int ra = SQLITE_DONE, rb = SQLITE_DONE;
    while (a && b && (ra = sqlite3_step(a)) == SQLITE_ROW && (rb = sqlite3_step(b)) == SQLITE_ROW) {
        char *what = col(a, 0), *va = col(a, 2), *vb = col(b, 2), *sa = col(a, 4), *sb = col(b, 4);
        char *ba = col(a, 5), *bb = col(b, 5);
        char *msg = NULL;
        if (strcmp(what, (const char *)sqlite3_column_text(b, 0) ? (const char *)sqlite3_column_text(b, 0) : ""))
            msg = q_asprintf("%s (line %d) is not the statement that runs now", what, sqlite3_column_int(a, 1));
        else if (sqlite3_column_type(a, 6) != SQLITE_NULL && strcmp(va, vb))
            msg = q_asprintf("%s (line %d): recorded %s, now %s", what, sqlite3_column_int(a, 1), va, vb);
        else if (strcmp(ba, bb))
            msg = q_asprintf("%s (line %d): bound %s, now %s", what, sqlite3_column_int(a, 1), ba, bb);
        else if (sqlite3_column_int64(a, 3) != sqlite3_column_int64(b, 3) || strcmp(sa, sb))
            msg = q_asprintf("%s (line %d): recorded %lld rows (sha256 %.12s…), now %lld rows (sha256 %.12s…)", what,
                             sqlite3_column_int(a, 1), (long long)sqlite3_column_int64(a, 3), sa,
                             (long long)sqlite3_column_int64(b, 3), sb);
        if (msg)
            differ(v, msg);
        free(msg);
        free(what), free(va), free(vb), free(sa), free(sb), free(ba), free(bb);
    }
    if (a && b && ra == SQLITE_ROW && rb != SQLITE_ROW)
        differ(v, "the new render ran fewer statements than were recorded");
    else if (a && b && ra == SQLITE_DONE && sqlite3_step(b) == SQLITE_ROW)
        differ(v, "the new render ran more statements than were recorded");
    sqlite3_finalize(a);
    sqlite3_finalize(b);
}

static void compare_fonts(vctx *v, const char *old, const char *now)
{
    sqlite3_stmt *st = json_rows(
        v, old,
        "SELECT json_extract(a.value, '$.file'), json_extract(a.value, '$.sha256'), "
        "(SELECT json_extract(b.value, '$.sha256') FROM json_each(?2, '$.fonts') b "
        " WHERE json_extract(b.value, '$.file') = json_extract(a.value, '$.file')) FROM json_each(?1, '$.fonts') a");
    if (!st)
        return;
    sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *file = col(st, 0), *sa = col(st, 1), *sb = col(st, 2);
        if (strcmp(sa, sb)) {
            char *m = *sb ? q_asprintf("font %s: sha256 %s here, %s recorded", file, sb, sa)
                          : q_asprintf("font %s is not used by the new render", file);
            differ(v, m);
            free(m);
        }
        free(file), free(sa), free(sb);
    }
    sqlite3_finalize(st);
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

int q_verify(const char *pdf_path, FILE *out)
{
    vctx v = {pdf_path, NULL, 0};
    char *pdf = NULL;
    size_t n = 0;
    if (q_read_file(pdf_path, &pdf, &n) != 0) {
        fprintf(stderr, "%s: error: cannot read the file\n", pdf_path);
        return 2;
    }
    q_pdf_att *a = NULL;
    size_t na = q_pdf_attachments(pdf, n, &a);
    const q_pdf_att *prov = att(a, na, "provenance.json");
    if (!prov || !strstr(prov->data, "\"quire\"")) {
        fprintf(stderr, "%s: error: no quire attachments (render it with --embed-data)\n", pdf_path);
        q_pdf_atts_free(a, na);
        free(pdf);
        return 2;
    }
    sqlite3_open(":memory:", &v.db);
    char dir[] = "/tmp/quire-verify-XXXXXX";
    if (!mkdtemp(dir)) {
        fprintf(stderr, "%s: error: cannot make a temporary folder\n", pdf_path);
        sqlite3_close(v.db);
        q_pdf_atts_free(a, na);
        free(pdf);
        return 1;
    }
    /* Each recorded file: attached, unchanged, then written out. */
    quire_options o = quire_options_default();
    quire_kv *ds = q_xcalloc(na + 1, sizeof *ds), *ps = NULL;
    char **paths = q_xcalloc(na + 1, sizeof *paths);
    size_t nds = 0, nps = 0, npaths = 0;
    char *template_path = NULL;
    sqlite3_stmt *st = json_rows(&v, prov->data,
                                 "SELECT json_extract(value, '$.role'), json_extract(value, '$.dataset'), "
                                 "json_extract(value, '$.name'), json_extract(value, '$.sha256') "
                                 "FROM json_each(?1, '$.files')");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char *role = col(st, 0), *dsn = col(st, 1), *name = col(st, 2), *sha = col(st, 3);
        const q_pdf_att *f = att(a, na, name);
        char got[65], *m = NULL;
        int bad_name = !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..");
        if (!f || bad_name)
            m = q_asprintf("attachment %s is missing", name);
        else if (q_sha256_hex(f->data, f->len, got), strcmp(got, sha))
            m = q_asprintf("attachment %s differs from the file recorded (sha256 %s, recorded %s)", name, got, sha);
        if (m) {
            differ(&v, m);
            free(m);
        }
        if (f && !bad_name && npaths < na) {
            char *path = q_asprintf("%s/%s", dir, name);
            if (write_file(path, f->data, f->len) != 0) {
                char *w = q_asprintf("cannot write %s", path);
                differ(&v, w);
                free(w);
            }
            paths[npaths++] = path;
            if (!strcmp(role, "template"))
                template_path = path;
            else {
                ds[nds].name = dsn;
                ds[nds++].value = path;
                dsn = NULL;
            }
        }
        free(role), free(dsn), free(name), free(sha);
    }
    sqlite3_finalize(st);
    st = json_rows(&v, prov->data, "SELECT key, value FROM json_each(?1, '$.params')");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        ps = q_xrealloc(ps, (nps + 1) * sizeof *ps);
        ps[nps].name = col(st, 0);
        ps[nps++].value = col(st, 1);
    }
    sqlite3_finalize(st);
    char *pdfa = NULL;
    st = json_rows(&v, prov->data,
                   "SELECT json_extract(?1, '$.render_time'), json_extract(?1, '$.options.pdfa'), "
                   "json_extract(?1, '$.options.query_timeout'), json_extract(?1, '$.options.max_pages'), "
                   "json_extract(?1, '$.options.strict')");
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        o.date = (time_t)sqlite3_column_int64(st, 0);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
            pdfa = col(st, 1);
        o.query_timeout = sqlite3_column_double(st, 2) > 0 ? sqlite3_column_double(st, 2) : 10;
        o.max_pages = sqlite3_column_int(st, 3) > 0 ? sqlite3_column_int(st, 3) : 10000;
        o.strict = sqlite3_column_int(st, 4);
    }
    sqlite3_finalize(st);
    int rc = 1;
    if (!template_path) {
        differ(&v, "no template among the attachments");
    } else {
        o.template_path = template_path;
        o.datasets = ds;
        o.ndatasets = nds;
        o.params = ps;
        o.nparams = nps;
        o.pdfa = pdfa;
        o.embed_data = 1;
        quire_result r;
        if (quire_render(&o, &r) != 0) {
            fprintf(stderr, "%s", r.messages);
            differ(&v, "the attachments no longer render");
        } else {
            q_pdf_att *b = NULL;
            size_t nb = q_pdf_attachments((const char *)r.pdf, r.bytes, &b);
            const q_pdf_att *now = att(b, nb, "provenance.json");
            if (!now) {
                differ(&v, "the new render has no provenance.json");
            } else {
                compare_statements(&v, prov->data, now->data);
                compare_fonts(&v, prov->data, now->data);
            }
            if (r.bytes != n || memcmp(r.pdf, pdf, n))
                differ(&v, v.differs ? "the PDF's bytes differ from a new render (see above)"
                                     : "the PDF's bytes differ from a new render (every recorded figure matches)");
            q_pdf_atts_free(b, nb);
        }
        quire_result_free(&r);
        rc = v.differs ? 1 : 0;
    }
    if (!rc)
        fprintf(out, "%s: ok: every figure, file and byte matches a new render\n", pdf_path);
    for (size_t i = 0; i < npaths; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    rmdir(dir);
    for (size_t i = 0; i < nds; i++)
        free((char *)ds[i].name);
    for (size_t i = 0; i < nps; i++) {
        free((char *)ps[i].name);
        free((char *)ps[i].value);
    }
    free(ps);
    free(ds);
    free(paths);
    free(pdfa);
    sqlite3_close(v.db);
    q_pdf_atts_free(a, na);
    free(pdf);
    return rc;
}
