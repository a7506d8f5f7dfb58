/* Smart quotes: straight quotes in template text set as typographic ones
 * (SPEC §8), by the document's language. Values substituted from data
 * are never changed; they only tell the quotes around them which side
 * they stand on. */
#ifndef QUIRE_EXPAND_QUOTES_H
#define QUIRE_EXPAND_QUOTES_H
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

enum { Q_QUOTES_EN, Q_QUOTES_DE, Q_QUOTES_FR };

typedef struct q_quoter {
    int lang;            /* Q_QUOTES_* */
    uint32_t prev;       /* the last character set before, 0 at a paragraph's start */
    int open2, open1;    /* double and single quotes left open */
} q_quoter;

/* The quote style of a language tag: de* -> DE, fr* -> FR, else EN. */
int q_quotes_lang(const char *tag);
/* A new paragraph: no character before, no quote open. */
void q_quotes_reset(q_quoter *q);
/* Appends template text s[0, n) to out with ' and " made typographic.
 * next is the character after s (a substituted value's first one), or 0
 * when unknown or at the end. */
void q_quotes_apply(q_quoter *q, const char *s, size_t n, uint32_t next, q_buf *out);
/* Text set as it is (a value): remembers its last character. */
void q_quotes_saw(q_quoter *q, const char *s, size_t n);

#endif
