/* Private to the library and its tests: a render that stops after layout
 * and prints the display list (src/dlist/dump.c) instead of painting it;
 * and what quire_prepare keeps for a batch's reports. */
#ifndef QUIRE_RENDER_H
#define QUIRE_RENDER_H
#include <stdio.h>
#include "quire.h"
#include "data/env.h"
#include "font/font.h"

/* As quire_render, but writes no PDF: out gets the dump (flags:
 * Q_DUMP_GLYPHS), r the status, messages and page count. */
int q_render_dump(const quire_options *o, FILE *out, unsigned flags, quire_result *r);

/* Read-only once prepared: reports on several threads share it. */
struct quire_prepared {
    q_template *tpl;
    q_env base;              /* the datasets as loaded (its db closed) */
    unsigned char *image;    /* base's tables, an SQLite image each report reads */
    size_t nimage;
    q_kv *datasets;          /* -d, for <sqlite> datasets attached per report */
    size_t ndatasets;
};

/* One thread's faces, kept from report to report (q_fonts_new_from). */
struct quire_cache {
    q_fonts *fonts;
};

/* The render's date: given, or SOURCE_DATE_EPOCH, or now. *fixed says
 * whether it was pinned (then SQL's 'now' reads it too). */
time_t q_render_date(const quire_options *o, int *fixed);

#endif
