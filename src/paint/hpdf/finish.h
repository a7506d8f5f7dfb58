/* The last step of the libharu backend: libharu's PDF bytes rewritten with
 * a version header, a trailer /ID derived from the content (so equal
 * inputs give equal files) and, unless classic is asked for, every object
 * that is not a stream packed into one deflated object stream with a
 * cross-reference stream (PDF 1.5): a structure tree is hundreds of small
 * dictionaries, which libharu would write uncompressed. */
#ifndef QUIRE_PAINT_HPDF_FINISH_H
#define QUIRE_PAINT_HPDF_FINISH_H
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"
#include <zlib.h>

/* Objects first .. first+count-1 that libharu wrote as placeholders, with
 * their real text: object first+k is text[off[k] .. off[k+1]). */
typedef struct q_hpdf_subst {
    uint32_t first;
    size_t count;
    const char *text;
    const size_t *off;
    /* Called, when set, once text and off are read no more (before the
     * file is assembled), so that they can be freed. */
    void (*spent)(void *arg);
    void *arg;
} q_hpdf_subst;

/* version: "1.7", "1.4", …. classic: keep libharu's objects and a classic
 * xref table (PDF/A-1 forbids object streams). sub: NULL, or objects to
 * write in place of libharu's. Returns 0, or -1 when the input is not the
 * layout libharu writes (err says what). */
int q_hpdf_finish(const char *in, size_t n, const char *version, int classic, const q_hpdf_subst *sub,
                  q_buf *out, char *err, size_t errsz);

/* Deflates n bytes at s into z (flush as deflate takes it), z grown as
 * needed from first bytes; 0, or -1 when zlib fails. */
int q_hpdf_zfeed(z_stream *zs, const void *s, size_t n, int flush, q_buf *z, size_t first);

#endif
