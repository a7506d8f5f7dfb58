/* Strict UTF-8 decoding (RFC 3629): overlong forms, surrogates and values
 * above U+10FFFF are invalid. An invalid sequence yields U+FFFD and consumes
 * exactly one byte, so the next call resynchronises on the following byte. */
#include "font/font.h"

#define Q_REPLACEMENT 0xFFFDu

uint32_t q_utf8_next(const char **p, const char *end)
{
    const unsigned char *s = (const unsigned char *)*p;
    const unsigned char *e = (const unsigned char *)end;
    if (s >= e)
        return 0;                     /* nothing left; *p stays put */
    unsigned b0 = s[0];
    if (b0 < 0x80) {
        *p += 1;
        return b0;
    }
    int n;                            /* continuation bytes */
    unsigned lo = 0x80, hi = 0xBF;    /* allowed range of the second byte */
    uint32_t cp;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 1; cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 2; cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;    /* overlong below U+0800 */
        if (b0 == 0xED) hi = 0x9F;    /* U+D800..U+DFFF surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 3; cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;    /* overlong below U+10000 */
        if (b0 == 0xF4) hi = 0x8F;    /* above U+10FFFF */
    } else {
        *p += 1;                      /* stray continuation, C0/C1, F5..FF */
        return Q_REPLACEMENT;
    }
    if (e - s <= n) {
        *p += 1;                      /* truncated at the end of the text */
        return Q_REPLACEMENT;
    }
    for (int i = 1; i <= n; i++) {
        unsigned b = s[i];
        unsigned l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *p += 1;
            return Q_REPLACEMENT;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    *p += n + 1;
    return cp;
}
