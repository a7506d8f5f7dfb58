/* Private to src/layout: a paragraph's words as text.c collects them,
 * and the building of a line's ops from them (emit.c). */
#ifndef QUIRE_LAYOUT_WORDS_H
#define QUIRE_LAYOUT_WORDS_H
#include "layout/text.h"

/* A piece of a word in one style: words may change style mid-way ("67,879,"). */
typedef struct frag {
    const q_run *run;
    q_face *face;
    const char *s;
    size_t len;
    double w;
    int standin;          /* a minus sign from another face: leaves line metrics alone */
} frag;

typedef struct word {
    size_t first, n;      /* frags */
    double w;
    double space;         /* width of the space after it (0 if none) */
    int brk;              /* a forced break follows */
    int soft;             /* a piece of a word too long for a line: may break after it */
    double hyw;           /* > 0: a hyphenation point follows, the hyphen this wide */
    int xhy;              /* ends with an explicit hyphen ("balance-of-"): may break after */
    int url;              /* a piece of a web address: never hyphenated */
} word;

typedef struct words {
    frag *f;
    size_t nf, capf;
    word *w;
    size_t nw, capw;
    int open;             /* the last word is still collecting fragments */
} words;

/* The paragraph's tag, and the link element of the link run last seen: a
 * link broken across lines stays one element, and so does an <a> whose
 * words change style (runs next to each other with the same href). */
typedef struct tagger {
    const q_tagto *to;
    int line;
    const q_run *run;     /* the last run with a link */
    const q_run *last;    /* the last run of any kind */
    q_tag link;
} tagger;

/* Builds a line's ops: words in one style and element share one text
 * run, with real space glyphs between them whose advance is what the
 * line gives the space (justified or not), so extractors read words and
 * a viewer sees the run exactly where layout put each word. Glyphs are
 * set here, as measured (the kerned advances of each fragment). A link
 * is one active area per line, from its first word to its last. */
typedef struct emitter {
    q_tline *l;
    size_t cur;            /* index of the open text run; (size_t)-1: none */
    const q_run *lrun;     /* the link being collected on this line, or NULL */
    q_tag ltag;
    double lx0, lx1, lh;
    int nfrag, spaced;     /* the open run's fragments; a space glyph in it */
} emitter;

/* An emitter for line l (its height: the link areas'). */
emitter q_emit_start(q_tline *l);
/* A word's fragments at x on the baseline, joining the open run where
 * style and element allow. */
void q_emit_word(emitter *e, const words *ws, const word *wd, double x, double base, tagger *tg);
/* The space after the last word, reaching x_next. */
void q_emit_space(emitter *e, q_face *face, double x_next);
/* The hyphen after a word piece that ends the line. */
void q_emit_hyphen(emitter *e, const words *ws, const word *wd, double x, double base, tagger *tg);
/* Ends the line: the link area being collected. */
void q_emit_end(emitter *e);

#endif
