/* JSON datasets (SPEC §3.2): an array of objects, one row per object, keys as
 * columns. SQLite's JSON functions do the parsing, on the loading connection
 * (trusted at this point: the read-only authorizer is not installed yet). */
#include "data/load.h"
#include "util/buf.h"
#include "util/limits.h"
#include <unistd.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Offset of the first byte that is not valid UTF-8, or n. SQLite's JSON
 * parser passes such bytes through, and the PDF side needs valid text. */
static size_t utf8_bad(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t len;
        uint32_t v, min;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
        else return i;
        if (n - i < len)
            return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            v = v << 6 | (s[i + k] & 0x3F);
        }
        if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return i;
        i += len;
    }
    return n;
}

static int read_all(const char *path, const q_input *in, q_buf *b, q_diags *d)
{
    char eb[256];
    int fd = q_open_input(path, in, eb, sizeof eb);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        q_diag_add(d, Q_EDATA, path, 0, 0, "%s", fd >= 0 ? "cannot open" : eb);
        return -1;
    }
    enum { CHUNK = 64 * 1024 };
    char *tmp = q_xmalloc(CHUNK);   /* not on the stack: renders run on threads */
    size_t n;
    unsigned long long max = in && in->max ? in->max : 0;
    while ((n = fread(tmp, 1, CHUNK, f)) > 0) {
        if (max && b->n + n > max) {   /* a pipe: its size shows only now */
            fclose(f);
            free(tmp);
            q_input_too_big(in, eb, sizeof eb);
            q_diag_add(d, Q_EDATA, path, 0, 0, "%s", eb);
            return -1;
        }
        q_buf_add(b, tmp, n);
    }
    int bad = ferror(f);
    int err = errno;
    fclose(f);
    free(tmp);
    if (bad) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "cannot read: %s", strerror_r(err, eb, sizeof eb));
        return -1;
    }
    return 0;
}

static int line_of(const char *s, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n' && line < INT_MAX)
            line++;
    return line;
}


/* Columns in order of first appearance, with an open-addressing hash index
 * from key to column (local to one load: no global state). */
typedef struct jcol {
    char *key;      /* as in the JSON; may hold NUL bytes (\u0000) */
    int keylen;
    char *name;     /* column name */
    long long nint, nreal, ntext;   /* values seen, by kind */
} jcol;

typedef struct jtab {
    jcol *v;
    size_t n, cap;
    int *slot;      /* column index + 1; 0 = empty */
    size_t nslot;   /* a power of two, at least twice n */
} jtab;

static size_t key_hash(const char *k, int n)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (int i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h;
}

static int jtab_find(const jtab *t, const char *k, int n)
{
    if (!t->nslot)
        return -1;
    for (size_t i = key_hash(k, n) & (t->nslot - 1);; i = (i + 1) & (t->nslot - 1)) {
        int c = t->slot[i] - 1;
        if (c < 0)
            return -1;
        if (t->v[c].keylen == n && (n == 0 || memcmp(t->v[c].key, k, (size_t)n) == 0))
            return c;
    }
}

static void jtab_index(jtab *t, int c)
{
    size_t i = key_hash(t->v[c].key, t->v[c].keylen) & (t->nslot - 1);
    while (t->slot[i])
        i = (i + 1) & (t->nslot - 1);
    t->slot[i] = c + 1;
}

static int jtab_add(jtab *t, const char *k, int n)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->v = q_xrealloc(t->v, t->cap * sizeof *t->v);
    }
    int c = (int)t->n++;
    t->v[c] = (jcol){.key = q_xstrndup(n ? k : "", (size_t)n), .keylen = n};
    if (2 * t->n > t->nslot) {
        free(t->slot);
        t->nslot = t->nslot ? t->nslot * 2 : 64;
        t->slot = q_xcalloc(t->nslot, sizeof *t->slot);
        for (size_t i = 0; i < t->n; i++)
            jtab_index(t, (int)i);
    } else {
        jtab_index(t, c);
    }
    return c;
}

static void jtab_free(jtab *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].key);
        free(t->v[i].name);
    }
    free(t->v);
    free(t->slot);
}

/* Prepares sql and binds ?1 = the JSON text, ?2 = the path (if used). */
static sqlite3_stmt *prep(sqlite3 *db, const char *sql, const q_buf *text, const char *jpath)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (sqlite3_bind_text(st, 1, text->s, (int)text->n, SQLITE_STATIC) != SQLITE_OK) {
        sqlite3_finalize(st);   /* unbound, ?1 would read as NULL: "malformed" */
        return NULL;
    }
    if (jpath && sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_text(st, 2, jpath, -1, SQLITE_STATIC);
    return st;
}

static const char *article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

