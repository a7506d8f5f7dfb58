/* Output files: written to a temporary name beside the target and renamed
 * into place, so a failure never leaves a partial file (SPEC §2). */
#ifndef QUIRE_UTIL_FSUTIL_H
#define QUIRE_UTIL_FSUTIL_H
#include <stddef.h>
#include "util/diag.h"

/* path "-" writes to stdout. Returns 0 or -1 (reported, Q_EDATA). */
int q_write_atomic(const char *path, const void *data, size_t len, q_diags *d);

/* The folder of the running program (for files installed beside it),
 * into buf; 0, or -1 when /proc/self/exe cannot be read. */
int q_exe_dir(char *buf, size_t size);

#endif
