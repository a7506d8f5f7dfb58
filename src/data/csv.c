/* CSV datasets (SPEC §3.2): libcsv splits fields, we track lines, infer a
 * type per column and insert everything with one prepared statement.
 *
 * The whole file is parsed into an arena before the table is created,
 * because column types are only known once every cell has been seen; it also
 * means a malformed file never leaves a half-filled table behind.
 *
 * Locations: LINE is the physical line (CR, LF or CRLF) where the record or
 * field starts; COL is the 1-based field number, not a byte offset. */
#include "data/load.h"
#include "util/buf.h"
#include "util/fsutil.h"

#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CHUNK = 64 * 1024 };

/* Column kinds, ordered so that a column's kind is the max over its cells. */
enum { K_NULL, K_INT, K_REAL, K_TEXT };

/* libcsv's ROW_NOT_BEGUN: pstate is public in csv.h but the name is not. */
enum { PST_ROW_NOT_BEGUN = 0, PST_FIELD_BEGUN = 2 };

/* ---- UTF-8 ------------------------------------------------------------- */

/* Decodes one code point; returns its length, or 0 if the bytes at s are not
 * valid UTF-8 (overlong forms, surrogates and > U+10FFFF are invalid). */
static size_t utf8_dec(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Offset of the first invalid byte, or n when all of s is valid UTF-8. */
static size_t utf8_bad(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        size_t k = utf8_dec(s + i, n - i, &cp);
        if (!k)
            return i;
        i += k;
    }
    return n;
}

