/* The document tree: what expand hands to layout. Text is resolved (every
 * placeholder replaced except {page}/{pages}, which only layout knows) and
 * every block carries its fully resolved style. Lengths are in points. */
#ifndef QUIRE_EXPAND_DOC_H
#define QUIRE_EXPAND_DOC_H
#include <stddef.h>
#include <stdint.h>
#include "expand/format.h"

enum { QA_LEFT, QA_RIGHT, QA_CENTER, QA_JUSTIFY, QA_DECIMAL /* table cells: on the decimal mark */ };

typedef struct q_tstyle {        /* what a run of text looks like */
    const char *family;          /* owned by q_doc's string pool */
    double size;
    int bold, italic;
    uint32_t color;              /* 0xRRGGBB */
} q_tstyle;

typedef struct q_bstyle {        /* a block's style: text plus spacing */
    q_tstyle text;
    double leading;              /* line height as a multiple of size */
    int align;
    double space_before, space_after, indent;
    int keep_with_next;
    int nohyph;                  /* hyphenate="false", or a heading */
    int smart_quotes;            /* -1 unset (the document decides), 0 off, 1 on */
} q_bstyle;

enum { QR_TEXT, QR_BREAK, QR_PAGE, QR_PAGES };

typedef struct q_run {
    int kind;
    q_tstyle st;
    char *text;                  /* QR_TEXT */
    char *href;                  /* inside <a>, else NULL */
    int value;                   /* a substituted value, not template text: never hyphenated (SPEC §8) */
} q_run;

typedef struct q_para {
    q_run *runs;
    size_t n, cap;
} q_para;

enum {
    QB_PARA, QB_HEADING, QB_KPIS, QB_ITEM, QB_RULE, QB_SPACER, QB_PAGE_BREAK, QB_IMAGE, QB_TABLE,
    QB_TOC,                      /* para: its title (may be empty); entries come from layout */
    QB_CHART
};

struct q_image;
struct q_chart;
struct q_chart_data;

/* A <chart> with its rows (src/expand/chart.c), drawn by src/chart. */
typedef struct q_chart_block {
    struct q_chart *chart;       /* owned */
    struct q_chart_data *data;   /* owned */
    q_numfmt nf;                 /* strings in q_doc's pool */
} q_chart_block;

typedef struct q_tcol {          /* a table column */
    q_para title;
    double width;                /* points, or percent when width_pct; 0 = shared */
    int width_pct;
    int align;
    int numeric;                 /* its cells are figures */
} q_tcol;

enum { QT_ROW, QT_GROUP, QT_TOTAL, QT_SUBTOTAL };

typedef struct q_tcell {
    q_para para;
    int align;
    int span;                    /* columns it covers, >= 1 */
} q_tcell;

typedef struct q_trow {
    int kind;
    q_tcell *cells;
    int ncells;
} q_trow;

typedef struct q_table_block {
    q_tcol *cols;
    int ncols;
    q_trow *rows;
    size_t nrows, caprows;
    int zebra, repeat_header, border;
    uint32_t zebra_color;        /* 0xRRGGBB */
    char decimal[8];             /* the decimal mark numbers are formatted with */
    q_bstyle th, td;
} q_table_block;

typedef struct q_kpi {
    q_para value, label, note;
    q_bstyle value_st, label_st, note_st;
} q_kpi;

typedef struct q_block {
    int kind;
    int line;                    /* template line, for messages */
    q_bstyle st;
    q_para para;                 /* PARA, HEADING, ITEM */
    int level;                   /* HEADING: 0 title/subtitle, 1–3 h1–h3 (outline) */
    char *marker;                /* ITEM: "•" or "3." */
    q_kpi *kpis;                 /* KPIS */
    size_t nkpis;
    int columns;                 /* KPIS */
    double height;               /* SPACER; RULE: stroke width; IMAGE: 0 = from width */
    uint32_t color;              /* RULE */
    struct q_image *image;       /* IMAGE: decoded, owned */
    double width;                /* IMAGE: points, or percent of the column; 0 = natural */
    int width_pct;
    char *alt;                   /* IMAGE */
    q_table_block *table;        /* TABLE, owned */
    q_chart_block *chart;        /* CHART, owned */
    int numbering;               /* PAGE_BREAK: 0 none, Q_NUM_ARABIC, Q_NUM_ROMAN */
} q_block;

enum { Q_NUM_ARABIC = 1, Q_NUM_ROMAN = 2 };

typedef struct q_blocks {
    q_block *v;
    size_t n, cap;
} q_blocks;

typedef struct q_fontdecl {     /* <font>: files for a family's faces */
    char *family;
    char *files[4];              /* regular, bold, italic, bold-italic; NULL if absent */
} q_fontdecl;

typedef struct q_doc {
    q_blocks body, header, footer;
    q_fontdecl *fonts;
    size_t nfonts;
    double page_w, page_h;
    double margin_t, margin_r, margin_b, margin_l;
    char *title, *author, *subject, *keywords, *lang;
    int nohyph;                  /* <report hyphenate="false"> */
    char **pool;                 /* interned strings (font families) */
    size_t npool;
} q_doc;

void q_doc_free(q_doc *doc);
/* Frees the body's tables, once laid out: the bulk of a large report's
 * tree, and painting needs none of it. */
void q_doc_drop_tables(q_doc *doc);
const char *q_doc_intern(q_doc *doc, const char *s);
q_block *q_blocks_add(q_blocks *b, int kind);
q_run *q_para_add(q_para *p, int kind, const q_tstyle *st);
void q_para_free(q_para *p);
void q_table_block_free(q_table_block *t);
void q_chart_block_free(q_chart_block *c);
/* About what the heap holds for each, for --max-memory. */
size_t q_para_bytes(const q_para *p);
size_t q_trow_bytes(const q_trow *r);
size_t q_block_bytes(const q_block *b);

#endif
