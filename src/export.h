/* quire chart (SPEC §2, §8): one <chart> drawn alone at a size in pixels,
 * as SVG or PNG through the cairo module or as PDF through libharu.
 * Private to the library; quire_render calls it when chart_id is set. */
#ifndef QUIRE_EXPORT_H
#define QUIRE_EXPORT_H
#include <time.h>
#include "expand/doc.h"
#include "font/font.h"
#include "quire.h"
#include "template/template.h"
#include "util/buf.h"

#define Q_CHART_EXPORT_W 800
#define Q_CHART_EXPORT_H 450

/* Before any data is read: the output format is known, the size sane, and
 * the id names a <chart> of the template (else the closest id). Usage
 * errors (Q_EUSAGE). Returns 0 or -1. */
int q_export_check(const q_template *t, const quire_options *o, q_diags *d);

/* Draws the first chart of doc with o->chart_id into out as the file's
 * bytes. A chart of the template that doc lacks (an <if> not taken, a loop
 * with no rows) is a usage error. Returns 0 or -1. */
int q_export_chart(const q_template *t, const q_doc *doc, q_fonts *fonts, const quire_options *o, time_t when,
                   q_buf *out, q_diags *d);

/* svg with <title> and <desc> (XML-escaped; NULL or "" left out) inserted
 * right after the root element's start tag. Returns a malloc'd copy and
 * its length in *outn, or NULL when svg has no <svg> start tag. */
char *q_svg_add_title(const char *svg, size_t n, const char *title, const char *desc, size_t *outn);

#endif
