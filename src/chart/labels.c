/* Axis label fitting: see labels.h and docs/charts.md. */
#include "chart/labels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "util/buf.h"

#define ELLIPSIS "\xE2\x80\xA6"
#define EPS 1e-9   /* widths are sums of doubles: 19 × 5.5 may exceed 104.5 */

double q_measure_face(void *face, const char *utf8, size_t len, double size_pt)
{
    return q_face_text_width((q_face *)face, utf8, len, size_pt);
}

int q_box_overlap(const q_lbox *a, const q_lbox *b, double gap)
{
    /* apart along x or along y by at least gap (touching at gap 0 is apart) */
    if (a->x + a->w + gap <= b->x + 1e-9 || b->x + b->w + gap <= a->x + 1e-9)
        return 0;
    if (a->y + a->h + gap <= b->y + 1e-9 || b->y + b->h + gap <= a->y + 1e-9)
        return 0;
    return 1;
}

static double width(const q_label_style *st, const char *s, size_t len)
{
    return len ? st->measure(st->ctx, s, len, st->size) : 0;
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* ---- two balanced lines ---- */

double q_label_wrap2(const char *s, const q_label_style *st, size_t *l1_end, size_t *l2_start)
{
    size_t len = strlen(s);
    double best = width(st, s, len), best_diff = INFINITY;
    *l1_end = *l2_start = len;
    for (size_t i = 1; i + 1 < len; i++) {
        size_t e1, s2;
        if (s[i] == ' ') {
            e1 = i;
            s2 = i + 1;
        } else if ((s[i] == '-' || s[i] == '/') && s[i - 1] != ' ' && s[i + 1] != ' ') {
            e1 = s2 = i + 1;    /* the hyphen or slash ends line 1 */
        } else {
            continue;
        }
        while (e1 > 0 && s[e1 - 1] == ' ')
            e1--;
        while (s2 < len && s[s2] == ' ')
            s2++;
        if (e1 == 0 || s2 >= len)
            continue;
        double w1 = width(st, s, e1), w2 = width(st, s + s2, len - s2);
        double w = fmax(w1, w2), diff = fabs(w1 - w2);
        /* ties go to the later break: a longer first line reads better */
        if (w < best - 1e-9 || (w <= best + 1e-9 && diff <= best_diff + 1e-9)) {
            best = w;
            best_diff = diff;
            *l1_end = e1;
            *l2_start = s2;
        }
    }
    return best;
}

/* ---- middle ellipsis ---- */

/* The longest prefix of s (whole code points, no trailing space) that fits. */
static size_t fit_prefix(const char *s, size_t len, double w, const q_label_style *st)
{
    size_t best = 0;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && is_cont((unsigned char)s[i]))
            continue;
        if (width(st, s, i) > w + EPS)
            break;
        best = i;
    }
    while (best > 0 && s[best - 1] == ' ')
        best--;
    return best;
}

/* The start of the longest suffix of s (whole code points, no leading space) that fits. */
static size_t fit_suffix(const char *s, size_t len, double w, const q_label_style *st)
{
    size_t best = len;
    for (size_t i = len; i-- > 0;) {
        if (is_cont((unsigned char)s[i]))
            continue;
        if (width(st, s + i, len - i) > w + EPS)
            break;
        best = i;
    }
    while (best < len && s[best] == ' ')
        best++;
    return best;
}

static char *join3(const char *s, size_t head, size_t tail_start, size_t len)
{
    q_buf b = { 0 };
    q_buf_add(&b, s, head);
    q_buf_puts(&b, ELLIPSIS);
    q_buf_add(&b, s + tail_start, len - tail_start);
    return q_buf_take(&b);
}

/* The end keeps the last word when it takes at most 0.55 of the room (a
 * name's last word says most: "…Enforcement"), else up to 0.4 of the room
 * by characters; the start gets the rest. must_from, when below len, is
 * where the end has to start if it fits at all: the word that tells two
 * labels apart. */
static char *ellipsize(const char *s, double w, const q_label_style *st, size_t must_from)
{
    size_t len = strlen(s);
    if (width(st, s, len) <= w + EPS)
        return q_xstrdup(s);
    double room = w - width(st, ELLIPSIS, strlen(ELLIPSIS));
    if (room < -EPS)
        return q_xstrdup("");
    size_t tail = len;
    const char *sp = strrchr(s, ' ');
    if (must_from < len && width(st, s + must_from, len - must_from) <= room + EPS)
        tail = must_from;
    else if (sp && sp[1] && width(st, sp + 1, len - (size_t)(sp + 1 - s)) <= 0.55 * room + EPS)
        tail = (size_t)(sp + 1 - s);
    if (tail == len)
        tail = fit_suffix(s, len, 0.4 * room, st);
    size_t head = fit_prefix(s, tail, room - width(st, s + tail, len - tail), st);
    return join3(s, head, tail, len);   /* at worst "…" alone */
}