/* Visits every key of every element of the array. Without `ins` it checks
 * that elements are objects and collects the columns; with it, it inserts
 * one row per element. json_each gives true/false as 1/0 and nested arrays
 * and objects as their JSON text, which is what goes into the table. */
static int walk(sqlite3 *db, const q_buf *text, const char *jp, jtab *t, sqlite3_stmt *ins,
                const char *path, q_diags *d)
{
    int limit = sqlite3_limit(db, SQLITE_LIMIT_COLUMN, -1), rc = -1, r;
    sqlite3_stmt *outer = prep(db, "SELECT key, type, value FROM json_each(?1, ?2)", text, jp);
    sqlite3_stmt *inner = NULL;
    if (!outer || sqlite3_prepare_v2(db, "SELECT key, value FROM json_each(?1)", -1, &inner,
                                     NULL) != SQLITE_OK)
        goto sqlerr;
    while ((r = sqlite3_step(outer)) == SQLITE_ROW) {
        if (!ins) {
            const char *type = (const char *)sqlite3_column_text(outer, 1);
            if (!type || strcmp(type, "object") != 0) {
                type = type ? type : "null";
                q_diag_add(d, Q_EDATA, path, 0, 0, "element %s[%lld] is %s %s, not an object",
                           jp, (long long)sqlite3_column_int64(outer, 0), article(type), type);
                goto out;
            }
        } else {
            sqlite3_clear_bindings(ins);   /* missing keys are NULL */
        }
        sqlite3_bind_value(inner, 1, sqlite3_column_value(outer, 2));
        while ((r = sqlite3_step(inner)) == SQLITE_ROW) {
            const char *key = sqlite3_column_blob(inner, 0);
            int n = sqlite3_column_bytes(inner, 0);
            sqlite3_value *v = sqlite3_column_value(inner, 1);
            int c = jtab_find(t, key, n);
            if (ins) {
                if (c >= 0)
                    sqlite3_bind_value(ins, c + 1, v);
                continue;
            }
            if (c < 0) {
                if (t->n == (size_t)limit) {
                    q_diag_add(d, Q_EDATA, path, 0, 0, "too many distinct keys (more than %d)",
                               limit);
                    goto out;
                }
                c = jtab_add(t, key, n);
            }
            switch (sqlite3_value_type(v)) {
            case SQLITE_INTEGER: t->v[c].nint++; break;   /* also true/false */
            case SQLITE_FLOAT: t->v[c].nreal++; break;
            case SQLITE_TEXT: t->v[c].ntext++; break;     /* also arrays/objects */
            default: break;
            }
        }
        if (r != SQLITE_DONE)
            goto sqlerr;
        sqlite3_reset(inner);
        if (ins) {
            if (sqlite3_step(ins) != SQLITE_DONE)
                goto sqlerr;
            sqlite3_reset(ins);
        }
    }
    if (r != SQLITE_DONE)
        goto sqlerr;
    rc = 0;
    goto out;
sqlerr:
    q_diag_add(d, Q_EDATA, path, 0, 0, "cannot read JSON: %s", sqlite3_errmsg(db));
out:
    sqlite3_finalize(outer);
    sqlite3_finalize(inner);
    return rc;
}

int q_json_load(sqlite3 *db, const char *table, const char *path,
                const char *json_path, q_diags *d)
{
    return q_json_load_in(db, table, path, json_path, NULL, d);
}

