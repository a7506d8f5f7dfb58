/* The display list (SPEC §1), the seam between layout (and charts) and
 * the backends: pages of positioned drawing operations in points, origin
 * at the top-left of the page, y growing downwards, text placed by its
 * baseline. A backend only paints what is here; it never measures.
 *
 * Each op is a tagged union (kind + one payload) and carries its place in
 * the document's structure: the element it belongs to, or the kind of
 * artifact it is (docs/design.md, "The display list"). */
#ifndef QUIRE_DLIST_DLIST_H
#define QUIRE_DLIST_DLIST_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "font/font.h"

typedef enum q_op_kind {
    DL_TEXT,        /* a run of glyphs on one baseline, in one face, size, colour */
    DL_RECT,        /* a filled rectangle */
    DL_LINE,        /* a stroked straight line */
    DL_LINK,        /* a link annotation: an active area, draws nothing */
    DL_IMAGE,       /* decoded pixels scaled into a box */
    DL_PATH,        /* move/line/cubic/close, filled and/or stroked */
    DL_CLIP_PUSH,   /* later ops are clipped to its path, until the matching pop */
    DL_CLIP_POP
} q_op_kind;

/* What an artifact is, so a tagged-PDF writer can type it (/Pagination,
 * /Layout, /Background) and a screen reader can skip it. */
typedef enum q_artifact {
    Q_ART_NONE,         /* real content: see the op's elem */
    Q_ART_HEADER,       /* running header (pagination) */
    Q_ART_FOOTER,       /* running footer (pagination) */
    Q_ART_REPEATED,     /* a table header set again on a later page (pagination) */
    Q_ART_RULE,         /* rules and borders (layout) */
    Q_ART_STRIPE,       /* zebra stripes (layout) */
    Q_ART_BACKGROUND    /* page or box backgrounds */
} q_artifact;

/* Structure element kinds: what a tagged PDF calls them, in our words. */
typedef enum q_elem_kind {
    Q_EL_DOCUMENT,      /* id 0, the root; never stored */
    Q_EL_TITLE,         /* <title>, <subtitle> */
    Q_EL_HEADING,       /* h1–h6 (level) */
    Q_EL_PARA,
    Q_EL_LIST,          /* consecutive items */
    Q_EL_ITEM,          /* a list item: its label and its body */
    Q_EL_LABEL,         /* the item's bullet or number */
    Q_EL_ITEM_BODY,
    Q_EL_TABLE,
    Q_EL_ROW,           /* row: from 0, the header row counts */
    Q_EL_HEADER_CELL,   /* row, col, colspan */
    Q_EL_CELL,          /* row, col, colspan */
    Q_EL_FIGURE,        /* alt */
    Q_EL_CAPTION,       /* a figure's or a contents' title */
    Q_EL_LINK,          /* uri, or none for a link inside the document */
    Q_EL_TOC,           /* <toc/> */
    Q_EL_TOC_ITEM,      /* one entry */
    Q_EL_GROUP,         /* a block of parts: a key figure */
    Q_EL_NKINDS
} q_elem_kind;

typedef struct q_elem {
    uint8_t kind;       /* q_elem_kind */
    uint8_t level;      /* HEADING: 1–6 */
    uint16_t colspan;   /* cells: >= 1 */
    uint32_t parent;    /* element id; 0 is the document */
    int32_t row, col;   /* ROW, cells: from 0; -1 elsewhere */
    int line;           /* template line, for messages */
    char *alt;          /* FIGURE: alternative text; owned, may be NULL */
} q_elem;

/* Where an op belongs: elem (an id into q_dlist.elems, 0 = the document
 * itself) when artifact is Q_ART_NONE. */
typedef struct q_tag {
    uint32_t elem;
    uint8_t artifact;
} q_tag;

typedef struct q_glyph {
    uint32_t id;        /* glyph index in the face */
    int32_t adv;        /* advance in 1/1000 em, exactly as layout measured */
    uint32_t cluster;   /* byte offset in utf8 of the text it stands for */
} q_glyph;

typedef struct q_text {
    double x, y;        /* start of the baseline */
    double w;           /* advance of the run: sum of adv × size / 1000 */
    double size;
    int font;           /* q_face id in the display list's q_fonts */
    uint32_t color;     /* 0xRRGGBB */
    char *utf8;         /* owned, NUL-terminated */
    q_glyph *glyphs;    /* owned; set as a line is built or by layout's last step */
    uint32_t nglyphs;
} q_text;

typedef struct q_rect {
    double x, y, w, h;  /* top-left, size */
    uint32_t color;
} q_rect;

typedef struct q_line_op {
    double x0, y0, x1, y1;
    double stroke;      /* width; butt caps */
    uint32_t color;
} q_line_op;

typedef struct q_link {
    double x, y, w, h;  /* the active area */
    char *uri;          /* owned; NULL for a link inside the document */
    int dest_page;      /* without uri: target page (from 0) */
    double dest_y;      /* without uri: target y on that page */
} q_link;

typedef struct q_image_op {
    double x, y, w, h;
    int image;          /* index in q_dlist.images */
} q_image_op;

enum { Q_SEG_MOVE, Q_SEG_LINE, Q_SEG_CUBIC, Q_SEG_CLOSE };

/* A segment ends at (x, y); a cubic has control points 1 and 2 first. */
typedef struct q_seg {
    int kind;
    double x1, y1, x2, y2, x, y;
} q_seg;