char *q_label_ellipsize(const char *s, double w, const q_label_style *st)
{
    return ellipsize(s, w, st, (size_t)-1);
}

/* ---- results ---- */

void q_label_fit_free(q_label_fit *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        free(f->labels[i].line[0]);
        free(f->labels[i].line[1]);
    }
    free(f->labels);
    memset(f, 0, sizeof *f);
}

/* Checks the common arguments (and args_ok, the caller's own) before
 * allocating, so a -1 leaves nothing to free. */
static int start(q_label_fit *out, int n, const q_label_style *st, const char *const *text,
                 int args_ok)
{
    memset(out, 0, sizeof *out);
    if (!args_ok || n < 0 || !st || !st->measure || (n > 0 && !text) || !(st->size > 0))
        return -1;
    out->n = n;
    out->every = 1;
    out->labels = n ? q_xcalloc((size_t)n, sizeof *out->labels) : NULL;
    return 0;
}

static void set_lines(q_label *l, const char *s, size_t e1, size_t s2)
{
    free(l->line[0]);
    free(l->line[1]);
    size_t len = strlen(s);
    l->line[0] = q_xstrndup(s, e1);
    l->line[1] = s2 < len ? q_xstrdup(s + s2) : NULL;
    l->nlines = l->line[1] ? 2 : 1;
    l->shown = 1;
}

static double lines_width(const q_label *l, const q_label_style *st)
{
    double w = 0;
    for (int k = 0; k < l->nlines; k++)
        w = fmax(w, width(st, l->line[k], strlen(l->line[k])));
    return w;
}

static void hide_all(q_label_fit *out)
{
    for (int i = 0; i < out->n; i++) {
        q_label *l = &out->labels[i];
        free(l->line[0]);
        free(l->line[1]);
        memset(l, 0, sizeof *l);
    }
}

int q_labels_columns(const char *const *text, int n, double band_w,
                     const q_label_style *st, q_label_fit *out)
{
    if (start(out, n, st, text, band_w > 0) != 0)
        return -1;
    double avail = band_w - st->gap;
    int lines = 1;
    for (int i = 0; i < n; i++) {
        const char *s = text[i] ? text[i] : "";
        size_t len = strlen(s), e1 = len, s2 = len;
        double w = width(st, s, len);
        if (w > avail + EPS)
            w = q_label_wrap2(s, st, &e1, &s2);
        if (w > avail + EPS) {
            /* not even two lines: bars turn horizontal (SPEC §8) */
            hide_all(out);
            out->status = Q_FIT_USE_HBAR;
            return 0;
        }
        q_label *l = &out->labels[i];
        set_lines(l, s, e1, s2);
        if (l->nlines > lines)
            lines = l->nlines;
        l->box = (q_lbox){ (i + 0.5) * band_w - w / 2, 0, w, l->nlines * st->line_height };
    }
    out->status = lines > 1 ? Q_FIT_WRAPPED : Q_FIT_ONE_LINE;
    out->extent = lines * st->line_height;
    return 0;
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t k = 0;
    while (a[k] && a[k] == b[k])
        k++;
    return k;
}

/* Labels the ellipsis made equal ("Field office nu…of sixty" twice) keep
 * the word where their texts part instead. */
static void unshorten_twins(q_label_fit *out, const char *const *text, double w,
                            const q_label_style *st)
{
    int n = out->n;
    char **redo = q_xcalloc((size_t)n, sizeof *redo);
    for (int i = 0; i < n; i++) {
        q_label *a = &out->labels[i];
        const char *si = text[i] ? text[i] : "";
        if (!a->shortened)
            continue;
        size_t part = 0;
        int twin = 0;
        for (int j = 0; j < n; j++) {
            q_label *b = &out->labels[j];
            if (j == i || b->nlines != 1 || strcmp(a->line[0], b->line[0]) != 0)
                continue;
            twin = 1;
            size_t p = common_prefix(si, text[j] ? text[j] : "");
            if (p > part)
                part = p;
        }
        if (!twin)
            continue;
        while (part > 0 && si[part - 1] != ' ')
            part--;   /* back to the start of the word where they part */
        if (part > 0)
            redo[i] = ellipsize(si, w, st, part);
    }
    for (int i = 0; i < n; i++) {
        if (redo[i]) {
            free(out->labels[i].line[0]);
            out->labels[i].line[0] = redo[i];
        }
    }
    free(redo);
}

