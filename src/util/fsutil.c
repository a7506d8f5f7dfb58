#include "util/fsutil.h"
#include "util/buf.h"
#include "util/limits.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : S_ISDIR(m) ? "a directory" : S_ISSOCK(m) ? "a socket" : "not a file";
}

void q_input_too_big(const q_input *in, char *err, size_t errsz)
{
    char lim[32];
    q_size_text(in && in->max ? in->max : Q_DEFAULT_MAX_INPUT, lim, sizeof lim);
    q_seterr(err, errsz, "larger than --max-input-size allows (%s)", lim);
}

int q_open_input(const char *path, const q_input *in, char *err, size_t errsz)
{
    static const q_input dflt = {Q_DEFAULT_MAX_INPUT, 0, NULL};
    if (!in)
        in = &dflt;
    char eb[128];
    struct stat st;
    /* Looked at before opening: opening a device can itself do something. */
    if (stat(path, &st) != 0) {
        q_seterr(err, errsz, "cannot open: %s", strerror_r(errno, eb, sizeof eb));
        return -1;
    }
    int pipe_ok = in->pipes_ok && S_ISFIFO(st.st_mode);
    if (!S_ISREG(st.st_mode) && !pipe_ok) {
        q_seterr(err, errsz, "not a regular file (%s)", kind_of(st.st_mode));
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        q_seterr(err, errsz, "cannot open: %s", strerror_r(errno, eb, sizeof eb));
        return -1;
    }
    /* And again on what was opened: the name may have changed meanwhile. */
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || (in->pipes_ok && S_ISFIFO(st.st_mode)))) {
        q_seterr(err, errsz, "not a regular file (%s)", kind_of(st.st_mode));
        close(fd);
        return -1;
    }
    if (S_ISREG(st.st_mode) && in->max && (unsigned long long)st.st_size > in->max) {
        char size[32], lim[32];
        q_size_text((unsigned long long)st.st_size, size, sizeof size);
        q_size_text(in->max, lim, sizeof lim);
        q_seterr(err, errsz, "the file is %s, larger than --max-input-size allows (%s)", size, lim);
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (in->seen)
        q_fileids_add(in->seen, fd);
    return fd;
}

void q_fileids_add(q_fileids *ids, int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || q_fileids_has(ids, st.st_dev, st.st_ino))
        return;
    ids->v = q_xrealloc(ids->v, (ids->n + 1) * sizeof *ids->v);
    ids->v[ids->n++] = (struct q_fileid){st.st_dev, st.st_ino};
}

void q_fileids_add_path(q_fileids *ids, const char *path)
{
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd >= 0) {
        q_fileids_add(ids, fd);
        close(fd);
    }
}

int q_fileids_has(const q_fileids *ids, unsigned long long dev, unsigned long long ino)
{
    for (size_t i = 0; ids && i < ids->n; i++)
        if (ids->v[i].dev == dev && ids->v[i].ino == ino)
            return 1;
    return 0;
}

void q_fileids_free(q_fileids *ids)
{
    free(ids->v);
    ids->v = NULL;
    ids->n = 0;
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
