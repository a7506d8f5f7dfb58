/* Hyphenation points from TeX patterns (Liang's method) read from the
 * hyphen-* packages' dictionaries in /usr/share/hyphen. A loaded q_hyph is
 * read-only: threads may share one. */
#ifndef QUIRE_LAYOUT_HYPHEN_H
#define QUIRE_LAYOUT_HYPHEN_H
#include <stddef.h>

#ifndef Q_HYPHEN_DIR
#define Q_HYPHEN_DIR "/usr/share/hyphen"
#endif

/* Fewest letters before / after a hyphen, and in a word at all. */
#define Q_HYPH_LEFT  2
#define Q_HYPH_RIGHT 3
#define Q_HYPH_WORD  5

typedef struct q_hyph q_hyph;

/* Patterns for a language tag ("en-US", "de", "fr-CA"): hyph_en_US.dic,
 * else the bare language's file. dir NULL means Q_HYPHEN_DIR, and English
 * (en, en-US) then comes from the copy of hyph_en_US.dic built into quire:
 * no file to read. NULL with a message in err when no file is there or it
 * cannot be read. */
const q_hyph *q_hyph_load(const char *dir, const char *lang, char *err, size_t errlen);
void q_hyph_free(const q_hyph *h);

/* Where word (UTF-8, len bytes) may take a hyphen: pts[i] = 1 when a
 * break may follow byte i. Only words of letters qualify (no digits, no
 * '@', '/', '.' inside); leading and trailing punctuation is skipped.
 * Returns the number of points; pts must hold len bytes. */
size_t q_hyph_word(const q_hyph *h, const char *word, size_t len, unsigned char *pts);

#endif