int q_labels_rows(const char *const *text, int n, double band_h, double max_gutter,
                  const q_label_style *st, q_label_fit *out)
{
    if (start(out, n, st, text, band_h > 0 && max_gutter > 0) != 0)
        return -1;
    if (band_h < st->line_height - 1e-9) {
        hide_all(out);
        out->status = Q_FIT_TOO_DENSE;
        out->need = st->line_height;
        return 0;
    }
    int two = band_h >= 2 * st->line_height - 1e-9;
    int wrapped = 0, shortened = 0;
    for (int i = 0; i < n; i++) {
        const char *s = text[i] ? text[i] : "";
        size_t len = strlen(s), e1 = len, s2 = len;
        q_label *l = &out->labels[i];
        double w = width(st, s, len);
        if (w > max_gutter + EPS && two)
            w = q_label_wrap2(s, st, &e1, &s2);
        if (w <= max_gutter + EPS) {
            set_lines(l, s, e1, s2);
            wrapped |= l->nlines > 1;
        } else {
            char *cut = ellipsize(s, max_gutter, st, (size_t)-1);
            set_lines(l, cut, strlen(cut), strlen(cut));
            free(cut);
            l->shortened = 1;
            shortened = 1;
        }
    }
    if (shortened)
        unshorten_twins(out, text, max_gutter, st);
    double gutter = 0;
    for (int i = 0; i < n; i++)
        gutter = fmax(gutter, lines_width(&out->labels[i], st));
    for (int i = 0; i < n; i++) {
        q_label *l = &out->labels[i];
        double w = lines_width(l, st), h = l->nlines * st->line_height;
        l->box = (q_lbox){ gutter - w, (i + 0.5) * band_h - h / 2, w, h };
    }
    out->extent = gutter;
    out->status = shortened ? Q_FIT_SHORTENED : wrapped ? Q_FIT_WRAPPED : Q_FIT_ONE_LINE;
    return 0;
}

/* Whether showing 0, every, 2·every, … keeps consecutive labels gap apart. */
static int every_fits(const q_label_fit *f, int every, double gap)
{
    int prev = 0;
    for (int i = every; i < f->n; i += every) {
        if (q_box_overlap(&f->labels[prev].box, &f->labels[i].box, gap))
            return 0;
        prev = i;
    }
    return 1;
}

int q_labels_ordered(const char *const *text, const double *x, int n,
                     const q_label_style *st, q_label_fit *out)
{
    if (start(out, n, st, text, n == 0 || x != NULL) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const char *s = text[i] ? text[i] : "";
        q_label *l = &out->labels[i];
        set_lines(l, s, strlen(s), strlen(s));
        double w = width(st, s, strlen(s));
        l->box = (q_lbox){ x[i] - w / 2, 0, w, st->line_height };
    }
    out->extent = n ? st->line_height : 0;
    out->status = Q_FIT_ONE_LINE;
    if (n <= 1)
        return 0;
    int every = 1;
    while (every < n - 1 && !every_fits(out, every, st->gap))
        every++;
    /* a slightly sparser n that lands on the last label keeps both ends */
    if ((n - 1) % every != 0) {
        int limit = (int)ceil(1.5 * every);
        for (int e = every + 1; e <= limit && e <= n - 1; e++) {
            if ((n - 1) % e == 0 && every_fits(out, e, st->gap)) {
                every = e;
                break;
            }
        }
    }
    int last_shown = 0, fits = every_fits(out, every, st->gap);
    for (int i = 0; i < n; i++) {
        int on = i % every == 0 && (i == 0 || fits);
        out->labels[i].shown = on;
        if (on)
            last_shown = i;
    }
    if (last_shown != n - 1 &&
        !q_box_overlap(&out->labels[last_shown].box, &out->labels[n - 1].box, st->gap))
        out->labels[n - 1].shown = 1;
    for (int i = 0; i < n; i++) {
        q_label *l = &out->labels[i];
        if (!l->shown) {
            free(l->line[0]);
            l->line[0] = NULL;
            l->nlines = 0;
        }
    }
    out->every = every;
    if (every > 1)
        out->status = Q_FIT_THINNED;
    return 0;
}
