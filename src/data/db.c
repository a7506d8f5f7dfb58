#include "data/db.h"
#include "util/buf.h"
#include "util/suggest.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct q_db {
    sqlite3 *h;
    int locked;          /* user SQL is being compiled: read-only rules apply */
    int timing;          /* the template's SQL is running: --query-timeout applies */
    double timeout_s;
    struct timespec step_start;   /* when the current sqlite3_step began */
    double spent;                 /* seconds inside SQLite for this statement so far */
    int timed_out;
    q_limits *lim;       /* --max-rows, --max-memory; NULL: none */
    const q_db_recorder *rec;   /* provenance (--embed-data); NULL: none */
};

void q_db_set_recorder(q_db *db, const q_db_recorder *r)
{
    db->rec = r;
}

void q_table_free(q_table *t)
{
    if (!t)
        return;
    for (int c = 0; c < t->ncols; c++)
        free(t->cols[c]);
    free(t->cols);
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
        q_value_free(&t->cells[i]);
    free(t->cells);
    free(t->intdiv);
    memset(t, 0, sizeof *t);
}

int q_table_col(const q_table *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c], name) == 0)
            return c;
    return -1;
}

unsigned long long q_table_bytes(const q_table *t)
{
    size_t cells = t->nrows * (size_t)t->ncols;
    unsigned long long n = cells * sizeof *t->cells;
    for (size_t i = 0; i < cells; i++)
        if (t->cells[i].type == QV_TEXT && t->cells[i].s)
            n += strlen(t->cells[i].s) + 1;
    return n;
}

static int allowed_pragma(const char *name)
{
    static const char *const ok[] = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (name && sqlite3_stricmp(name, ok[i]) == 0)
            return 1;
    return 0;
}

