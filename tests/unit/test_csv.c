/* CSV loading (SPEC §3.2): folding, type inference, line numbers, errors. */
#include "t.h"
#include "t_sql.h"
#include "data/load.h"
#include "util/buf.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Writes bytes to a fresh temporary file; path must hold 64 bytes. */
static void write_tmp(char *path, const char *bytes, size_t n)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, 64, "%.40s/quire-csv-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, bytes, n) != (ssize_t)n) {
        perror(path);
        exit(2);
    }
    close(fd);
}

typedef struct fx {
    sqlite3 *db;
    q_diags d;
    char path[64];
    int rc;
} fx;

/* Loads bytes (n = -1: a C string) as table t into a fresh in-memory db. */
static void load_n(fx *f, const char *bytes, long n, char delim, int header)
{
    memset(f, 0, sizeof *f);
    write_tmp(f->path, bytes, n < 0 ? strlen(bytes) : (size_t)n);
    sqlite3_open(":memory:", &f->db);
    f->rc = q_csv_load(f->db, "t", f->path, delim, header, &f->d);
    if (f->rc != 0 && getenv("VERBOSE"))
        q_diags_print(&f->d, stderr);
}

static void load(fx *f, const char *text)
{
    load_n(f, text, -1, ',', 1);
}

static void done(fx *f)
{
    unlink(f->path);
    sqlite3_close(f->db);
    q_diags_free(&f->d);
}


static long long sqlint(sqlite3 *db, const char *sql)
{
    return atoll(sql1(db, sql));
}

static const char *coltype(sqlite3 *db, const char *col)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT type FROM pragma_table_info('t') WHERE name = '%s'", col);
    return sql1(db, sql);
}