int q_json_load_in(sqlite3 *db, const char *table, const char *path, const char *json_path,
                   const q_input *in, q_diags *d)
{
    const char *jp = json_path && *json_path ? json_path : "$";
    q_buf text = {0}, sql = {0};
    jtab t = {0};
    sqlite3_stmt *st = NULL, *ins = NULL;
    int rc = -1, in_savepoint = 0;
    /* The whole file is one SQL value: allow it SQLite's largest string
     * while loading (the template's queries keep the smaller limit). */
    int old_len = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, INT_MAX);
    int max_len = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1);

    if (read_all(path, in, &text, d) != 0)
        goto out;
    q_buf_putc(&text, 0);   /* make text.s non-NULL even for an empty file */
    text.n--;
    if (text.n >= 3 && memcmp(text.s, "\xEF\xBB\xBF", 3) == 0) {
        memmove(text.s, text.s + 3, text.n - 2);
        text.n -= 3;
    }
    if (text.n >= (size_t)max_len) {
        char size[32], lim[32];
        q_size_text(text.n, size, sizeof size);
        q_size_text((unsigned long long)max_len, lim, sizeof lim);
        q_diag_add(d, Q_EDATA, path, 0, 0, "JSON file too large: it is %s, and SQLite's JSON functions read at most %s",
                   size, lim);
        goto out;
    }
    const char *nul = memchr(text.s, 0, text.n);
    if (nul) {
        q_diag_add(d, Q_EDATA, path, line_of(text.s, (size_t)(nul - text.s)), 0,
                   "malformed JSON: NUL byte in the file");
        goto out;
    }
    size_t bad = utf8_bad((const unsigned char *)text.s, text.n);
    if (bad < text.n) {
        q_diag_add(d, Q_EDATA, path, line_of(text.s, bad), 0,
                   "invalid UTF-8 (byte 0x%02X); the file must be UTF-8",
                   (unsigned char)text.s[bad]);
        goto out;
    }

    st = prep(db, "SELECT json_valid(?1)", &text, NULL);
    if (!st || sqlite3_step(st) != SQLITE_ROW)
        goto sqlerr;
    if (!sqlite3_column_int(st, 0)) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "malformed JSON");
        goto out;
    }
    sqlite3_finalize(st);

    st = prep(db, "SELECT json_type(?1, ?2)", &text, jp);
    if (!st)
        goto sqlerr;
    if (sqlite3_step(st) != SQLITE_ROW) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "invalid JSON path '%s': %s", jp, sqlite3_errmsg(db));
        goto out;
    }
    const char *type = (const char *)sqlite3_column_text(st, 0);
    if (!type) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "JSON path '%s' not found", jp);
        goto out;
    }
    if (strcmp(type, "array") != 0) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "JSON path '%s' is %s %s, not an array of objects",
                   jp, article(type), type);
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;

    if (walk(db, &text, jp, &t, NULL, path, d) != 0)
        goto out;
    if (!t.n) {
        q_diag_add(d, Q_EDATA, path, 0, 0,
                   "no data: the array at '%s' is empty or its objects have no keys", jp);
        goto out;
    }

    /* Names: keys as given; an empty key (or one with a NUL) becomes
     * column_N, and keys that SQLite would take for the same name (it ignores
     * ASCII case) get _2, _3 … */
    const char **taken = q_xcalloc(t.n + 1, sizeof *taken);
    for (size_t i = 0; i < t.n; i++) {
        jcol *c = &t.v[i];
        char *base = c->keylen && strlen(c->key) == (size_t)c->keylen
                         ? q_xstrdup(c->key) : q_asprintf("column_%zu", i + 1);
        taken[i] = c->name = q_unique_name(base, taken, i);
    }
    free(taken);

    if (sqlite3_exec(db, "SAVEPOINT q_json_load", NULL, NULL, NULL) != SQLITE_OK)
        goto sqlerr;
    in_savepoint = 1;
    q_buf_puts(&sql, "CREATE TABLE main.");
    q_sql_ident(&sql, table);
    q_buf_puts(&sql, " (");
    for (size_t i = 0; i < t.n; i++) {
        const jcol *c = &t.v[i];
        if (i)
            q_buf_puts(&sql, ", ");
        q_sql_ident(&sql, c->name);
        /* Like CSV: all integers INTEGER, all numbers REAL, all text TEXT;
         * a mixed column gets no declared type, so each value keeps its own. */
        q_buf_puts(&sql, c->ntext ? (c->nint || c->nreal ? "" : " TEXT")
                         : c->nreal ? " REAL" : c->nint ? " INTEGER" : " TEXT");
    }
    q_buf_putc(&sql, ')');
    if (sqlite3_exec(db, sql.s, NULL, NULL, NULL) != SQLITE_OK)
        goto sqlerr;
    q_buf_reset(&sql);
    q_buf_puts(&sql, "INSERT INTO main.");
    q_sql_ident(&sql, table);
    q_buf_puts(&sql, " VALUES (");
    for (size_t i = 0; i < t.n; i++)
        q_buf_puts(&sql, i ? ", ?" : "?");
    q_buf_putc(&sql, ')');
    if (sqlite3_prepare_v2(db, sql.s, -1, &ins, NULL) != SQLITE_OK)
        goto sqlerr;
    if (walk(db, &text, jp, &t, ins, path, d) != 0)
        goto out;
    sqlite3_finalize(ins);
    ins = NULL;
    if (sqlite3_exec(db, "RELEASE q_json_load", NULL, NULL, NULL) != SQLITE_OK)
        goto sqlerr;
    in_savepoint = 0;
    rc = 0;
    goto out;

sqlerr:
    q_diag_add(d, Q_EDATA, path, 0, 0, "cannot load into table '%s': %s", table,
               sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    if (in_savepoint) {
        sqlite3_exec(db, "ROLLBACK TO q_json_load", NULL, NULL, NULL);
        sqlite3_exec(db, "RELEASE q_json_load", NULL, NULL, NULL);
    }
    jtab_free(&t);
    q_buf_free(&sql);
    q_buf_free(&text);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, old_len);
    return rc;
}