/* Read-only by construction: SQLite asks before every action it compiles. */
static int authorize(void *ctx, int action, const char *a, const char *b, const char *dbname, const char *trigger)
{
    q_db *db = ctx;
    if (!db->locked)
        return SQLITE_OK;
    switch (action) {
    case SQLITE_FUNCTION:
        /* Disabled by configuration too; refusing it here makes it a
         * template error (exit 2) rather than a failure at run time. */
        return b && sqlite3_stricmp(b, "load_extension") == 0 ? SQLITE_DENY : SQLITE_OK;
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_UPDATE:
        /* pragma_table_info() asks this of the schema table while it only
         * reads it; real writes are refused by sqlite3_stmt_readonly and
         * SQLITE_DBCONFIG_DEFENSIVE. */
        return a && (!sqlite3_stricmp(a, "sqlite_master") || !sqlite3_stricmp(a, "sqlite_temp_master"))
               ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_PRAGMA:
        /* Only introspection; their argument is a table or index name.
         * pragma_table_info() and friends arrive here too, when they run. */
        return allowed_pragma(a) ? SQLITE_OK : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

static double secs_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* --query-timeout counts the time spent inside SQLite running the
 * template's SQL, not loading data or copying rows out (SPEC §3.3). */
static int progress(void *ctx)
{
    q_db *db = ctx;
    if (!db->timing)
        return 0;
    if (db->spent + secs_since(&db->step_start) >= db->timeout_s) {
        db->timed_out = 1;
        return 1;
    }
    return 0;
}

/* One step of the template's SQL, timed. */
static int timed_step(q_db *db, sqlite3_stmt *st)
{
    clock_gettime(CLOCK_MONOTONIC, &db->step_start);
    db->timing = 1;
    int rc = sqlite3_step(st);
    db->timing = 0;
    db->spent += secs_since(&db->step_start);
    return rc;
}

static void reset_clock(q_db *db)
{
    db->spent = 0;
    db->timed_out = 0;
}

q_db *q_db_open(double timeout_s, const char *clock)
{
    q_db_setup();
    q_db *db = q_xcalloc(1, sizeof *db);
    db->timeout_s = timeout_s > 0 ? timeout_s : 10;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(":memory:", &db->h, flags, clock) != SQLITE_OK) {
        sqlite3_close(db->h);
        free(db);
        return NULL;
    }
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_limit(db->h, SQLITE_LIMIT_LENGTH, 100 << 20);
    sqlite3_limit(db->h, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    sqlite3_limit(db->h, SQLITE_LIMIT_ATTACHED, 10);
    sqlite3_set_authorizer(db->h, authorize, db);
    sqlite3_progress_handler(db->h, 1000, progress, db);
    reset_clock(db);
    return db;
}

void q_db_close(q_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->h);
    free(db);
}

sqlite3 *q_db_handle(q_db *db)
{
    return db->h;
}

void q_db_set_limits(q_db *db, q_limits *lim)
{
    db->lim = lim;
}

void q_db_lock(q_db *db)
{
    db->locked = 1;
}

/* The file is opened by its own path on a connection of its own, read-only
 * and never parsed as a URI (SPEC §6: a name such as
 * "%2e%2e%2fx.db?mode=rwc" must stay a name), then copied into an
 * in-memory schema attached as `name`. */
int q_db_attach(q_db *db, const char *name, const char *path, const q_input *in, const char *file, int line,
                q_diags *d)
{
    char eb[256];
    int fd = q_open_input(path, in, eb, sizeof eb);
    if (fd < 0) {
        q_diag_add(d, Q_EDATA, file, line, 0, "SQLite database '%s': %s", path, eb);
        return -1;
    }
    close(fd);
    /* SQLite takes a name that starts with "file:" for a URI when URIs
     * are enabled; "./file:..." is the same file and only a name. */
    char *plain = path[0] == '/' ? sqlite3_mprintf("%s", path) : sqlite3_mprintf("./%s", path);
    sqlite3 *src = NULL;
    int rc = sqlite3_open_v2(plain, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    sqlite3_free(plain);
    if (rc == SQLITE_OK) {
        /* Opening is lazy: read the schema now so a non-database fails here. */
        rc = sqlite3_exec(src, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        q_diag_add(d, Q_EDATA, file, line, 0, "'%s' is not a readable SQLite database: %s", path,
                   src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
        sqlite3_close(src);
        return -1;
    }
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(db->h, "ATTACH DATABASE ':memory:' AS ?", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(st);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(db->h, name, src, "main") : NULL;
    if (b) {
        rc = sqlite3_backup_step(b, -1);
        rc = sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    } else {
        rc = SQLITE_ERROR;
    }
    if (rc != SQLITE_OK) {
        q_diag_add(d, Q_EDATA, file, line, 0, "cannot attach SQLite database '%s': %s", path, sqlite3_errmsg(db->h));
        sqlite3_close(src);
        return -1;
    }
    sqlite3_close(src);
    return 0;
}

static int name_char(char c, int first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
}

/* Rewrites `{name|fmt}` to `?NNN`, skipping string literals, quoted
 * identifiers and comments, so a brace there stays text. */
static char *rewrite_sql(const char *sql, char ***names, char ***fmts, int *count)
{
    q_buf out = {0};
    const char *p = sql;
    while (*p) {
        char c = *p;
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            const char *s = p++;
            while (*p && !(*p == close && p[1] != close))
                p += (*p == close) ? 2 : 1;
            if (*p)
                p++;
            q_buf_add(&out, s, (size_t)(p - s));
        } else if (c == '-' && p[1] == '-') {
            const char *s = p;
            while (*p && *p != '\n')
                p++;
            q_buf_add(&out, s, (size_t)(p - s));
        } else if (c == '/' && p[1] == '*') {
            const char *s = p;
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
            q_buf_add(&out, s, (size_t)(p - s));
        } else if (c == '{' && p[1] == '{') {
            q_buf_putc(&out, '{');
            p += 2;
        } else if (c == '}' && p[1] == '}') {
            q_buf_putc(&out, '}');
            p += 2;
        } else if (c == '{' && name_char(p[1], 1)) {
            const char *s = p + 1, *e = s;
            while (name_char(*e, 0) || (*e == '.' && name_char(e[1], 1)))
                e++;
            const char *f = NULL, *fe = NULL;
            if (*e == '|') {
                f = e + 1;
                fe = strchr(f, '}');
            }
            const char *end = f ? fe : (*e == '}' ? e : NULL);
            if (!end) {
                q_buf_putc(&out, *p++);
                continue;
            }
            *names = q_xrealloc(*names, (size_t)(*count + 1) * sizeof **names);
            *fmts = q_xrealloc(*fmts, (size_t)(*count + 1) * sizeof **fmts);
            (*names)[*count] = q_xstrndup(s, (size_t)(e - s));
            (*fmts)[*count] = f ? q_xstrndup(f, (size_t)(fe - f)) : NULL;
            (*count)++;
            q_buf_printf(&out, "?%d", *count);
            p = end + 1;
        } else {
            q_buf_putc(&out, *p++);
        }
    }
    return q_buf_take(&out);
}

/* ---- Hints for "no such table" and "no such column" ---------------------- */

typedef struct name_list {
    char **v;
    size_t n;
} name_list;

static void names_add(name_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return;
    l->v = q_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = q_xstrdup(s);
}

static void names_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* First column of every row of sql, bound to up to two texts. */
static void collect(sqlite3 *h, const char *sql, const char *a, const char *b, name_list *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        return;
    if (a)
        sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        if (sqlite3_column_text(st, 0))
            names_add(out, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* Tables SQL can read: datasets (main), queries (temp), and "db.t" for each
 * table of an attached <sqlite> dataset. */
static void readable_tables(sqlite3 *h, name_list *out, name_list *schemas)
{
    collect(h, "SELECT name FROM main.sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'"
               " UNION ALL SELECT name FROM temp.sqlite_schema WHERE type IN ('table','view')",
            NULL, NULL, out);
    collect(h, "SELECT name FROM pragma_database_list WHERE name NOT IN ('main','temp')", NULL, NULL, schemas);
    for (size_t i = 0; i < schemas->n; i++) {
        name_list t = {0};
        char *sql = sqlite3_mprintf("SELECT name FROM \"%w\".sqlite_schema WHERE type IN ('table','view')",
                                    schemas->v[i]);
        collect(h, sql, NULL, NULL, &t);
        sqlite3_free(sql);
        for (size_t j = 0; j < t.n; j++) {
            char *full = q_asprintf("%s.%s", schemas->v[i], t.v[j]);
            names_add(out, full);
            free(full);
        }
        names_free(&t);
    }
}

static void table_columns(sqlite3 *h, const char *table, name_list *out)
{
    const char *dot = strchr(table, '.');
    char *schema = dot ? q_xstrndup(table, (size_t)(dot - table)) : NULL;
    collect(h, "SELECT name FROM pragma_table_info(?1, ?2)", dot ? dot + 1 : table, schema, out);
    free(schema);
}

/* Whether word (n bytes) names table t, or its last part after a dot. */
static int word_is(const char *w, size_t n, const char *t)
{
    const char *dot = strchr(t, '.');
    return (strlen(t) == n && !sqlite3_strnicmp(w, t, (int)n)) ||
           (dot && strlen(dot + 1) == n && !sqlite3_strnicmp(w, dot + 1, (int)n));
}

/* The readable tables the SQL text names: a misspelt column is most likely
 * one of theirs. */
static void tables_in(const char *sql, const name_list *tables, name_list *out)
{
    for (const char *p = sql; *p;) {
        if (!name_char(*p, 1)) {
            p++;
            continue;
        }
        const char *e = p;
        while (name_char(*e, 0))
            e++;
        for (size_t i = 0; i < tables->n; i++)
            if (word_is(p, (size_t)(e - p), tables->v[i]))
                names_add(out, tables->v[i]);
        p = e;
    }
}

static void suggest_from(q_suggest *s, const name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        q_suggest_add(s, l->v[i]);
}

static void hint_table(q_db *db, const char *missing, const q_sql_src *src, q_buf *out)
{
    name_list tables = {0}, schemas = {0};
    readable_tables(db->h, &tables, &schemas);
    int schema = 0;
    for (size_t i = 0; i < schemas.n; i++)
        schema |= !strcmp(schemas.v[i], missing);
    q_suggest s;
    q_suggest_init(&s, missing);
    suggest_from(&s, &tables);
    if (schema)
        q_buf_printf(out, "; '%s' is an SQLite dataset: name one of its tables, as %s.TABLE", missing, missing);
    else if (src->below && src->below(src->below_ctx, missing))
        q_buf_printf(out, "; '%s' is defined below: SQL can only read queries defined above it", missing);
    else if (q_suggest_best(&s))
        q_buf_printf(out, "; did you mean '%s'?", q_suggest_best(&s));
    else if (!strchr(missing, '.'))
        q_buf_printf(out, "; the template has no dataset '%s': declare it in <data> (<csv name=\"%s\" src=\"...\"/>)",
                     missing, missing);
    names_free(&tables);
    names_free(&schemas);
}

static void hint_column(q_db *db, const char *missing, const char *sql, q_buf *out)
{
    name_list tables = {0}, schemas = {0}, used = {0}, cols = {0};
    readable_tables(db->h, &tables, &schemas);
    const char *dot = strrchr(missing, '.');
    const char *col = dot ? dot + 1 : missing;
    if (dot) {   /* t.col: t is a table, or an alias of one the SQL names */
        char *t = q_xstrndup(missing, (size_t)(dot - missing));
        tables_in(t, &tables, &used);
        free(t);
    }
    if (!used.n)
        tables_in(sql, &tables, &used);
    const name_list *from = used.n ? &used : &tables;
    for (size_t i = 0; i < from->n; i++)
        table_columns(db->h, from->v[i], &cols);
    q_suggest s;
    q_suggest_init(&s, col);
    suggest_from(&s, &cols);
    if (q_suggest_best(&s))
        q_buf_printf(out, "; did you mean '%s'?", q_suggest_best(&s));
    else if (used.n == 1 && cols.n && cols.n <= 16) {
        q_buf_printf(out, " (%s has ", used.v[0]);
        for (size_t i = 0; i < cols.n; i++)
            q_buf_printf(out, "%s%s", i == 0 ? "" : i + 1 == cols.n ? " and " : ", ", cols.v[i]);
        q_buf_putc(out, ')');
    }
    names_free(&tables);
    names_free(&schemas);
    names_free(&used);
    names_free(&cols);
}

/* SQLite's message, with what the template most likely meant. */
static char *explain(q_db *db, const char *msg, const char *sql, const q_sql_src *src)
{
    static const char table[] = "no such table: ", column[] = "no such column: ";
    q_buf out = {0};
    q_buf_puts(&out, msg);
    char *name = q_xstrdup(msg);   /* msg is SQLite's, and the look-ups replace it */
    int locked = db->locked;
    db->locked = 0;   /* our own look at the schema */
    if (!strncmp(name, table, sizeof table - 1))
        hint_table(db, name + sizeof table - 1, src, &out);
    else if (!strncmp(name, column, sizeof column - 1))
        hint_column(db, name + sizeof column - 1, sql, &out);
    db->locked = locked;
    free(name);
    return q_buf_take(&out);
}

static const char *src_what(const q_sql_src *src)
{
    return src->what ? src->what : "SQL";
}

/* Past the string literal, quoted identifier or comment at p, or p itself
 * when none starts there (the same lexing as rewrite_sql). */
static const char *skip_quoted(const char *p)
{
    char c = *p;
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        p++;
        while (*p && !(*p == close && p[1] != close))
            p += (*p == close) ? 2 : 1;
        return *p ? p + 1 : p;
    }
    if (c == '-' && p[1] == '-')
        return p + strcspn(p, "\n");
    if (c == '/' && p[1] == '*') {
        const char *e = strstr(p + 2, "*/");
        return e ? e + 2 : p + strlen(p);
    }
    return p;
}

/* Whether SQL divides: a '/' outside literals and comments. */
static int sql_divides(const char *sql)
{
    for (const char *p = sql; p && *p;) {
        const char *q = skip_quoted(p);
        if (q != p)
            p = q;
        else if (*p++ == '/')
            return 1;
    }
    return 0;
}

/* The placeholder `{name}` or `{name|fmt}` at p: its length, the name's
 * end in *name_end; 0 when there is none. */
static size_t placeholder_at(const char *p, const char *end, const char **name_end)
{
    if (*p != '{' || p + 1 >= end || !name_char(p[1], 1))
        return 0;
    const char *e = p + 1;
    while (e < end && (name_char(*e, 0) || (*e == '.' && e + 1 < end && name_char(e[1], 1))))
        e++;
    *name_end = e;
    if (e < end && *e == '}')
        return (size_t)(e + 1 - p);
    if (e < end && *e == '|') {
        const char *c = memchr(e, '}', (size_t)(end - e));
        return c ? (size_t)(c + 1 - p) : 0;
    }
    return 0;
}

/* '{year}' in quotes is the text "{year}", not the bound value: a query
 * that quietly matches nothing. Warns once per literal that holds a
 * placeholder naming something defined, with the SQL to write instead. */
static void warn_quoted(const char *sql, const q_sql_src *src, void *ctx, q_diags *d)
{
    for (const char *p = sql; *p;) {
        const char *q = skip_quoted(p);
        if (q == p) {
            p++;
            continue;
        }
        const char *start = p, *b = p + 1, *e = q > b && q[-1] == *p ? q - 1 : q;
        p = q;
        if (*start != '\'' && *start != '"')
            continue;
        q_buf fix = {0};
        char *first = NULL;
        int parts = 0;
        for (const char *s = b; s < e;) {
            const char *t = s, *ne;
            size_t len = 0;
            char *name = NULL;
            for (; t < e; t++) {
                if (t[0] == '{' && t + 1 < e && t[1] == '{') {
                    t++;   /* '{{' asks for a brace: not a mistake */
                    continue;
                }
                if (!(len = placeholder_at(t, e, &ne)))
                    continue;
                name = q_xstrndup(t + 1, (size_t)(ne - t - 1));
                if (!src->known || src->known(ctx, name))
                    break;
                free(name);   /* not a name of the template: text after all */
                name = NULL;
                t += len - 1;
            }
            if (t > s) {
                q_buf_puts(&fix, parts++ ? " || '" : "'");
                for (const char *k = s; k < t; k++)
                    q_buf_puts(&fix, *k == '\'' && *start == '"' ? "''" : (char[]){*k, 0});
                q_buf_putc(&fix, '\'');
            }
            if (!name)
                break;
            q_buf_printf(&fix, "%s%.*s", parts++ ? " || " : "", (int)len, t);
            if (!first)
                first = name;
            else
                free(name);
            s = t + len;
        }
        if (first)
            q_warn_add(d, src->file, src->line, 0,
                       "%s: %.*s is in quotes, so SQL reads it as text, not the value of %s; %s %s",
                       src_what(src), (int)(q - start), start, first,
                       parts == 1 ? "remove the quotes:" : "join text and values with ||:", q_buf_str(&fix));
        free(first);
        q_buf_free(&fix);
    }
}

sqlite3_stmt *q_db_prepare(q_db *db, const char *sql, const q_sql_src *src,
                           q_sql_resolver resolve, void *ctx, q_diags *d)
{
    char **names = NULL, **fmts = NULL;
    int count = 0;
    char *text = rewrite_sql(sql, &names, &fmts, &count);
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int failed = 0;
    db->locked = 1;
    reset_clock(db);
    int rc = sqlite3_prepare_v2(db->h, text, -1, &st, &tail);
    if (rc != SQLITE_OK) {
        const char *msg = sqlite3_errmsg(db->h);
        if (rc == SQLITE_AUTH)
            q_diag_add(d, Q_EUSAGE, src->file, src->line, 0,
                       "%s: not allowed: queries may only read (no writes, ATTACH, extensions or pragmas that change state)",
                       src_what(src));
        else {
            char *m = explain(db, msg, text, src);
            q_diag_add(d, Q_EUSAGE, src->file, src->line, 0, "%s: %s", src_what(src), m);
            free(m);
        }
        failed = 1;
    } else if (!st) {
        q_diag_add(d, Q_EUSAGE, src->file, src->line, 0, "%s: no SQL statement", src_what(src));
        failed = 1;
    } else {
        while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == '\r' || *tail == ';'))
            tail++;
        if (tail && *tail) {
            q_diag_add(d, Q_EUSAGE, src->file, src->line, 0, "%s: only one SQL statement is allowed", src_what(src));
            failed = 1;
        } else if (!sqlite3_stmt_readonly(st)) {
            q_diag_add(d, Q_EUSAGE, src->file, src->line, 0, "%s: not allowed: queries may only read", src_what(src));
            failed = 1;
        }
    }
    for (int i = 0; i < count && !failed; i++) {
        q_value v = {0};
        if (resolve(ctx, names[i], fmts[i], &v, src->line, d) != 0) {
            failed = 1;
            break;
        }
        switch (v.type) {
        case QV_NULL: sqlite3_bind_null(st, i + 1); break;
        case QV_INT: sqlite3_bind_int64(st, i + 1, v.i); break;
        case QV_REAL: sqlite3_bind_double(st, i + 1, v.r); break;
        case QV_TEXT: sqlite3_bind_text(st, i + 1, v.s, -1, SQLITE_TRANSIENT); break;
        }
        if (db->rec)
            db->rec->bound(db->rec->ctx, st, i, names[i], &v);
        q_value_free(&v);
    }
    for (int i = 0; i < count; i++) {
        free(names[i]);
        free(fmts[i]);
    }
    free(names);
    free(fmts);
    free(text);
    if (failed) {
        sqlite3_finalize(st);
        return NULL;
    }
    warn_quoted(sql, src, ctx, d);
    return st;
}

static void columns(sqlite3_stmt *st, q_table *out)
{
    memset(out, 0, sizeof *out);
    out->ncols = sqlite3_column_count(st);
    out->cols = q_xcalloc((size_t)out->ncols + 1, sizeof *out->cols);
    for (int c = 0; c < out->ncols; c++) {
        const char *n = sqlite3_column_name(st, c);
        out->cols[c] = q_xstrdup(n ? n : "");
    }
}

int q_db_run(q_db *db, sqlite3_stmt *st, const q_sql_src *src, q_table *out, q_diags *d)
{
    columns(st, out);
    size_t cap = 0;
    int rc;
    q_limits *lim = db->lim;
    unsigned long long bytes = 0, row_bytes = (unsigned long long)out->ncols * sizeof *out->cells;
    int over = 0;
    reset_clock(db);
    while ((rc = timed_step(db, st)) == SQLITE_ROW) {
        if (lim && out->nrows >= lim->max_rows) {
            q_diag_add(d, Q_EDATA, src->file, src->line, 0, "%s: more than %llu rows (--max-rows)", src_what(src),
                       lim->max_rows);
            over = 1;
            break;
        }
        if (lim && lim->mem_used + bytes > lim->max_memory) {
            char t[32];
            q_size_text(lim->max_memory, t, sizeof t);
            q_diag_add(d, Q_EDATA, src->file, src->line, 0, "%s: its rows need more memory than --max-memory allows (%s)",
                       src_what(src), t);
            over = 1;
            break;
        }
        bytes += row_bytes;
        if (out->nrows == cap) {
            cap = cap ? cap * 2 : 16;
            out->cells = q_xrealloc(out->cells, cap * (size_t)(out->ncols ? out->ncols : 1) * sizeof *out->cells);
        }
        q_value *row = out->cells + out->nrows * (size_t)out->ncols;
        for (int c = 0; c < out->ncols; c++) {
            q_value *v = &row[c];
            memset(v, 0, sizeof *v);
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER: v->type = QV_INT; v->i = sqlite3_column_int64(st, c); break;
            case SQLITE_FLOAT: v->type = QV_REAL; v->r = sqlite3_column_double(st, c); break;
            case SQLITE_NULL: v->type = QV_NULL; break;
            default:
                v->type = QV_TEXT;
                v->s = q_xstrdup((const char *)sqlite3_column_text(st, c) ? (const char *)sqlite3_column_text(st, c) : "");
                bytes += (unsigned long long)sqlite3_column_bytes(st, c) + 1;
            }
        }
        out->nrows++;
    }
    if (over) {
        sqlite3_finalize(st);
        q_table_free(out);
        return -1;
    }
    if (rc != SQLITE_DONE) {
        if (sqlite3_errcode(db->h) == SQLITE_AUTH || sqlite3_extended_errcode(db->h) == SQLITE_AUTH) {
            /* Refused as it ran (a pragma table function reaching for a
             * pragma that is not introspection): the template's fault. */
            q_diag_add(d, Q_EUSAGE, src->file, src->line, 0,
                       "%s: not allowed: queries may only read (no writes, ATTACH, extensions or pragmas that change state)",
                       src_what(src));
            sqlite3_finalize(st);
            q_table_free(out);
            return -1;
        }
        if (db->timed_out)
            q_diag_add(d, Q_EDATA, src->file, src->line, 0, "%s: stopped after %g s (--query-timeout)",
                       src_what(src), db->timeout_s);
        else if (sqlite3_errcode(db->h) == SQLITE_NOMEM && lim) {
            char t[32];
            q_size_text(lim->max_memory, t, sizeof t);
            q_diag_add(d, Q_EDATA, src->file, src->line, 0, "%s: out of memory (SQLite may use at most --max-memory, %s)",
                       src_what(src), t);
        } else
            q_diag_add(d, Q_EDATA, src->file, src->line, 0, "%s: %s", src_what(src), sqlite3_errmsg(db->h));
        sqlite3_finalize(st);
        q_table_free(out);
        return -1;
    }
    /* Integer division leaves no REAL in a column computed with '/';
     * a column read straight from a table (it has an origin) is data. */
    int divides = sql_divides(sqlite3_sql(st));
    out->intdiv = q_xcalloc((size_t)out->ncols + 1, 1);
    for (int c = 0; divides && c < out->ncols; c++) {
        if (sqlite3_column_table_name(st, c))
            continue;
        int ints = 0, reals = 0;
        for (size_t r = 0; r < out->nrows; r++) {
            int ty = out->cells[r * (size_t)out->ncols + (size_t)c].type;
            ints += ty == QV_INT;
            reals += ty == QV_REAL;
        }
        out->intdiv[c] = ints > 0 && reals == 0;
    }
    if (db->rec)
        db->rec->ran(db->rec->ctx, st, src, out);
    sqlite3_finalize(st);
    return 0;
}

int q_db_describe(sqlite3_stmt *st, q_table *out)
{
    columns(st, out);
    sqlite3_finalize(st);
    return 0;
}

void q_db_unpublish(q_db *db, const char *name)
{
    char *sql = sqlite3_mprintf("DROP TABLE IF EXISTS temp.\"%w\"", name);
    db->locked = 0;   /* our own statement, not the template's */
    sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    db->locked = 1;
    sqlite3_free(sql);
}

int q_db_publish(q_db *db, const char *name, const q_table *t, const q_sql_src *src, q_diags *d)
{
    q_buf sql = {0};
    char *qn = sqlite3_mprintf("\"%w\"", name);
    q_buf_printf(&sql, "CREATE TEMP TABLE %s (", qn);
    for (int c = 0; c < t->ncols; c++) {
        char *col = sqlite3_mprintf("\"%w\"", t->cols[c]);
        q_buf_printf(&sql, "%s%s", c ? ", " : "", col);
        sqlite3_free(col);
    }
    q_buf_puts(&sql, ")");
    db->locked = 0;   /* our own statements, not the template's */
    int rc = sqlite3_exec(db->h, q_buf_str(&sql), NULL, NULL, NULL);
    q_buf_reset(&sql);
    q_buf_printf(&sql, "INSERT INTO temp.%s VALUES (", qn);
    for (int c = 0; c < t->ncols; c++)
        q_buf_puts(&sql, c ? ", ?" : "?");
    q_buf_puts(&sql, ")");
    sqlite3_free(qn);
    sqlite3_stmt *ins = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db->h, q_buf_str(&sql), -1, &ins, NULL);
    q_buf_free(&sql);
    for (size_t r = 0; rc == SQLITE_OK && r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const q_value *v = &t->cells[r * (size_t)t->ncols + c];
            switch (v->type) {
            case QV_NULL: sqlite3_bind_null(ins, c + 1); break;
            case QV_INT: sqlite3_bind_int64(ins, c + 1, v->i); break;
            case QV_REAL: sqlite3_bind_double(ins, c + 1, v->r); break;
            case QV_TEXT: sqlite3_bind_text(ins, c + 1, v->s, -1, SQLITE_STATIC); break;
            }
        }
        rc = sqlite3_step(ins) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_reset(ins);
    }
    if (rc != SQLITE_OK && sqlite3_errcode(db->h) == SQLITE_NOMEM && db->lim) {
        char lim[32];
        q_size_text(db->lim->max_memory, lim, sizeof lim);
        q_diag_add(d, Q_EDATA, src->file, src->line, 0,
                   "%s: out of memory making it readable as a table (SQLite may use at most --max-memory, %s)",
                   src_what(src), lim);
    } else if (rc != SQLITE_OK) {
        q_diag_add(d, Q_EUSAGE, src->file, src->line, 0, "%s: cannot make it readable as a table: %s",
                   src_what(src), sqlite3_errmsg(db->h));
    }
    sqlite3_finalize(ins);
    db->locked = 1;
    return rc == SQLITE_OK ? 0 : -1;
}

/* ---- Batch: datasets loaded once, each report on its own connection ---- */

int q_db_image(q_db *db, unsigned char **bytes, size_t *n)
{
    sqlite3_int64 size = 0;
    unsigned char *img = sqlite3_serialize(db->h, "main", &size, 0);
    if (!img) {
        /* No dataset: a database of no pages, which SQLite gives as NULL. */
        sqlite3_stmt *st = NULL;
        int pages = -1;
        if (sqlite3_prepare_v2(db->h, "PRAGMA main.page_count", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            pages = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        *bytes = NULL;
        *n = 0;
        return pages == 0 ? 0 : -1;
    }
    *bytes = img;
    *n = (size_t)size;
    return 0;
}

q_db *q_db_open_image(const unsigned char *bytes, size_t n, double timeout_s, const char *clock)
{
    q_db *db = q_db_open(timeout_s, clock);
    /* READONLY without FREEONCLOSE: SQLite reads the shared image in place
     * and never writes it, so any number of connections may use it. */
    if (db && n > 0 && sqlite3_deserialize(db->h, "main", (unsigned char *)bytes, (sqlite3_int64)n, (sqlite3_int64)n,
                                  SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
        q_db_close(db);
        return NULL;
    }
    return db;
}