static void utf8_put(q_buf *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) { t[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { t[0] = (char)(0xC0 | cp >> 6); t[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | cp >> 12); t[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        t[0] = (char)(0xF0 | cp >> 18); t[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        t[2] = (char)(0x80 | (cp >> 6 & 0x3F)); t[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    q_buf_add(b, t, n);
}

/* ---- Header names ------------------------------------------------------- */

/* Non-ASCII code points that are punctuation, symbols or spaces, so that
 * "Bond — USD" folds like "Bond - USD". Everything else non-ASCII counts as
 * a letter: a locale-free approximation that keeps é, ß, Ж, 中 … */
static int is_word_cp(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c <= 0xBF)
        return c == 0xAA || c == 0xB5 || c == 0xBA;   /* ª µ º */
    if (c == 0xD7 || c == 0xF7)
        return 0;                                      /* × ÷ */
    if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F) ||
        (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE1F) ||
        (c >= 0xFE30 && c <= 0xFE6F) || c == 0xFEFF ||
        (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
        (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
        (c >= 0x1F000 && c <= 0x1FAFF))
        return 0;
    return 1;
}

/* Lowercase for ASCII and the common European alphabets; other scripts are
 * kept as they are (SQLite compares non-ASCII identifiers byte for byte). */
static uint32_t lower_cp(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    if (c <= 0xDE && c != 0xD7) return c + 0x20;                 /* Latin-1 */
    if (c >= 0x100 && c <= 0x137 && c != 0x130 && !(c & 1)) return c + 1;
    if (c >= 0x139 && c <= 0x148 && (c & 1)) return c + 1;
    if (c >= 0x14A && c <= 0x177 && !(c & 1)) return c + 1;
    if (c == 0x178) return 0xFF;
    if (c >= 0x179 && c <= 0x17E && (c & 1)) return c + 1;
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;  /* Greek */
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;               /* Cyrillic */
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    return c;
}

char *q_fold_name(const char *s)
{
    q_buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int gap = 0;   /* a run of non-word characters awaits its one '_' */
    while (n) {
        uint32_t cp;
        size_t k = utf8_dec(p, n, &cp);
        if (k && is_word_cp(cp)) {
            if (gap && b.n)
                q_buf_putc(&b, '_');
            gap = 0;
            utf8_put(&b, lower_cp(cp));
        } else {
            gap = 1;   /* invalid bytes separate words too */
        }
        if (!k)
            k = 1;
        p += k;
        n -= k;
    }
    if (!b.n) {
        q_buf_free(&b);
        return NULL;
    }
    return q_buf_take(&b);
}

/* ---- Numbers ------------------------------------------------------------ */

static int is_blank(int c) { return c == ' ' || c == '\t'; }

/* Classifies a cell: K_NULL (empty or blank), K_INT, K_REAL or K_TEXT, and
 * gives its value. Accepts an optional sign, digits optionally grouped in
 * thousands ("1,234,567"), a fraction and an exponent, with blanks around.
 * A leading zero ("007", "02134") means a code, not a number: K_TEXT. An
 * integer outside int64 is K_REAL; a non-finite real is K_TEXT. */
static int num_parse(const char *s, size_t n, locale_t loc, int64_t *iv, double *rv)
{
    /* Most cells of a large file are plain integers: no copy, no sign, no
     * groups; 18 digits cannot overflow. */
    if (n && n <= 18 && s[0] >= '0' && s[0] <= '9' && (s[0] != '0' || n == 1)) {
        int64_t v = 0;
        size_t i = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            v = v * 10 + (s[i++] - '0');
        if (i == n) {
            *iv = v;
            *rv = (double)v;
            return K_INT;
        }
    }
    while (n && is_blank((unsigned char)s[0])) { s++; n--; }
    while (n && is_blank((unsigned char)s[n - 1])) n--;
    if (!n)
        return K_NULL;

    char small[64];
    char *t = n < sizeof small ? small : q_xmalloc(n + 1);
    size_t i = 0, k = 0, ndig = 0, nfrac = 0;
    int kind = K_TEXT, neg = 0, is_int = 1;

    if (s[i] == '+' || s[i] == '-') {
        neg = s[i] == '-';
        t[k++] = s[i++];
    }
    size_t int0 = k;
    while (i < n && s[i] >= '0' && s[i] <= '9') { t[k++] = s[i++]; ndig++; }
    if (i < n && s[i] == ',') {
        if (ndig < 1 || ndig > 3)
            goto out;
        while (i < n && s[i] == ',') {
            if (n - i < 4)
                goto out;
            for (size_t j = 1; j <= 3; j++)
                if (s[i + j] < '0' || s[i + j] > '9')
                    goto out;
            memcpy(t + k, s + i + 1, 3);
            k += 3;
            ndig += 3;
            i += 4;
        }
        if (i < n && s[i] >= '0' && s[i] <= '9')
            goto out;   /* a group of more than three digits */
    }
    if (ndig > 1 && t[int0] == '0')
        goto out;
    if (i < n && s[i] == '.') {
        is_int = 0;
        t[k++] = s[i++];
        while (i < n && s[i] >= '0' && s[i] <= '9') { t[k++] = s[i++]; nfrac++; }
    }
    if (ndig + nfrac == 0)
        goto out;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        is_int = 0;
        t[k++] = s[i++];
        if (i < n && (s[i] == '+' || s[i] == '-'))
            t[k++] = s[i++];
        size_t ne = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') { t[k++] = s[i++]; ne++; }
        if (!ne)
            goto out;
    }
    if (i != n)
        goto out;
    t[k] = 0;

    if (is_int) {
        /* Accumulate as a negative number so INT64_MIN fits. */
        int64_t v = 0;
        int ovf = 0;
        for (size_t j = int0; j < k && !ovf; j++) {
            int dgt = t[j] - '0';
            if (v < (INT64_MIN + dgt) / 10)
                ovf = 1;
            else
                v = v * 10 - dgt;
        }
        if (!ovf && !neg && v == INT64_MIN)
            ovf = 1;
        if (!ovf) {
            *iv = neg ? v : -v;
            *rv = (double)*iv;
            kind = K_INT;
            goto out;
        }
    }
    double r = loc ? strtod_l(t, NULL, loc) : strtod(t, NULL);
    if (isfinite(r)) {
        *rv = r;
        kind = K_REAL;
    }
out:
    if (t != small)
        free(t);
    return kind;
}

static int is_blank_cell(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank((unsigned char)s[i]))
            return 0;
    return 1;
}

/* ---- Parsing ------------------------------------------------------------ */

typedef struct csv_state {
    const char *path;
    q_diags *d;
    locale_t loc;
    int header;
    int failed;

    int line;        /* physical line of the bytes being parsed */
    int rec_line;    /* line where the current record starts */
    int field_line;  /* line where the current field starts */
    size_t nf;       /* fields seen so far in the current record */

    int have_cols;   /* the first record is complete */
    size_t ncols;
    char **names;    /* header cells (header=1) */
    size_t nnames, capnames;
    unsigned char *kind;   /* per column, K_* */
    size_t capkind;

    q_buf cells;     /* every data cell, NUL-terminated, back to back */
    size_t *offs;    /* start of each cell in `cells`, row-major */
    size_t noffs, capoffs;
    size_t nrows;
    int *lines;      /* line of each data row, when the caller wants them */
    size_t caplines;
    int want_lines;
} csv_state;

/* A data row is complete: remember where it started, for messages about
 * its values long after loading (a value that is not a date). */
static void row_done(csv_state *st)
{
    if (st->want_lines) {
        if (st->nrows == st->caplines) {
            st->caplines = st->caplines ? st->caplines * 2 : 256;
            st->lines = q_xrealloc(st->lines, st->caplines * sizeof *st->lines);
        }
        st->lines[st->nrows] = st->rec_line;
    }
    st->nrows++;
}

static int line_breaks(const unsigned char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            k++;
    return k;
}

static void on_field(void *s, size_t len, void *data)
{
    csv_state *st = data;
    if (st->failed)
        return;
    size_t col = st->nf++;
    const unsigned char *u = s;
    if (!u)
        len = 0;   /* CSV_EMPTY_IS_NULL: an unquoted empty field */

    if (st->have_cols && col >= st->ncols)
        goto done;   /* an extra field: counted, reported at the end of the row */

    size_t bad = utf8_bad(u, len);
    if (bad < len) {
        q_diag_add(st->d, Q_EDATA, st->path, st->field_line + line_breaks(u, bad), (int)(col + 1),
                   "invalid UTF-8 (byte 0x%02X) in field %zu; the file must be UTF-8",
                   u[bad], col + 1);
        st->failed = 1;
        return;
    }

    if (st->header && !st->have_cols) {
        if (st->nnames == st->capnames) {
            st->capnames = st->capnames ? st->capnames * 2 : 16;
            st->names = q_xrealloc(st->names, st->capnames * sizeof *st->names);
        }
        st->names[st->nnames++] = q_xstrndup(u ? (const char *)u : "", len);
        goto done;
    }

    if (col >= st->capkind) {   /* only until the first data row is in */
        size_t cap = st->capkind ? st->capkind * 2 : 16;
        while (cap <= col)
            cap *= 2;
        st->kind = q_xrealloc(st->kind, cap);
        memset(st->kind + st->capkind, K_NULL, cap - st->capkind);
        st->capkind = cap;
    }
    int k;
    if (st->kind[col] == K_TEXT) {
        k = is_blank_cell((const char *)u, len) ? K_NULL : K_TEXT;
    } else {
        int64_t iv;
        double rv;
        k = num_parse((const char *)u, len, st->loc, &iv, &rv);
    }
    if (k > st->kind[col])
        st->kind[col] = (unsigned char)k;

    if (st->noffs == st->capoffs) {
        st->capoffs = st->capoffs ? st->capoffs * 2 : 1024;
        st->offs = q_xrealloc(st->offs, st->capoffs * sizeof *st->offs);
    }
    st->offs[st->noffs++] = st->cells.n;
    /* Blank cells are NULL: store them empty so the insert loop sees n == 0. */
    q_buf_add(&st->cells, (const char *)u, k == K_NULL ? 0 : len);
    q_buf_putc(&st->cells, 0);
done:
    st->field_line = st->line;   /* the next field starts after this delimiter */
}

static void on_row(int c, void *data)
{
    (void)c;
    csv_state *st = data;
    if (st->failed)
        return;
    size_t nf = st->nf;
    st->nf = 0;
    if (!st->have_cols) {
        st->have_cols = 1;
        st->ncols = nf;
        if (!st->header)
            row_done(st);
        return;
    }
    if (nf != st->ncols) {
        size_t col = (nf < st->ncols ? nf : st->ncols) + 1;
        if (st->header)
            q_diag_add(st->d, Q_EDATA, st->path, st->rec_line, (int)col,
                       "row has %zu field%s, expected %zu (header has %zu columns)",
                       nf, nf == 1 ? "" : "s", st->ncols, st->ncols);
        else
            q_diag_add(st->d, Q_EDATA, st->path, st->rec_line, (int)col,
                       "row has %zu field%s, expected %zu (the first row has %zu)",
                       nf, nf == 1 ? "" : "s", st->ncols, st->ncols);
        st->failed = 1;
        return;
    }
    row_done(st);
}

/* Feeds bytes that hold no line break except possibly the last one. */
static int feed(struct csv_parser *p, csv_state *st, const unsigned char *s, size_t n)
{
    /* Between records, whatever starts in these bytes starts on this line. */
    if (p->pstate == PST_ROW_NOT_BEGUN) {
        st->rec_line = st->line;
        st->field_line = st->line;
    }
    size_t k = csv_parse(p, s, n, on_field, on_row, st);
    if (st->failed)
        return -1;
    if (k < n) {
        int err = csv_error(p);
        int col = (int)(st->nf + 1);
        if (err != CSV_EPARSE)
            q_diag_add(st->d, Q_EDATA, st->path, st->line, col, "cannot parse field %d: %s",
                       col, csv_strerror(err));
        else if (p->pstate == PST_FIELD_BEGUN)
            q_diag_add(st->d, Q_EDATA, st->path, st->line, col,
                       "stray '\"' in unquoted field %d; quote the whole field and double "
                       "quotes inside it (\"\")", col);
        else
            q_diag_add(st->d, Q_EDATA, st->path, st->line, col,
                       "unexpected character after the closing quote of field %d; a '\"' "
                       "inside a quoted field must be doubled (\"\")", col);
        st->failed = 1;
        return -1;
    }
    return 0;
}

static int parse_file(FILE *f, csv_state *st, char delimiter, const q_input *in)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        q_diag_add(st->d, Q_EDATA, st->path, 0, 0, "cannot initialise the CSV parser");
        return -1;
    }
    csv_set_delim(&p, (unsigned char)delimiter);
    csv_set_blk_size(&p, 4096);   /* fewer reallocs for long fields */

    unsigned char *buf = q_xmalloc(CHUNK);
    int rc = 0, first = 1, prev_cr = 0;
    size_t n;
    unsigned long long total = 0;
    st->line = 1;
    while (rc == 0 && (n = fread(buf, 1, CHUNK, f)) > 0) {
        const unsigned char *s = buf, *end = buf + n;
        total += n;
        if (in && in->max && total > in->max) {   /* a pipe: its size shows only now */
            char eb[128];
            q_input_too_big(in, eb, sizeof eb);
            q_diag_add(st->d, Q_EDATA, st->path, 0, 0, "%s", eb);
            rc = -1;
            break;
        }
        if (first) {
            first = 0;
            if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
                q_diag_add(st->d, Q_EDATA, st->path, 0, 0,
                           "file is UTF-16; save it as UTF-8");
                rc = -1;
                break;
            }
            if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
                s += 3;
        }
        /* Split at every CR and LF so that line numbers stay exact. */
        while (s < end) {
            const unsigned char *q = s;
            while (q < end && *q != '\n' && *q != '\r' && *q != 0)
                q++;
            if (q < end && *q == 0) {
                if ((rc = feed(&p, st, s, (size_t)(q - s))) == 0) {
                    q_diag_add(st->d, Q_EDATA, st->path, st->line, (int)(st->nf + 1),
                               "NUL byte in the file (is it a text file?)");
                    rc = -1;
                }
                break;
            }
            if (q < end)
                q++;
            size_t len = (size_t)(q - s);
            if ((rc = feed(&p, st, s, len)) != 0)
                break;
            unsigned char last = q[-1];
            if (last == '\r' || (last == '\n' && !(prev_cr && len == 1))) {
                if (st->line < INT_MAX)
                    st->line++;
            }
            prev_cr = last == '\r';
            s = q;
        }
    }
    if (rc == 0 && ferror(f)) {
        char eb[256];
        q_diag_add(st->d, Q_EDATA, st->path, 0, 0, "cannot read: %s",
                   strerror_r(errno, eb, sizeof eb));
        rc = -1;
    }
    if (rc == 0) {
        int open_quote = p.pstate == PST_FIELD_BEGUN && p.quoted;
        if (csv_fini(&p, on_field, on_row, st) != 0) {
            if (open_quote)
                q_diag_add(st->d, Q_EDATA, st->path, st->field_line, (int)(st->nf + 1),
                           "unterminated quoted field %zu: its closing '\"' is missing",
                           st->nf + 1);
            else
                q_diag_add(st->d, Q_EDATA, st->path, st->line, (int)(st->nf + 1),
                           "cannot parse: %s", csv_strerror(csv_error(&p)));
            rc = -1;
        } else if (st->failed) {
            rc = -1;
        }
    }
    csv_free(&p);
    free(buf);
    return rc;
}

