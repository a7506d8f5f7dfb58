/* Tagged PDF for the libharu backend: the structure tree written from the
 * display list's elements through libharu's object layer (libharu has no
 * structure calls), with the marked-content ids the painter hands out. */
#ifndef QUIRE_PAINT_HPDF_TAGS_H
#define QUIRE_PAINT_HPDF_TAGS_H
#include <hpdf.h>
#include <hpdf_objects.h>
#include "dlist/dlist.h"

typedef struct q_tags q_tags;

q_tags *q_tags_new(const q_dlist *dl);
void q_tags_free(q_tags *t);
/* The structure type of an element ("P", "H2", "TD", …): the tag its
 * marked content carries. */
const char *q_tags_role(const q_dlist *dl, uint32_t elem);
/* The next marked-content id on page p (from 0) for elem's content. */
int q_tags_mcid(q_tags *t, size_t page, uint32_t elem);
/* A content op of elem on page p: a figure's bounding box and, for a
 * figure without alt text, its first text (a chart's title). */
void q_tags_op(q_tags *t, size_t page, const q_op *o, double page_h);
/* A link annotation made for elem (an OBJR in the tree). */
void q_tags_annot(q_tags *t, size_t page, uint32_t elem, HPDF_Annotation a);
/* Writes StructTreeRoot, ParentTree, StructParents, MarkInfo into the
 * document: the tree's objects as numbers reserved in libharu (their text
 * comes from q_tags_text). Returns 0, or -1 when libharu failed. */
int q_tags_write(q_tags *t, HPDF_Doc pdf, HPDF_Page *pages);
/* The text of the objects first .. first+count-1, object k from off[k]
 * to off[k+1]: what finish.c writes in their place. Made on the first
 * call, which may come after the document is freed. */
const char *q_tags_text(q_tags *t, uint32_t *first, size_t *count, const size_t **off);
/* Frees that text (for q_hpdf_subst.spent: arg is the q_tags). */
void q_tags_drop_text(void *tags);

/* A text string as UTF-16BE with a byte-order mark: any Unicode text,
 * whatever the document's encoder holds. */
HPDF_Binary q_hpdf_utf16(HPDF_Doc pdf, const char *utf8);

#endif
