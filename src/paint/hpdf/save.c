/* HPDF_SaveToStream keeps the whole file in libharu's memory stream, next
 * to every object it was made from, and reading it out adds a third copy
 * (a 100,000-row table: the end's peak). Written instead to a memfd
 * through HPDF_SaveToFile (as fonts are read, hpdf.c), the file is read
 * only once libharu is freed and the tree's text is made, into memory
 * they gave back. The
 * memfd's pages are still memory while libharu writes, but once, not
 * twice. Without memfd_create, the memory stream as before. */
#include "paint/hpdf/save.h"
#include "util/diag.h"
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The old way: the file read out of libharu's stream. */
static int from_stream(HPDF_Doc pdf, q_buf *raw, char *err, size_t errsz)
{
    if (HPDF_SaveToStream(pdf) != HPDF_OK)
        return -1;
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    raw->s = q_xmalloc((size_t)size + 1);   /* read in place: no copy, no doubling */
    raw->cap = (size_t)size + 1;
    HPDF_ResetStream(pdf);
    while (size > 0) {
        HPDF_UINT32 len = size < 65536 ? size : 65536;
        HPDF_STATUS st = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)raw->s + raw->n, &len);
        raw->n += len;
        size -= len;
        if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || len == 0)
            break;
    }
    raw->s[raw->n] = '\0';   /* the rewrite reads it as a string (sscanf, strchr) */
    /* A short read would otherwise be written out as a truncated PDF. */
    if (size > 0) {
        q_seterr(err, errsz, "cannot read back the PDF (%u bytes missing)", (unsigned)size);
        return -2;
    }
    return 0;
}

static int from_file(int fd, q_buf *raw, char *err, size_t errsz)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        q_seterr(err, errsz, "cannot read back the PDF (%s)", st.st_size <= 0 ? "empty" : strerror(errno));
        return -2;
    }
    size_t size = (size_t)st.st_size;
    raw->s = q_xmalloc(size + 1);
    raw->cap = size + 1;
    while (raw->n < size) {
        ssize_t got = pread(fd, raw->s + raw->n, size - raw->n, (off_t)raw->n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            q_seterr(err, errsz, "cannot read back the PDF (%zu bytes missing)", size - raw->n);
            return -2;
        }
        raw->n += (size_t)got;
    }
    raw->s[raw->n] = '\0';   /* the rewrite reads it as a string (sscanf, strchr) */
    return 0;
}

int q_hpdf_save(HPDF_Doc pdf, int skip, q_hpdf_saved *s, char *err, size_t errsz)
{
    if (errsz)
        err[0] = '\0';
    s->fd = skip ? -1 : memfd_create("quire-pdf", MFD_CLOEXEC);
    s->raw = (q_buf){0};
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", s->fd);
    if (s->fd >= 0 && access(path, W_OK) != 0) {   /* no /proc */
        close(s->fd);
        s->fd = -1;
    }
    int rc = skip ? -1 : 0;
    if (!skip && s->fd < 0)
        rc = from_stream(pdf, &s->raw, err, errsz);
    else if (!skip)
        rc = HPDF_SaveToFile(pdf, path) == HPDF_OK ? 0 : -1;
    struct stat st;
    int large = s->fd >= 0 && fstat(s->fd, &st) == 0 && st.st_size >= (4 << 20);
    HPDF_Free(pdf);
    /* libharu's many small blocks, freed, would stay in the heap, under
     * the tree's text and the file's copies that come next (a large
     * table's end peak: 163 -> 142 MB); given back, they are not counted
     * twice. Not for a small file: a batch's next report would only
     * fault the same pages in again. */
    if (large)
        malloc_trim(0);
    return rc;
}

int q_hpdf_read(q_hpdf_saved *s, q_buf *raw, char *err, size_t errsz)
{
    int rc = 0;
    if (s->fd >= 0) {
        rc = from_file(s->fd, raw, err, errsz);
        close(s->fd);
        s->fd = -1;
    } else {
        *raw = s->raw;
    }
    s->raw = (q_buf){0};
    return rc;
}
