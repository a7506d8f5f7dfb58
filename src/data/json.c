/* JSON datasets (SPEC §3.2): an array of objects, one row per object, keys as
 * columns. SQLite's JSON functions do the parsing, on the loading connection
 * (trusted at this point: the read-only authorizer is not installed yet). */
#include "data/load.h"
#include "util/buf.h"

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

static int read_all(const char *path, q_buf *b, q_diags *d)
{
    char eb[256];
    FILE *f = fopen(path, "rb");
    if (!f) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "cannot open: %s", strerror_r(errno, eb, sizeof eb));
        return -1;
    }
    enum { CHUNK = 64 * 1024 };
    char *tmp = q_xmalloc(CHUNK);   /* not on the stack: renders run on threads */
    size_t n;
    while ((n = fread(tmp, 1, CHUNK, f)) > 0)
        q_buf_add(b, tmp, n);
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

static void put_ident(q_buf *b, const char *s)
{
    q_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            q_buf_putc(b, '"');
        q_buf_putc(b, *s);
    }
    q_buf_putc(b, '"');
}

typedef struct jcol {
    char *key;      /* as in the JSON (may hold NUL bytes via \u0000) */
    int keylen;
    char *name;     /* column name */
    const char *type;
} jcol;

/* Orders column indices by key bytes, for looking keys up while inserting. */
static int key_cmp(const char *a, int an, const char *b, int bn)
{
    int c = an && bn ? memcmp(a, b, (size_t)(an < bn ? an : bn)) : 0;
    return c ? c : (an > bn) - (an < bn);
}

static int order_cmp(const void *x, const void *y, void *arg)
{
    const jcol *cols = arg, *a = &cols[*(const int *)x], *b = &cols[*(const int *)y];
    return key_cmp(a->key, a->keylen, b->key, b->keylen);
}

static int find_col(const int *order, size_t n, const jcol *cols, const char *key, int keylen)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const jcol *c = &cols[order[mid]];
        int r = key_cmp(c->key, c->keylen, key, keylen);
        if (r == 0)
            return order[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Prepares sql and binds ?1 = the JSON text, ?2 = the path (if used). */
static sqlite3_stmt *prep(sqlite3 *db, const char *sql, const q_buf *text, const char *jpath)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, text->s, (int)text->n, SQLITE_STATIC);
    if (jpath && sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_text(st, 2, jpath, -1, SQLITE_STATIC);
    return st;
}

