/* Private to src/layout: typesetting one paragraph into lines of ops. */
#ifndef QUIRE_LAYOUT_TEXT_H
#define QUIRE_LAYOUT_TEXT_H
#include "expand/doc.h"
#include "dlist/dlist.h"
#include "util/diag.h"


/* A typeset line: ops relative to the line's top-left corner. */
typedef struct q_tline {
    double h;
    q_op *ops;
    size_t n, cap;
    double space;         /* justified: word space / natural space; 0 on a last or ragged line */
    int loose;            /* its paragraph had no line set within tolerance */
    int hyphen;           /* ends with a hyphen: 1 inserted, 2 a compound's own */
} q_tline;

typedef struct q_faces q_faces;   /* style -> face cache */

/* Where words end: text.c splits paragraphs and colwidth.c measures table
 * cells by the same rule, so a measured word is a set word. (A no-break
 * space, as in formatted dates, is part of its word.) */
static inline int q_word_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Where a paragraph's ops belong: tag for its text; a link inside it
 * becomes an element of dl under tag.elem (artifacts stay artifacts).
 * NULL when the lines are only measured. */
typedef struct q_tagto {
    q_dlist *dl;
    q_tag tag;
} q_tagto;

q_faces *q_faces_new(const q_doc *doc, q_fonts *fonts, const char *file);
void q_faces_free(q_faces *fc);
/* NULL after reporting a family that cannot be resolved; the family's
 * later requests return NULL without a second report. */
q_face *q_faces_get(q_faces *fc, const q_tstyle *st, int line, q_diags *d);

/* Breaks a paragraph into lines of the given width. page/pages fill
 * {page}/{pages} runs (NULL while unknown: measured as "00"). Returns the
 * number of lines (0 on a font error, reported). */
size_t q_typeset(q_faces *fc, const q_para *p, const q_bstyle *st, double width,
                 const char *page, const char *pages, int line, const q_tagto *to, q_tline **out,
                 q_diags *d);
void q_tlines_free(q_tline *lines, size_t n);
/* Appends op, which the line takes over. */
q_op *q_tline_push(q_tline *l, q_op op);
/* Frees the line's ops and empties it. */
void q_tline_clear(q_tline *l);

#endif
