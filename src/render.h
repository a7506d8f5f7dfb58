/* Private to the library and its tests: a render that stops after layout
 * and prints the display list (src/dlist/dump.c) instead of painting it. */
#ifndef QUIRE_RENDER_H
#define QUIRE_RENDER_H
#include <stdio.h>
#include "quire.h"

/* As quire_render, but writes no PDF: out gets the dump (flags:
 * Q_DUMP_GLYPHS), r the status, messages and page count. */
int q_render_dump(const quire_options *o, FILE *out, unsigned flags, quire_result *r);

#endif