int q_json_load(sqlite3 *db, const char *table, const char *path,
                const char *json_path, q_diags *d)
{
    const char *jp = json_path && *json_path ? json_path : "$";
    q_buf text = {0};
    jcol *cols = NULL;
    size_t ncols = 0;
    int *order = NULL;
    sqlite3_stmt *st = NULL, *outer = NULL, *inner = NULL, *ins = NULL;
    q_buf sql = {0};
    int rc = -1, in_savepoint = 0;

    if (read_all(path, &text, d) != 0)
        goto out;
    q_buf_putc(&text, 0);   /* make text.s non-NULL even for an empty file */
    text.n--;
    if (text.n >= 3 && memcmp(text.s, "\xEF\xBB\xBF", 3) == 0) {
        memmove(text.s, text.s + 3, text.n - 2);
        text.n -= 3;
    }
    if (text.n > INT_MAX - 1) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "JSON file too large");
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

    /* Valid JSON? */
    st = prep(db, "SELECT json_valid(?1)", &text, NULL);
    if (!st || sqlite3_step(st) != SQLITE_ROW)
        goto sqlerr;
    if (!sqlite3_column_int(st, 0)) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "malformed JSON");
        goto out;
    }
    sqlite3_finalize(st);

    /* Does the path lead to an array? */
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
                   jp, strchr("aeiou", type[0]) ? "an" : "a", type);
        goto out;
    }
    sqlite3_finalize(st);

    /* Every element an object? */
    st = prep(db, "SELECT key, type FROM json_each(?1, ?2) WHERE type <> 'object' LIMIT 1",
              &text, jp);
    if (!st)
        goto sqlerr;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        q_diag_add(d, Q_EDATA, path, 0, 0, "element %s[%lld] is %s %s, not an object",
                   jp, (long long)sqlite3_column_int64(st, 0),
                   strchr("aeiou", t[0]) ? "an" : "a", t);
        goto out;
    }
    if (r != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(st);

    /* Columns: every key, in order of first appearance, with the kinds of
     * value it holds (to choose the declared type). */
    st = prep(db,
              "WITH p AS (SELECT k.key AS name, k.type AS type,"
              "                  row_number() OVER (ORDER BY e.key, k.id) AS rn"
              "           FROM json_each(?1, ?2) AS e, json_each(e.value) AS k)"
              " SELECT name, sum(type IN ('integer', 'true', 'false')), sum(type = 'real'),"
              "        sum(type IN ('text', 'array', 'object'))"
              " FROM p GROUP BY name ORDER BY min(rn)",
              &text, jp);
    if (!st)
        goto sqlerr;
    int limit = sqlite3_limit(db, SQLITE_LIMIT_COLUMN, -1);
    size_t cap = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (ncols == (size_t)limit) {
            q_diag_add(d, Q_EDATA, path, 0, 0, "too many distinct keys (more than %d)", limit);
            goto out;
        }
        if (ncols == cap) {
            cap = cap ? cap * 2 : 16;
            cols = q_xrealloc(cols, cap * sizeof *cols);
        }
        jcol *c = &cols[ncols++];
        const char *key = sqlite3_column_blob(st, 0);
        c->keylen = sqlite3_column_bytes(st, 0);
        c->key = q_xstrndup(key ? key : "", (size_t)c->keylen);
        c->name = NULL;
        long long ni = sqlite3_column_int64(st, 1), nr = sqlite3_column_int64(st, 2),
                  nt = sqlite3_column_int64(st, 3);
        /* A mixed column gets no declared type, so each value keeps its own. */
        c->type = nt ? (ni || nr ? "" : " TEXT") : nr ? " REAL" : ni ? " INTEGER" : " TEXT";
    }
    if (r != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(st);
    st = NULL;
    if (!ncols) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "no data: the array at '%s' %s", jp,
                   "is empty or its objects have no keys");
        goto out;
    }

    /* Names: keys as given; an empty key (or one with a NUL) becomes
     * column_N, and keys that SQLite would take as the same name (it ignores
     * ASCII case) get _2, _3 … */
    for (size_t i = 0; i < ncols; i++) {
        char *base = cols[i].keylen && strlen(cols[i].key) == (size_t)cols[i].keylen
                         ? q_xstrdup(cols[i].key) : q_asprintf("column_%zu", i + 1);
        char *name = q_xstrdup(base);
        for (unsigned k = 2;; k++) {
            size_t j = 0;
            while (j < i && sqlite3_stricmp(cols[j].name, name) != 0)
                j++;
            if (j == i)
                break;
            free(name);
            name = q_asprintf("%s_%u", base, k);
        }
        free(base);
        cols[i].name = name;
    }
    order = q_xmalloc(ncols * sizeof *order);
    for (size_t i = 0; i < ncols; i++)
        order[i] = (int)i;
    qsort_r(order, ncols, sizeof *order, order_cmp, cols);   /* no global state */

    if (sqlite3_exec(db, "SAVEPOINT q_json_load", NULL, NULL, NULL) != SQLITE_OK)
        goto sqlerr;
    in_savepoint = 1;
    q_buf_puts(&sql, "CREATE TABLE main.");
    put_ident(&sql, table);
    q_buf_puts(&sql, " (");
    for (size_t i = 0; i < ncols; i++) {
        if (i)
            q_buf_puts(&sql, ", ");
        put_ident(&sql, cols[i].name);
        q_buf_puts(&sql, cols[i].type);
    }
    q_buf_putc(&sql, ')');
    if (sqlite3_exec(db, sql.s, NULL, NULL, NULL) != SQLITE_OK)
        goto sqlerr;
    q_buf_reset(&sql);
    q_buf_puts(&sql, "INSERT INTO main.");
    put_ident(&sql, table);
    q_buf_puts(&sql, " VALUES (");
    for (size_t i = 0; i < ncols; i++)
        q_buf_puts(&sql, i ? ", ?" : "?");
    q_buf_putc(&sql, ')');
    if (sqlite3_prepare_v2(db, sql.s, -1, &ins, NULL) != SQLITE_OK)
        goto sqlerr;

    /* One object at a time: true/false come out of json_each as 1/0, nested
     * arrays and objects as their JSON text. */
    outer = prep(db, "SELECT value FROM json_each(?1, ?2)", &text, jp);
    if (sqlite3_prepare_v2(db, "SELECT key, value FROM json_each(?1)", -1, &inner, NULL) != SQLITE_OK
        || !outer)
        goto sqlerr;
    while ((r = sqlite3_step(outer)) == SQLITE_ROW) {
        sqlite3_clear_bindings(ins);
        sqlite3_bind_value(inner, 1, sqlite3_column_value(outer, 0));
        while ((r = sqlite3_step(inner)) == SQLITE_ROW) {
            const char *key = sqlite3_column_blob(inner, 0);
            int c = find_col(order, ncols, cols, key ? key : "", sqlite3_column_bytes(inner, 0));
            if (c >= 0)
                sqlite3_bind_value(ins, c + 1, sqlite3_column_value(inner, 1));
        }
        if (r != SQLITE_DONE)
            goto sqlerr;
        sqlite3_reset(inner);
        if (sqlite3_step(ins) != SQLITE_DONE)
            goto sqlerr;
        sqlite3_reset(ins);
    }
    if (r != SQLITE_DONE)
        goto sqlerr;
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
    sqlite3_finalize(outer);
    sqlite3_finalize(inner);
    sqlite3_finalize(ins);
    if (in_savepoint) {
        sqlite3_exec(db, "ROLLBACK TO q_json_load", NULL, NULL, NULL);
        sqlite3_exec(db, "RELEASE q_json_load", NULL, NULL, NULL);
    }
    for (size_t i = 0; i < ncols; i++) {
        free(cols[i].key);
        free(cols[i].name);
    }
    free(cols);
    free(order);
    q_buf_free(&sql);
    q_buf_free(&text);
    return rc;
}
