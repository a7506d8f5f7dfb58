/* Writing an output file (SPEC §2): never a partial file, never over an
 * input, through symlinks, straight into FIFOs and devices. */
#include "util/buf.h"
#include "util/fsutil.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static void fail(q_diags *d, const char *path, int err)
{
    char eb[128];
    q_diag_add(d, Q_EDATA, path, 0, 0, "cannot write: %s", strerror_r(err, eb, sizeof eb));
}

/* Where a symlink at path leads (the link itself when it is not one), so
 * the temporary file is made and renamed beside the real target. */
static char *target_of(const char *path)
{
    char real[PATH_MAX];
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return q_xstrdup(path);
    if (realpath(path, real))
        return q_xstrdup(real);
    /* Dangling: the file it names is to be created. */
    ssize_t n = readlink(path, real, sizeof real - 1);
    if (n <= 0)
        return q_xstrdup(path);
    real[n] = 0;
    if (real[0] == '/')
        return q_xstrdup(real);
    char *copy = q_xstrdup(path);
    char *joined = q_asprintf("%s/%s", dirname(copy), real);
    free(copy);
    return joined;
}

/* ".NAME.quire-XXXXXX" beside path; NAME is cut so the whole stays
 * within NAME_MAX (a 251-character output name still gets one). */
static char *temp_name(const char *path, int attempt)
{
    char *copy = q_xstrdup(path);
    char *base = q_xstrdup(basename(copy));
    strcpy(copy, path);
    const char *dir = dirname(copy);
    size_t keep = strlen(base), extra = sizeof ".." ".quire-XXXXXX" - 1;
    if (keep + extra > NAME_MAX)
        keep = NAME_MAX - extra;
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char rnd[6];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
        for (int i = 0; i < 6; i++)   /* O_EXCL still keeps names apart */
            rnd[i] = (unsigned char)(getpid() >> (4 * i)) + (unsigned char)(attempt * 7 + i);
    char suffix[7];
    for (int i = 0; i < 6; i++)
        suffix[i] = chars[rnd[i] % (sizeof chars - 1)];
    suffix[6] = 0;
    char *tmp = q_asprintf("%s/.%.*s.quire-%s", dir, (int)keep, base, suffix);
    free(copy);
    free(base);
    return tmp;
}

/* A FIFO or a device: opened and written as it is (a temporary file and a
 * rename would replace it with a regular file). */
static int write_direct(const char *path, const void *data, size_t len, q_diags *d)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    int rc = fd >= 0 ? write_all(fd, data, len) : -1;
    int err = errno;
    if (fd >= 0 && close(fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0)
        fail(d, path, err);
    return rc;
}

int q_write_output(const char *path, const void *data, size_t len, const q_fileids *inputs,
                   const q_temp_hook *hook, q_diags *d)
{
    if (strcmp(path, "-") == 0) {
        if (write_all(STDOUT_FILENO, data, len) != 0) {
            fail(d, "<stdout>", errno);
            return -1;
        }
        return 0;
    }
    struct stat st;
    int exists = stat(path, &st) == 0;   /* through symlinks */
    if (exists && q_fileids_has(inputs, st.st_dev, st.st_ino)) {
        q_diag_add(d, Q_EUSAGE, path, 0, 0,
                   "the output is one of the render's inputs; it would be overwritten (choose another -o)");
        return -1;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        q_diag_add(d, Q_EUSAGE, path, 0, 0, "cannot write: it is a folder (give -o a file name)");
        return -1;
    }
    if (exists && !S_ISREG(st.st_mode))
        return write_direct(path, data, len, d);
    char *target = target_of(path);
    char *tmp = NULL;
    int fd = -1;
    /* O_EXCL with mode 0666: the kernel applies the umask, which cannot be
     * read without changing it (unsafe beside other threads). */
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        free(tmp);
        tmp = temp_name(target, tries);
        if (hook && hook->fn)
            hook->fn(hook->arg, tmp, 1);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && hook && hook->fn)
            hook->fn(hook->arg, tmp, 0);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        fail(d, path, errno);
        free(tmp);
        free(target);
        return -1;
    }
    int rc = 0, err = 0;
    if (exists)   /* a replaced file keeps its mode */
        fchmod(fd, st.st_mode & 07777);
    if (write_all(fd, data, len) != 0) {
        rc = -1;
        err = errno;
    }
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc == 0 && rename(tmp, target) != 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) {
        fail(d, path, err);
        unlink(tmp);
    }
    if (hook && hook->fn)
        hook->fn(hook->arg, tmp, 0);
    free(tmp);
    free(target);
    return rc;
}

int q_write_atomic(const char *path, const void *data, size_t len, q_diags *d)
{
    return q_write_output(path, data, len, NULL, NULL, d);
}