enum { Q_PAINT_FILL = 1, Q_PAINT_STROKE = 2 };
enum { Q_CAP_BUTT, Q_CAP_ROUND, Q_CAP_SQUARE };
enum { Q_JOIN_MITER, Q_JOIN_ROUND, Q_JOIN_BEVEL };
#define Q_DASH_MAX 4

typedef struct q_path {
    q_seg *segs;        /* owned */
    uint32_t n, cap;
    uint8_t paint;      /* Q_PAINT_FILL | Q_PAINT_STROKE */
    uint8_t even_odd;   /* fill (and clip) rule; else non-zero */
    uint8_t line_cap, line_join;
    uint8_t ndash;      /* 0: solid */
    uint32_t fill, stroke;      /* 0xRRGGBB */
    float fill_opacity;         /* 0–1 */
    float dash[Q_DASH_MAX];     /* on, off, … in points */
    float dash_phase;
    double width;       /* stroke width */
} q_path;

typedef struct q_op {
    uint8_t kind;       /* q_op_kind: which member of the union */
    q_tag tag;
    union {
        q_text text;
        q_rect rect;
        q_line_op line;
        q_link link;
        q_image_op image;
        q_path path;    /* DL_PATH; DL_CLIP_PUSH uses its segs and even_odd */
    };
} q_op;

/* Constructors: an op by value, owning copies of its strings. */
q_op q_op_text(q_tag tag, double x, double y, int font, double size, uint32_t color,
               const char *utf8, size_t len, double w);
q_op q_op_rect(q_tag tag, double x, double y, double w, double h, uint32_t color);
q_op q_op_line(q_tag tag, double x0, double y0, double x1, double y1, double stroke, uint32_t color);
q_op q_op_uri_link(q_tag tag, double x, double y, double w, double h, const char *uri);
q_op q_op_goto_link(q_tag tag, double x, double y, double w, double h, int page, double dest_y);
q_op q_op_image(q_tag tag, double x, double y, double w, double h, int image);
/* An empty path: build it with q_path_*; filled, stroked or both. */
q_op q_op_path(q_tag tag, int paint, uint32_t fill, uint32_t stroke, double width);
q_op q_op_clip_push(q_tag tag);
q_op q_op_clip_pop(q_tag tag);

void q_path_move(q_path *p, double x, double y);
void q_path_line(q_path *p, double x, double y);
void q_path_cubic(q_path *p, double x1, double y1, double x2, double y2, double x, double y);
void q_path_close(q_path *p);
void q_path_rect(q_path *p, double x, double y, double w, double h);
/* Dash pattern of up to Q_DASH_MAX lengths (n = 0: solid). Returns -1
 * when n is too large or a length is negative or all are zero. */
int q_path_dash(q_path *p, const double *on_off, int n, double phase);

typedef struct q_box {
    double x0, y0, x1, y1;
} q_box;
/* The ink an op may cover. Curves are bounded tightly (their extrema, not
 * their control points); a stroke widens the box by half its width, miter
 * spikes aside. Links and clips give their area. Returns 0, or -1 for an
 * op that covers nothing (an empty path, a clip pop). */
int q_op_bounds(const q_op *o, q_box *b);

void q_op_translate(q_op *o, double dx, double dy);
/* A deep copy. */
q_op q_op_copy(const q_op *o);
void q_op_free(q_op *o);

typedef struct q_page {
    double w, h;
    q_op *ops;
    size_t n, cap;
} q_page;

typedef struct q_outline {
    char *title;
    int level;              /* 1–3 */
    int page;               /* from 0 */
    double y;               /* top of the heading */
} q_outline;

/* <page-break numbering>: from page (from 0) on, pages are numbered anew
 * from 1, in roman or arabic numerals (PDF page labels). */
typedef struct q_page_label {
    int page;
    int roman;
} q_page_label;

typedef struct q_dlist {
    q_page *pages;
    size_t npages;
    q_page_label *labels;   /* page-number sequences, by first page */
    size_t nlabels;
    q_outline *outline;
    size_t noutline;
    q_elem *elems;          /* elems[0] is the document; ids are indexes */
    size_t nelems, capelems;
    q_fonts *fonts;         /* borrowed: faces referenced by TEXT ops */
    const struct q_image **images;  /* borrowed pixels; the array is owned */
    size_t nimages;
    const char *title, *author, *subject, *keywords, *lang;  /* borrowed */
} q_dlist;

q_page *q_dlist_add_page(q_dlist *dl, double w, double h);
/* Appends op to the page, which takes over what it owns. */
q_op *q_page_push(q_page *p, q_op op);
/* A new structure element under parent; returns its id (>= 1). */
uint32_t q_dlist_add_elem(q_dlist *dl, int kind, uint32_t parent, int line);
/* Drops elements from id n on (a layout pass that starts again). */
void q_dlist_trim_elems(q_dlist *dl, size_t n);
void q_dlist_free(q_dlist *dl);
/* Each text run without glyphs gets the glyphs and advances it was
 * measured with (q_face_shape: kerned, one glyph per code point), so no
 * backend measures again: the last step of layout and of a chart export
 * (glyphs.c). Paragraph lines set their own (stretched spaces). */
void q_dlist_set_glyphs(q_dlist *dl);

const char *q_elem_kind_name(int kind);
const char *q_artifact_name(int artifact);

/* dump.c: one line per op, for tests and for reading (docs/design.md). */
enum { Q_DUMP_GLYPHS = 1 };
void q_dlist_dump(const q_dlist *dl, FILE *out, unsigned flags);

#endif
