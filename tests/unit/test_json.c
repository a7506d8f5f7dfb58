/* JSON loading (SPEC §3.2): an array of objects at a path; keys as columns. */
#include "t.h"
#include "t_sql.h"
#include "data/load.h"

#include <stdlib.h>
#include <unistd.h>

typedef struct fx {
    sqlite3 *db;
    q_diags d;
    char path[64];
    int rc;
} fx;

/* Writes text to a temporary file and loads it as table t at json_path. */
static void load_n(fx *f, const char *text, size_t n, const char *json_path)
{
    memset(f, 0, sizeof *f);
    const char *dir = getenv("TMPDIR");
    snprintf(f->path, sizeof f->path, "%.40s/quire-json-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(f->path);
    if (fd < 0 || write(fd, text, n) != (ssize_t)n) {
        perror(f->path);
        exit(2);
    }
    close(fd);
    sqlite3_open(":memory:", &f->db);
    f->rc = q_json_load(f->db, "t", f->path, json_path, &f->d);
    if (f->rc != 0 && getenv("VERBOSE"))
        q_diags_print(&f->d, stderr);
}

static void load(fx *f, const char *text, const char *json_path)
{
    load_n(f, text, strlen(text), json_path);
}

static void done(fx *f)
{
    unlink(f->path);
    sqlite3_close(f->db);
    q_diags_free(&f->d);
}


static const char *columns(sqlite3 *db)
{
    return sql1(db, "SELECT group_concat(name || ':' || type, ' ') FROM pragma_table_info('t')");
}

static void expect_err(fx *f, const char *want)
{
    T_INTEQ(f->rc, -1);
    T_INTEQ(f->d.n, 1);
    if (f->d.n < 1)
        return;
    T_INTEQ(f->d.v[0].code, Q_EDATA);
    T_STREQ(f->d.v[0].file, f->path);
    T_CHECK(strstr(f->d.v[0].msg, want) != NULL);
    if (!strstr(f->d.v[0].msg, want))
        fprintf(stderr, "  message: %s\n  wanted: %s\n", f->d.v[0].msg, want);
    T_STREQ(sql1(f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 't'"), "0");
}

static void test_root(void)
{
    fx f;
    load(&f, "[{\"id\": 1, \"rate\": 2.5, \"name\": \"New York\", \"ok\": true,"
             "  \"gone\": null, \"more\": {\"x\": [1, 2]}},"
             " {\"id\": 2, \"rate\": 3, \"name\": \"Newark\", \"ok\": false, \"extra\": \"e\"}]",
         NULL);
    T_INTEQ(f.rc, 0);
    T_STREQ(columns(f.db), "id:INTEGER rate:REAL name:TEXT ok:INTEGER gone:TEXT more:TEXT "
                           "extra:TEXT");
    T_STREQ(sql1(f.db, "SELECT count(*) FROM t"), "2");
    T_STREQ(sql1(f.db, "SELECT typeof(id) || typeof(rate) || typeof(name) FROM t WHERE id = 1"),
            "integerrealtext");
    T_STREQ(sql1(f.db, "SELECT name FROM t WHERE id = 1"), "New York");
    T_STREQ(sql1(f.db, "SELECT ok FROM t WHERE id = 1"), "1");
    T_STREQ(sql1(f.db, "SELECT ok FROM t WHERE id = 2"), "0");
    T_STREQ(sql1(f.db, "SELECT typeof(gone) FROM t WHERE id = 1"), "null");
    T_STREQ(sql1(f.db, "SELECT more FROM t WHERE id = 1"), "{\"x\":[1,2]}");
    T_STREQ(sql1(f.db, "SELECT typeof(extra) FROM t WHERE id = 1"), "null");   /* missing */
    T_STREQ(sql1(f.db, "SELECT extra FROM t WHERE id = 2"), "e");
    T_STREQ(sql1(f.db, "SELECT sum(rate) FROM t"), "5.5");
    done(&f);

    /* A BOM is skipped; an empty object is a row of NULLs. */
    load(&f, "\xEF\xBB\xBF[{\"a\": 1}, {}]", "$");
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT count(*) || '/' || count(a) FROM t"), "2/1");
    done(&f);
}

static void test_nested_path(void)
{
    fx f;
    load(&f, "{\"meta\": {\"source\": \"ICE\"},"
             " \"data\": {\"rows\": [{\"year\": 2013, \"n\": 368644}, {\"year\": 2014, \"n\": 315943}]}}",
         "$.data.rows");
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT n FROM t WHERE year = 2013"), "368644");
    T_STREQ(sql1(f.db, "SELECT count(*) FROM t"), "2");
    done(&f);

    load(&f, "[[{\"a\": 1}], [{\"a\": 2}, {\"a\": 3}]]", "$[1]");
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT sum(a) FROM t"), "5");
    done(&f);
}

static void test_mixed_keys(void)
{
    fx f;
    /* Union of keys in order of first appearance; missing keys are NULL. */
    load(&f, "[{\"b\": 1}, {\"a\": 2, \"b\": 3}, {\"c\": \"z\", \"a\": 4}]", NULL);
    T_INTEQ(f.rc, 0);
    T_STREQ(columns(f.db), "b:INTEGER a:INTEGER c:TEXT");
    T_STREQ(sql1(f.db, "SELECT group_concat(coalesce(b, '-') || coalesce(a, '-') || "
                       "coalesce(c, '-'), ' ') FROM t"),
            "1-- 32- -4z");
    done(&f);

    /* A column of mixed kinds has no declared type: each value keeps its own. */
    load(&f, "[{\"v\": 1}, {\"v\": \"two\"}, {\"v\": 3.5}, {\"v\": \"4\"}]", NULL);
    T_INTEQ(f.rc, 0);
    T_STREQ(columns(f.db), "v:");
    T_STREQ(sql1(f.db, "SELECT group_concat(typeof(v), ' ') FROM t"), "integer text real text");
    done(&f);

    /* Ints and reals together: REAL. */
    load(&f, "[{\"v\": 1}, {\"v\": 2.5}]", NULL);
    T_STREQ(columns(f.db), "v:REAL");
    done(&f);

    /* Keys kept as given (quoted); names SQLite would confuse are told apart. */
    load(&f, "[{\"Fiscal Year\": 2013, \"a\\\"b\": 1, \"Name\": \"x\", \"name\": \"y\", \"\": 0}]",
         NULL);
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT group_concat(name, '|') FROM pragma_table_info('t')"),
            "Fiscal Year|a\"b|Name|name_2|column_5");
    T_STREQ(sql1(f.db, "SELECT \"Fiscal Year\" || \"a\"\"b\" || Name || name_2 FROM t"),
            "20131xy");
    done(&f);
}

static void test_errors(void)
{
    fx f;
    load(&f, "[{\"a\": 1}, {\"a\": ]", NULL);
    expect_err(&f, "malformed JSON");
    done(&f);
    load(&f, "", NULL);
    expect_err(&f, "malformed JSON");
    done(&f);
    load(&f, "{\"data\": []}", "$.rows");
    expect_err(&f, "JSON path '$.rows' not found");
    done(&f);
    load(&f, "{\"data\": {\"a\": 1}}", "$.data");
    expect_err(&f, "JSON path '$.data' is an object, not an array of objects");
    done(&f);
    load(&f, "{\"data\": {\"a\": 1}}", NULL);
    expect_err(&f, "is an object, not an array");
    done(&f);
    load(&f, "[{\"a\": 1}, {\"a\": 2}, 3, \"x\"]", NULL);
    expect_err(&f, "element $[2] is an integer, not an object");
    done(&f);
    load(&f, "{\"d\": [{\"a\": 1}, [1]]}", "$.d");
    expect_err(&f, "element $.d[1] is an array, not an object");
    done(&f);
    load(&f, "[]", NULL);
    expect_err(&f, "no data");
    done(&f);
    load(&f, "[{}, {}]", NULL);
    expect_err(&f, "no data");
    done(&f);
    load(&f, "[{\"a\": 1}]", "data");
    expect_err(&f, "invalid JSON path 'data'");
    done(&f);
    load(&f, "[{\"a\": \"caf\xE9\"}]", NULL);
    expect_err(&f, "invalid UTF-8");
    done(&f);
    load_n(&f, "[{\"a\": 1}]\0", 11, NULL);
    expect_err(&f, "NUL");
    done(&f);

    q_diags d = {0};
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    T_INTEQ(q_json_load(db, "t", "tests/data/csv/no-such-file.json", "$", &d), -1);
    T_INTEQ(d.n, 1);
    if (d.n) {
        T_STREQ(d.v[0].file, "tests/data/csv/no-such-file.json");
        T_CHECK(strstr(d.v[0].msg, "No such file") != NULL);
    }
    q_diags_free(&d);
    sqlite3_close(db);
}

int main(void)
{
    test_root();
    test_nested_path();
    test_mixed_keys();
    test_errors();
    T_DONE();
}
