/* libharu's file, made and read back with libharu freed in between
 * (save.c). */
#ifndef QUIRE_PAINT_HPDF_SAVE_H
#define QUIRE_PAINT_HPDF_SAVE_H
#include "util/buf.h"
#include <hpdf.h>
#include <stddef.h>

/* Where libharu's file is between q_hpdf_save and q_hpdf_read. */
typedef struct q_hpdf_saved {
    int fd;      /* a memfd holding it, or -1 */
    q_buf raw;   /* without memfd_create: read before libharu was freed */
} q_hpdf_saved;

/* Has libharu write the file (unless skip) and frees pdf in every case.
 * Returns 0; -1 when libharu could not write (its error handler has the
 * code; err is empty); -2 when the bytes could not be read (err says
 * why). q_hpdf_read is due after either way. */
int q_hpdf_save(HPDF_Doc pdf, int skip, q_hpdf_saved *s, char *err, size_t errsz);
/* Puts the file's bytes in raw (allocated at their size) and releases s:
 * called late, they are in memory only once the rest has gone. Returns
 * 0, or -2 (err says why). */
int q_hpdf_read(q_hpdf_saved *s, q_buf *raw, char *err, size_t errsz);

#endif
