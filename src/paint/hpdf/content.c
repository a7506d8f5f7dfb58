/* libharu keeps every page's content stream uncompressed until
 * HPDF_SaveToStream deflates it (a 100,000-row table: about 200 MB).
 * Deflated here with the parameters libharu uses (deflateInit at
 * Z_DEFAULT_COMPRESSION, fed in order without flushes, which zlib turns
 * into the same bytes however the input is split), the stream is marked
 * unfiltered so libharu copies it, and the dictionary's write hook adds
 * the /Filter entry libharu would have appended after /Length. */
#include "paint/hpdf/content.h"
#include "paint/hpdf/finish.h"
#include "util/buf.h"
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

static HPDF_STATUS write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

int q_hpdf_deflate_level(size_t npages)
{
    return npages >= Q_FAST_DEFLATE_PAGES ? 1 : Z_DEFAULT_COMPRESSION;
}

int q_hpdf_deflate_page(HPDF_Page page, int level)
{
    HPDF_Dict contents = ((HPDF_PageAttr)page->attr)->contents;
    HPDF_Stream s = contents ? contents->stream : NULL;
    /* libharu writes an empty stream as no bytes, filtered or not. */
    if (!s || s->type != HPDF_STREAM_MEMORY || !(contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE) ||
        contents->write_fn || HPDF_Stream_Size(s) == 0)
        return 0;
    z_stream zs = {0};
    if (deflateInit(&zs, level) != Z_OK)
        return -1;
    q_buf z = {0};
    int rc = 0;
    HPDF_UINT nbufs = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < nbufs && rc == 0; i++) {
        HPDF_UINT len = 0;
        const HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(s, i, &len);
        rc = b ? q_hpdf_zfeed(&zs, b, len, Z_NO_FLUSH, &z, 16384) : -1;
    }
    if (rc == 0)
        rc = q_hpdf_zfeed(&zs, "", 0, Z_FINISH, &z, 16384);
    deflateEnd(&zs);
    if (rc == 0) {
        HPDF_MemStream_FreeData(s);
        rc = HPDF_Stream_Write(s, (const HPDF_BYTE *)z.s, (HPDF_UINT)z.n) == HPDF_OK ? 0 : -1;
        contents->filter = HPDF_STREAM_FILTER_NONE;
        contents->write_fn = write_filter;
    }
    q_buf_free(&z);
    return rc;
}
