/* Files: inputs opened safely, outputs written to a temporary name beside
 * the target and renamed into place, so a failure never leaves a partial
 * file (SPEC §2, §6). */
#ifndef QUIRE_UTIL_FSUTIL_H
#define QUIRE_UTIL_FSUTIL_H
#include <stddef.h>
#include "util/diag.h"

/* How an input file may be opened (SPEC §6). */
typedef struct q_input {
    unsigned long long max;   /* bytes (--max-input-size); 0: no limit */
    int pipes_ok;             /* the operator's path (-d, the template): a pipe
                               * or FIFO may stand there; a template's never */
    struct q_fileids *seen;   /* what was opened is added here; may be NULL */
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

/* Files a render has read, by device and inode: an output must not be one. */
typedef struct q_fileids {
    struct q_fileid { unsigned long long dev, ino; } *v;
    size_t n;
} q_fileids;
void q_fileids_add(q_fileids *ids, int fd);
void q_fileids_add_path(q_fileids *ids, const char *path);
int q_fileids_has(const q_fileids *ids, unsigned long long dev, unsigned long long ino);
void q_fileids_free(q_fileids *ids);

/* Told when a temporary file comes into being (active 1) and when it is
 * gone or renamed into place (0), so a signal handler can remove it. */
typedef struct q_temp_hook {
    void (*fn)(void *arg, const char *path, int active);
    void *arg;
} q_temp_hook;

/* Writes an output (SPEC §2): "-" is stdout; a FIFO or device is written
 * directly; anything else through a temporary file beside the target
 * (the target of a symlink) renamed into place, with the mode of the file
 * replaced or, for a new one, 0666 less the umask. An output that is one
 * of inputs is refused (Q_EUSAGE). Returns 0 or -1 (reported). */
int q_write_output(const char *path, const void *data, size_t len, const q_fileids *inputs,
                   const q_temp_hook *hook, q_diags *d);
/* The same with no inputs to compare and no hook. */
int q_write_atomic(const char *path, const void *data, size_t len, q_diags *d);

/* The folder of the running program (for files installed beside it),
 * into buf; 0, or -1 when /proc/self/exe cannot be read. */
int q_exe_dir(char *buf, size_t size);

#endif
