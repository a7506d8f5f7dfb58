/* Chart colours: the Okabe–Ito palette in SPEC §8's order, `colors`
 * overrides, and colours that text may be set in (SPEC §8: never the
 * palette's last three; WCAG contrast for the rest). Pure functions. */
#ifndef QUIRE_CHART_PALETTE_H
#define QUIRE_CHART_PALETTE_H
#include <stddef.h>
#include <stdint.h>

typedef struct q_rgb {
    unsigned char r, g, b;
} q_rgb;

/* House colours (house-style.md), as 0xRRGGBB for q_rgb_hex. */
#define Q_CHART_INK      0x222222u   /* titles, direct labels that cannot keep their colour */
#define Q_CHART_MUTED    0x666666u   /* axis labels, source line (5.7:1 on white) */
#define Q_CHART_GRID     0xDDDDDDu   /* gridlines */
#define Q_CHART_BASELINE 0x333333u   /* the zero line, darker than the grid */
#define Q_CHART_OTHER    0x999999u   /* "Other" slices and context series; never a category colour */
#define Q_CHART_WHITE    0xFFFFFFu

#define Q_OKABE_ITO_N 7
/* Colours a chart can name: more series than this is a usage error. */
#define Q_CHART_MAX_COLORS 32

q_rgb q_rgb_hex(uint32_t hex);
uint32_t q_rgb_to_hex(q_rgb c);
/* "#rgb" or "#rrggbb" (any case). Returns 0, or -1. */
int q_rgb_parse(const char *s, q_rgb *out);
/* A `colors` list: colours separated by commas and/or spaces. Returns the
 * count (1..max), or -1 with a reason naming the bad item. */
int q_rgb_parse_list(const char *s, q_rgb *out, int max, char *err, size_t errsz);

/* Okabe–Ito, SPEC §8's order: #0072B2 #D55E00 #009E73 #CC79A7 #E69F00
 * #56B4E9 #F0E442; i wraps around. */
q_rgb q_okabe_ito(int i);
/* Whether SPEC §8 forbids text in c: the palette's last three. */
int q_okabe_ito_no_text(q_rgb c);

/* Colour of series i: the `colors` given first, then the palette's colours
 * not among them, in order; wraps around after that. */
q_rgb q_series_color(const q_rgb *colors, int ncolors, int i);

/* WCAG 2 relative luminance (0..1) and contrast ratio (1..21). */
double q_rgb_luminance(q_rgb c);
double q_rgb_contrast(q_rgb a, q_rgb b);

/* A colour for text naming a series of colour c on background bg (direct
 * labels, legend text): c when it reaches min_ratio (4.5 for text) and is
 * not one of the palette's last three; else c darkened (lightened on a
 * dark background) in linear light, which keeps its hue, until it does. */
q_rgb q_text_color(q_rgb c, q_rgb bg, double min_ratio);
/* Text inside a bar of colour fill: white or ink, whichever contrasts
 * more; *ok tells whether it reaches 4.5:1 (else put the label outside). */
q_rgb q_text_on_fill(q_rgb fill, int *ok);

#endif