/* The load failed with exactly one error at line:col whose message has want. */
static void expect_err(fx *f, int line, int col, const char *want)
{
    T_INTEQ(f->rc, -1);
    T_INTEQ(f->d.n, 1);
    if (f->d.n < 1)
        return;
    T_INTEQ(f->d.v[0].code, Q_EDATA);
    T_STREQ(f->d.v[0].file, f->path);
    T_INTEQ(f->d.v[0].line, line);
    T_INTEQ(f->d.v[0].col, col);
    T_CHECK(strstr(f->d.v[0].msg, want) != NULL);
    if (!strstr(f->d.v[0].msg, want))
        fprintf(stderr, "  message: %s\n  wanted: %s\n", f->d.v[0].msg, want);
    /* A failed load leaves no table behind. */
    T_STREQ(sql1(f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 't'"), "0");
}

static void fold_is(const char *in, const char *want)
{
    char *got = q_fold_name(in);
    if (want)
        T_STREQ(got, want);
    else
        T_CHECK(got == NULL);
    free(got);
}

static void test_fold(void)
{
    fold_is("Fiscal Year", "fiscal_year");
    fold_is("Bond (USD)", "bond_usd");
    fold_is("  --Total--  ", "total");
    fold_is("a---b__c", "a_b_c");
    fold_is("FY2013 Removals", "fy2013_removals");
    fold_is("2013", "2013");
    fold_is("", NULL);
    fold_is(" (%) ", NULL);
    fold_is("Año Fiscal", "año_fiscal");
    fold_is("ÉTAT Civil", "état_civil");
    fold_is("Bond \xE2\x80\x94 USD", "bond_usd");        /* em dash */
    fold_is("\xC2\xA0Net\xC2\xA0Pay\xC2\xA0", "net_pay");  /* no-break spaces */
    fold_is("ДАТА", "дата");
}

static void test_inference(void)
{
    fx f;
    load(&f, "id,amount,ratio,label,code,blank,mixed,big,grouped_real\n"
             "1,\"67,879\",1.5,x,007,,1,9223372036854775807,\"1,234,567.5\"\n"
             "2,\"1,234,567\",-2e3,y,010,,a,9223372036854775808,2\n"
             "-3, 12 ,+.5,z,42,,2.5,-1,-0.25\n");
    T_INTEQ(f.rc, 0);
    T_STREQ(coltype(f.db, "id"), "INTEGER");
    T_STREQ(coltype(f.db, "amount"), "INTEGER");
    T_STREQ(coltype(f.db, "ratio"), "REAL");
    T_STREQ(coltype(f.db, "label"), "TEXT");
    T_STREQ(coltype(f.db, "code"), "TEXT");     /* leading zeros: a code */
    T_STREQ(coltype(f.db, "blank"), "TEXT");
    T_STREQ(coltype(f.db, "mixed"), "TEXT");
    T_STREQ(coltype(f.db, "big"), "REAL");      /* beyond int64 */
    T_STREQ(coltype(f.db, "grouped_real"), "REAL");
    T_INTEQ(sqlint(f.db, "SELECT amount FROM t WHERE id = 1"), 67879);
    T_STREQ(sql1(f.db, "SELECT typeof(amount) FROM t WHERE id = 1"), "integer");
    T_INTEQ(sqlint(f.db, "SELECT amount FROM t WHERE id = 2"), 1234567);
    T_INTEQ(sqlint(f.db, "SELECT amount FROM t WHERE id = -3"), 12);
    T_STREQ(sql1(f.db, "SELECT typeof(id) FROM t WHERE id = -3"), "integer");
    T_STREQ(sql1(f.db, "SELECT ratio FROM t WHERE id = 2"), "-2000.0");
    T_STREQ(sql1(f.db, "SELECT ratio FROM t WHERE id = -3"), "0.5");
    T_STREQ(sql1(f.db, "SELECT typeof(ratio) FROM t WHERE id = 1"), "real");
    T_STREQ(sql1(f.db, "SELECT code FROM t WHERE id = 1"), "007");
    T_STREQ(sql1(f.db, "SELECT typeof(blank) FROM t WHERE id = 1"), "null");
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t WHERE blank IS NULL"), 3);
    T_STREQ(sql1(f.db, "SELECT mixed FROM t WHERE id = 1"), "1");
    T_STREQ(sql1(f.db, "SELECT typeof(mixed) FROM t WHERE id = 1"), "text");
    T_STREQ(sql1(f.db, "SELECT grouped_real FROM t WHERE id = 1"), "1234567.5");
    T_STREQ(sql1(f.db, "SELECT typeof(grouped_real) FROM t WHERE id = 2"), "real");
    done(&f);

    /* Malformed groupings and near-numbers are text. */
    const char *not_numbers[] = {"\"12,34\"", "\"1234,567\"", "\"1,2345\"", "\",123\"",
                                 "1e", "-", ".", "0x10", "inf", "1.2.3", "\"1, 234\"", "1e999"};
    for (size_t i = 0; i < sizeof not_numbers / sizeof *not_numbers; i++) {
        char csv[64];
        snprintf(csv, sizeof csv, "v\n1\n%s\n", not_numbers[i]);
        load(&f, csv);
        T_INTEQ(f.rc, 0);
        T_STREQ(coltype(f.db, "v"), "TEXT");
        if (strcmp(coltype(f.db, "v"), "TEXT") != 0)
            fprintf(stderr, "  for cell %s\n", not_numbers[i]);
        done(&f);
    }

    /* Extremes of int64; a blank cell is NULL and keeps the column INTEGER. */
    load(&f, "v,w\n-9223372036854775808,a\n9223372036854775807,b\n  ,c\n0,d\n-0,e\n");
    T_STREQ(coltype(f.db, "v"), "INTEGER");
    T_STREQ(sql1(f.db, "SELECT min(v) FROM t"), "-9223372036854775808");
    T_STREQ(sql1(f.db, "SELECT max(v) FROM t"), "9223372036854775807");
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t WHERE v IS NULL"), 1);
    done(&f);

    /* Quoted empty and quoted blank cells are NULL too; text keeps its spaces. */
    load(&f, "a,b\n\"\",\" x \"\n\"  \",y\n");
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t WHERE a IS NULL"), 2);
    T_STREQ(sql1(f.db, "SELECT b FROM t LIMIT 1"), " x ");
    done(&f);
}

static void test_quoted_newlines(void)
{
    fx f;
    load(&f, "a,b\n1,\"line one\nline \"\"two\"\", with comma\"\n2,x\n");
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT b FROM t WHERE a = 1"), "line one\nline \"two\", with comma");
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t"), 2);
    done(&f);

    /* Line numbers after a quoted newline (and a blank line) stay physical. */
    load(&f, "a,b\n1,\"x\ny\nz\"\n\n2,ok\n3\n");
    expect_err(&f, 7, 2, "row has 1 field, expected 2 (header has 2 columns)");
    done(&f);

    /* A record that starts with a multi-line field is reported at its start. */
    load(&f, "a,b,c\n\"p\nq\",1\n");
    expect_err(&f, 2, 3, "row has 2 fields, expected 3");
    done(&f);
}

static void test_bom_crlf(void)
{
    fx f;
    load(&f, "\xEF\xBB\xBFName,Val\r\nx,1\r\n");
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT name || '|' || val FROM t"), "x|1");
    T_STREQ(coltype(f.db, "val"), "INTEGER");
    done(&f);

    /* header=0 shows the BOM is gone from the first cell, not just folded away. */
    load_n(&f, "\xEF\xBB\xBFname,1\n", -1, ',', 0);
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT hex(c1) FROM t"), "6E616D65");
    done(&f);

    /* CRLF: no stray CR at line ends; CRLF inside quotes is kept; lines count once. */
    load(&f, "a,b\r\n1,xy\r\n2,\"p\r\nq\"\r\n");
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT b FROM t WHERE a = 1"), "xy");
    T_STREQ(sql1(f.db, "SELECT hex(b) FROM t WHERE a = 2"), "700D0A71");
    done(&f);
    load(&f, "a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n\r\n4\r\n");
    expect_err(&f, 6, 2, "row has 1 field, expected 2");
    done(&f);

    /* Old Mac line ends (CR alone) count as lines too. */
    load(&f, "a,b\r1,2\r3\r");
    expect_err(&f, 3, 2, "row has 1 field");
    done(&f);
}

static void test_shapes(void)
{
    fx f;
    /* Trailing newline optional; blank lines (also at the end) ignored. */
    load(&f, "a,b\n1,2\n\n3,4");
    T_INTEQ(f.rc, 0);
    T_INTEQ(sqlint(f.db, "SELECT sum(b) FROM t"), 6);
    done(&f);
    load(&f, "a,b\n1,2\n   \n\n");
    T_INTEQ(f.rc, 0);
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t"), 1);
    done(&f);

    /* Header only: an empty table of TEXT columns. */
    load(&f, "Fiscal Year,Total\n");
    T_INTEQ(f.rc, 0);
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t"), 0);
    T_STREQ(coltype(f.db, "fiscal_year"), "TEXT");
    T_STREQ(coltype(f.db, "total"), "TEXT");
    done(&f);
    load(&f, "a,b");
    T_INTEQ(f.rc, 0);
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM pragma_table_info('t')"), 2);
    done(&f);

    /* header=0: c1..cN, every row is data. */
    load_n(&f, "1,x\n2,y\n", -1, ',', 0);
    T_INTEQ(f.rc, 0);
    T_STREQ(coltype(f.db, "c1"), "INTEGER");
    T_STREQ(coltype(f.db, "c2"), "TEXT");
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t"), 2);
    done(&f);
    load_n(&f, "1,x\n2\n", -1, ',', 0);
    expect_err(&f, 2, 2, "row has 1 field, expected 2 (the first row has 2)");
    done(&f);

    /* Empty, duplicate and colliding names. */
    load(&f, "A,a,,Total (%),a_2,,\"\"\n1,2,3,4,5,6,7\n");
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT group_concat(name, ' ') FROM pragma_table_info('t')"),
            "a a_2 column_3 total a_2_2 column_6 column_7");
    done(&f);

    /* Other delimiters; then 67,879 needs no quotes. */
    load_n(&f, "a;b\n1;67,879\n2;\"x;y\"\n", -1, ';', 1);
    T_INTEQ(f.rc, 0);
    T_STREQ(sql1(f.db, "SELECT b FROM t WHERE a = 2"), "x;y");
    T_STREQ(coltype(f.db, "b"), "TEXT");
    done(&f);
    load_n(&f, "a\tb\n1\t67,879\n", -1, '\t', 1);
    T_INTEQ(f.rc, 0);
    T_STREQ(coltype(f.db, "b"), "INTEGER");
    T_INTEQ(sqlint(f.db, "SELECT b FROM t"), 67879);
    done(&f);

    /* Identifiers are quoted: any table name works. */
    memset(&f, 0, sizeof f);
    write_tmp(f.path, "x\n1\n", 4);
    sqlite3_open(":memory:", &f.db);
    T_INTEQ(q_csv_load(f.db, "my \"odd\" table", f.path, ',', 1, &f.d), 0);
    T_INTEQ(sqlint(f.db, "SELECT x FROM \"my \"\"odd\"\" table\""), 1);
    /* Loading into an existing name fails and leaves the first table intact. */
    T_INTEQ(q_csv_load(f.db, "my \"odd\" table", f.path, ',', 1, &f.d), -1);
    T_INTEQ(f.d.n, 1);
    T_CHECK(f.d.n == 1 && strstr(f.d.v[0].msg, "already exists") != NULL);
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM \"my \"\"odd\"\" table\""), 1);
    done(&f);
}

