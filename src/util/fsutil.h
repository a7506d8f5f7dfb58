/* Output files: written to a temporary name beside the target and renamed
 * into place, so a failure never leaves a partial file (SPEC §2). */
#ifndef QUIRE_UTIL_FSUTIL_H
#define QUIRE_UTIL_FSUTIL_H
#include <stddef.h>
#include "util/diag.h"

/* How an input file may be opened (SPEC §6). */
typedef struct q_input {
    unsigned long long max;   /* bytes (--max-input-size); 0: no limit */
    int pipes_ok;             /* the operator's path (-d, the template): a pipe
                               * or FIFO may stand there; a template's never */
} q_input;

/* Opens an input for reading without ever blocking on a FIFO (O_NONBLOCK,
 * then fstat): refuses what is not a regular file (or an allowed pipe)
 * and a file larger than in->max (in NULL: 1 GiB, no pipes). Returns a
 * blocking descriptor, or -1 with the reason in err ("not a regular file
 * (a FIFO)"), for the caller to put after the file's name. */
int q_open_input(const char *path, const q_input *in, char *err, size_t errsz);
/* "larger than --max-input-size allows (1 GiB)", for readers of pipes,
 * which learn the size only as they read. */
void q_input_too_big(const q_input *in, char *err, size_t errsz);

/* path "-" writes to stdout. Returns 0 or -1 (reported, Q_EDATA). */
int q_write_atomic(const char *path, const void *data, size_t len, q_diags *d);

/* The folder of the running program (for files installed beside it),
 * into buf; 0, or -1 when /proc/self/exe cannot be read. */
int q_exe_dir(char *buf, size_t size);

#endif
