/* The upper and lower formats: Unicode full case mapping (SpecialCasing:
 * ß -> SS, ŉ -> ʼN, ǆ -> Ǆ; a capital sigma at a word's end lowers to ς)
 * through GLib, which quire links already (HarfBuzz and the font checksums
 * use it). towupper() maps one character to one and leaves ß alone.
 *
 * GLib applies Turkish, Azeri and Lithuanian rules only when the process's
 * LC_CTYPE names those languages; the quire command never sets a locale,
 * so it maps the same everywhere (docs/guide.md). */
#include "expand/format.h"

#include <glib.h>
#include <string.h>

static void put_mapped(q_buf *out, const char *s, size_t n, int upper)
{
    if (!n)
        return;
    gchar *m = upper ? g_utf8_strup(s, (gssize)n) : g_utf8_strdown(s, (gssize)n);
    q_buf_puts(out, m);
    g_free(m);
}

void q_text_case(q_buf *out, const char *s, int upper)
{
    size_t n = strlen(s);
    while (n) {
        const gchar *end = NULL;
        /* GLib wants valid UTF-8: map each valid stretch, keep other bytes. */
        int ok = g_utf8_validate(s, (gssize)n, &end);
        size_t good = (size_t)(end - s);
        put_mapped(out, s, good, upper);
        if (ok)
            break;
        q_buf_putc(out, s[good]);
        s += good + 1;
        n -= good + 1;
    }
}
