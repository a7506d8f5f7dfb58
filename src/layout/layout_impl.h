/* Private to src/layout: pieces, the units pagination moves, and the
 * helpers the block layouts (layout.c, table.c) share. */
#ifndef QUIRE_LAYOUT_IMPL_H
#define QUIRE_LAYOUT_IMPL_H
#include "layout/layout.h"
#include "layout/text.h"

enum { ORPHANS = 2, WIDOWS = 2 };

/* A piece is what pagination moves: a line, a row of key figures, a rule. */
typedef struct piece {
    q_tline body;           /* ops relative to the piece's top-left */
    double before, after;   /* space; before only on a block's first piece */
    int first_of_block;
    int can_break_before;
    int forced_break_before;
    int numbering;          /* a page-number sequence starts with this piece's page */
    int spacer;             /* vanishes at the top of a page */
    int outline_level;      /* 1–3: a bookmark points here */
    char *outline_title;
    int toc_entry;          /* <toc/> lines: 1 + index of the heading they list */
    q_op toc_number;        /* its page number, to be filled in: tag, font, size, color, baseline */
    int repeat;             /* table rows: 1 + index of the header to repeat
                               atop a page they start, 0 for none */
} piece;

typedef struct pieces {
    piece *v;
    size_t n, cap;
    q_tline *repeats;       /* table headers set again on later pages */
    size_t nrepeats;
} pieces;

typedef struct lctx {
    const q_doc *doc;
    q_doc *consume;         /* the same document, when its tables may be freed once laid out */
    const q_layout_opts *o;
    q_faces *faces;
    q_diags *d;
    double text_w;
    q_dlist *out;
    size_t *heading_piece;  /* the first piece of each h1–h3, in order */
    size_t nheadings;
    /* {page} and {pages} in the body: unknown ("00" wide) on the first
     * pass, then each block's page from the pass before. */
    char (*block_page)[24];
    const char *pages_str;
    char pages_buf[24];
    const char *cur_page;
    size_t *block_first;    /* first piece of each body block */
    uint32_t list;          /* the list element consecutive items share, or 0 */
} lctx;

piece *q_l_add_piece(pieces *ps);
/* Moves ops of a typeset line into dst, shifted by (dx, dy). */
void q_l_take_ops(q_tline *dst, q_tline *src, double dx, double dy);
/* Sets a paragraph into a column; its lines go into dst at (x, y), their
 * height into *h, its ops tagged with tag. Returns 0, or -1 on a font
 * error (reported). */
int q_l_stack_para(lctx *L, q_tline *dst, const q_para *p, const q_bstyle *st, double x, double y,
                   double width, int line, q_tag tag, double *h);
/* A new structure element of the document being laid out. */
uint32_t q_l_elem(lctx *L, int kind, uint32_t parent, int line);
/* Content of element id; an artifact of kind a. */
q_tag q_l_in(uint32_t id);
q_tag q_l_artifact(int a);
int q_l_table(lctx *L, const q_block *b, pieces *ps);
int q_l_chart(lctx *L, const q_block *b, pieces *ps);

#endif