static void test_errors(void)
{
    fx f;
    load(&f, "a,b,c\n1,2,3\n4,5,6,7\n");
    expect_err(&f, 3, 4, "row has 4 fields, expected 3 (header has 3 columns)");
    done(&f);
    load(&f, "a,b,c,d\n1,2,3,4\n1,2,3\n");
    expect_err(&f, 3, 4, "row has 3 fields, expected 4 (header has 4 columns)");
    done(&f);

    /* Unterminated quote: the line where the quoted field began. */
    load(&f, "a,b\n1,2\n3,\"abc\n4,5\n6,7\n");
    expect_err(&f, 3, 2, "unterminated quoted field");
    done(&f);
    /* … also when it follows a multi-line field of the same record. */
    load(&f, "a,b,c\n1,\"x\ny\",\"open\n4,5,6\n");
    expect_err(&f, 3, 3, "unterminated quoted field");
    done(&f);

    /* Stray quotes. */
    load(&f, "a,b\n1,x\"y\n");
    expect_err(&f, 2, 2, "stray '\"'");
    done(&f);
    load(&f, "a,b\n1,\"x\"y\n");
    expect_err(&f, 2, 2, "after the closing quote");
    done(&f);

    /* Empty files. */
    const char *empties[] = {"", "\n\n", "  \r\n \n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n"};
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        load(&f, empties[i]);
        expect_err(&f, 0, 0, "empty CSV file (no header row)");
        done(&f);
    }

    /* Invalid UTF-8: in a plain cell, inside a multi-line field, in the header. */
    load(&f, "a,b\n1,ok\n2,caf\xE9\n");
    expect_err(&f, 3, 2, "invalid UTF-8");
    done(&f);
    load(&f, "a,b\n1,\"x\ny\nz\xC3\"\n");
    expect_err(&f, 4, 2, "invalid UTF-8");
    done(&f);
    load(&f, "a,b,c\n1,\"x\ny\",\"z\xFF\"\n");   /* after a multi-line field */
    expect_err(&f, 3, 3, "invalid UTF-8");
    done(&f);
    load(&f, "a,\xED\xA0\x80\n");   /* an encoded surrogate */
    expect_err(&f, 1, 2, "invalid UTF-8");
    done(&f);
    load(&f, "a\n\xC0\xAF\n");      /* an overlong '/' */
    expect_err(&f, 2, 1, "invalid UTF-8");
    done(&f);

    /* NUL bytes; UTF-16. */
    load_n(&f, "a,b\n1,2\n3,x\0y\n", 14, ',', 1);
    expect_err(&f, 3, 2, "NUL byte");
    done(&f);
    load_n(&f, "\xFF\xFE" "a\0,\0b\0", 8, ',', 1);
    expect_err(&f, 0, 0, "UTF-16");
    done(&f);

    /* A file that cannot be opened is named, with the reason. */
    q_diags d = {0};
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    T_INTEQ(q_csv_load(db, "t", "tests/data/csv/no-such-file.csv", ',', 1, &d), -1);
    T_INTEQ(d.n, 1);
    if (d.n) {
        T_STREQ(d.v[0].file, "tests/data/csv/no-such-file.csv");
        T_CHECK(strstr(d.v[0].msg, "No such file") != NULL);
    }
    q_diags_free(&d);
    /* A directory opens but cannot be read. */
    T_INTEQ(q_csv_load(db, "t", "tests/data/csv", ',', 1, &d), -1);
    T_INTEQ(d.n, 1);
    q_diags_free(&d);
    sqlite3_close(db);
}

