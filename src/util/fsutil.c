#include "util/fsutil.h"
#include "util/buf.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int q_write_atomic(const char *path, const void *data, size_t len, q_diags *d)
{
    if (strcmp(path, "-") == 0) {
        if (write_all(STDOUT_FILENO, data, len) != 0) {
            q_diag_add(d, Q_EDATA, "<stdout>", 0, 0, "cannot write: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    char *copy = q_xstrdup(path);
    char *base = q_xstrdup(basename(copy));
    strcpy(copy, path);
    char *tmp = q_asprintf("%s/.%s.XXXXXX", dirname(copy), base);
    free(copy);
    free(base);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return -1;
    }
    /* mkstemp makes 0600; a report is an ordinary readable file. (umask()
     * would tell the mask, but changing it is not safe beside threads.) */
    fchmod(fd, 0644);
    int rc = write_all(fd, data, len);
    if (close(fd) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        q_diag_add(d, Q_EDATA, path, 0, 0, "cannot write: %s", strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

int q_exe_dir(char *buf, size_t size)
{
    ssize_t n = size ? readlink("/proc/self/exe", buf, size - 1) : -1;
    if (n <= 0)
        return -1;
    buf[n] = 0;
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = 0;
    return 0;
}
