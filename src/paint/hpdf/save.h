/* libharu's file, made and read back with libharu freed in between
 * (save.c). */
#ifndef QUIRE_PAINT_HPDF_SAVE_H
#define QUIRE_PAINT_HPDF_SAVE_H
#include "util/buf.h"
#include <hpdf.h>
#include <stddef.h>

/* Has libharu write the file (unless skip), frees pdf in every case, then
 * puts the file's bytes in raw (allocated at their size). Returns 0; -1
 * when libharu could not write (its error handler has the code; err is
 * empty); -2 when the bytes could not be read back (err says why). */
int q_hpdf_save(HPDF_Doc pdf, int skip, q_buf *raw, char *err, size_t errsz);

#endif