static void test_real_file(void)
{
    q_diags d = {0};
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    int rc = q_csv_load(db, "removals", "tests/data/csv/ice_removals_fy2008_2016.csv", ',', 1, &d);
    T_INTEQ(rc, 0);
    if (rc)
        q_diags_print(&d, stderr);
    T_INTEQ(sqlint(db, "SELECT count(*) FROM removals"), 9);
    T_INTEQ(sqlint(db, "SELECT total_removals FROM removals WHERE fiscal_year = 2013"), 368644);
    T_STREQ(sql1(db, "SELECT typeof(interior_removals) FROM removals WHERE fiscal_year = 2008"),
            "null");
    T_STREQ(sql1(db, "SELECT type FROM pragma_table_info('removals') WHERE name = 'note'"), "TEXT");
    T_STREQ(sql1(db, "SELECT type FROM pragma_table_info('removals') WHERE name = 'fiscal_year'"),
            "INTEGER");
    T_STREQ(sql1(db, "SELECT note FROM removals WHERE fiscal_year = 2010"),
            "source gives criminal removals only as more than 195,000");
    T_INTEQ(sqlint(db, "SELECT count(*) FROM pragma_table_info('removals')"), 10);
    sqlite3_close(db);
    q_diags_free(&d);
}

/* 100k rows must load quickly (the bound only catches gross regressions). */
static void test_speed(void)
{
    q_buf b = {0};
    q_buf_puts(&b, "id,name,amount,ratio,note\n");
    for (int i = 0; i < 100000; i++)
        q_buf_printf(&b, "%d,name %d,\"%d,%03d\",%d.25,\"a, \"\"quoted\"\" note\"\n",
                     i, i, i % 900 + 1, i % 1000, i % 7);
    fx f;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    load_n(&f, b.s, (long)b.n, ',', 1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    T_INTEQ(f.rc, 0);
    T_INTEQ(sqlint(f.db, "SELECT count(*) FROM t"), 100000);
    T_STREQ(coltype(f.db, "amount"), "INTEGER");
    T_INTEQ(sqlint(f.db, "SELECT amount FROM t WHERE id = 1234"), 335234);
    T_CHECK(secs < 5.0);
    if (getenv("VERBOSE"))
        fprintf(stderr, "100k rows (%zu bytes) in %.3f s\n", b.n, secs);
    done(&f);
    q_buf_free(&b);
}

int main(void)
{
    test_fold();
    test_inference();
    test_quoted_newlines();
    test_bom_crlf();
    test_shapes();
    test_errors();
    test_real_file();
    test_speed();
    T_DONE();
}