/* ---- Table -------------------------------------------------------------- */


/* Final column names: folded header cells (or c1..cN), with column_N for
 * names that fold to nothing and _2, _3 … for repeats. */
static char **column_names(const csv_state *st)
{
    char **v = q_xcalloc(st->ncols, sizeof *v);
    for (size_t i = 0; i < st->ncols; i++) {
        char *base = st->header ? q_fold_name(st->names[i]) : q_asprintf("c%zu", i + 1);
        if (!base)
            base = q_asprintf("column_%zu", i + 1);
        v[i] = q_unique_name(base, (const char *const *)v, i);
    }
    return v;
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int fill_table(sqlite3 *db, const char *table, csv_state *st)
{
    static const char *const type_name[] = {"TEXT", "INTEGER", "REAL", "TEXT"};
    char **names = column_names(st);
    q_buf sql = {0};
    sqlite3_stmt *ins = NULL;
    size_t nper = 0;   /* rows in ins */
    int rc = -1;

    if (exec(db, "SAVEPOINT q_csv_load") != SQLITE_OK)
        goto sqlerr;

    q_buf_puts(&sql, "CREATE TABLE main.");
    q_sql_ident(&sql, table);
    q_buf_puts(&sql, " (");
    for (size_t c = 0; c < st->ncols; c++) {
        if (c)
            q_buf_puts(&sql, ", ");
        q_sql_ident(&sql, names[c]);
        q_buf_putc(&sql, ' ');
        q_buf_puts(&sql, type_name[c < st->capkind ? st->kind[c] : K_NULL]);
    }
    q_buf_putc(&sql, ')');
    if (exec(db, sql.s) != SQLITE_OK)
        goto rollback;

    /* Several rows per statement: a step and a reset per row cost more
     * than SQLite's work for the row itself. */
    size_t per = 999 / st->ncols;
    per = per > 64 ? 64 : per ? per : 1;
    size_t r = 0, cell = 0;
    while (r < st->nrows) {
        size_t want = st->nrows - r >= per ? per : 1;
        if (!ins || want != nper) {
            sqlite3_finalize(ins);
            ins = NULL;
            nper = want;
            q_buf_reset(&sql);
            q_buf_puts(&sql, "INSERT INTO main.");
            q_sql_ident(&sql, table);
            q_buf_puts(&sql, " VALUES ");
            for (size_t k = 0; k < nper; k++) {
                q_buf_puts(&sql, k ? ", (" : "(");
                for (size_t c = 0; c < st->ncols; c++)
                    q_buf_puts(&sql, c ? ", ?" : "?");
                q_buf_putc(&sql, ')');
            }
            if (sqlite3_prepare_v2(db, sql.s, -1, &ins, NULL) != SQLITE_OK)
                goto rollback;
        }
        for (size_t k = 0; k < nper; k++, r++) {
            for (size_t c = 0; c < st->ncols; c++, cell++) {
                size_t off = st->offs[cell];
                size_t next = cell + 1 < st->noffs ? st->offs[cell + 1] : st->cells.n;
                const char *s = st->cells.s + off;
                size_t n = next - off - 1;
                int col = (int)(k * st->ncols + c) + 1, kd = st->kind[c];
                int64_t iv = 0;
                double rv = 0;
                if (n == 0)
                    sqlite3_bind_null(ins, col);
                else if (kd == K_INT && num_parse(s, n, st->loc, &iv, &rv) == K_INT)
                    sqlite3_bind_int64(ins, col, iv);
                else if (kd == K_REAL && num_parse(s, n, st->loc, &iv, &rv) != K_TEXT)
                    sqlite3_bind_double(ins, col, rv);
                else
                    sqlite3_bind_text(ins, col, s, (int)n, SQLITE_STATIC);
            }
        }
        if (sqlite3_step(ins) != SQLITE_DONE)
            goto rollback;
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    ins = NULL;
    if (exec(db, "RELEASE q_csv_load") != SQLITE_OK)
        goto rollback;
    rc = 0;
    goto out;

rollback:
    q_diag_add(st->d, Q_EDATA, st->path, 0, 0, "cannot load into table '%s': %s", table,
               sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    ins = NULL;
    exec(db, "ROLLBACK TO q_csv_load");
    exec(db, "RELEASE q_csv_load");
    goto out;
sqlerr:
    q_diag_add(st->d, Q_EDATA, st->path, 0, 0, "cannot load into table '%s': %s", table,
               sqlite3_errmsg(db));
out:
    for (size_t c = 0; c < st->ncols; c++)
        free(names[c]);
    free(names);
    q_buf_free(&sql);
    return rc;
}

int q_csv_load(sqlite3 *db, const char *table, const char *path,
               char delimiter, int header, q_diags *d)
{
    return q_csv_load_lines(db, table, path, delimiter, header, NULL, NULL, NULL, d);
}

int q_csv_load_lines(sqlite3 *db, const char *table, const char *path, char delimiter, int header,
                     const q_input *in, int **lines, size_t *nlines, q_diags *d)
{
    if (!delimiter)
        delimiter = ',';
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
        q_diag_add(d, Q_EDATA, path, 0, 0, "invalid CSV delimiter '%c'", delimiter);
        return -1;
    }
    char eb[256];
    int fd = q_open_input(path, in, eb, sizeof eb);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        q_diag_add(d, Q_EDATA, path, 0, 0, "%s", fd >= 0 ? "cannot open" : eb);
        return -1;
    }
    csv_state st = {.path = path, .d = d, .header = header != 0, .want_lines = lines != NULL};
    /* strtod must not follow a process-wide LC_NUMERIC. */
    st.loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);

    int rc = parse_file(f, &st, delimiter, in);
    fclose(f);
    if (rc == 0 && !st.have_cols) {
        q_diag_add(d, Q_EDATA, path, 0, 0, header ? "empty CSV file (no header row)"
                                                  : "empty CSV file (no rows)");
        rc = -1;
    }
    if (rc == 0) {
        int limit = sqlite3_limit(db, SQLITE_LIMIT_COLUMN, -1);
        if (st.ncols > (size_t)limit) {
            q_diag_add(d, Q_EDATA, path, 1, 0, "too many columns (%zu; at most %d)",
                       st.ncols, limit);
            rc = -1;
        }
    }
    if (rc == 0)
        rc = fill_table(db, table, &st);
    if (rc == 0 && lines) {
        *lines = st.lines;
        *nlines = st.nrows;
        st.lines = NULL;
    }
    free(st.lines);

    if (st.loc)
        freelocale(st.loc);
    for (size_t i = 0; i < st.nnames; i++)
        free(st.names[i]);
    free(st.names);
    free(st.kind);
    free(st.offs);
    q_buf_free(&st.cells);
    return rc;
}
