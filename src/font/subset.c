/* Font subsetting with HarfBuzz's hb-subset, shaped for libharu 2.3.0.
 *
 * libharu embeds a TrueType font by re-reading it: it maps text through the
 * cmap (format 4), takes widths from hmtx, names from 'name' (IDs 2 and 6)
 * and copies a fixed list of tables. So the subset keeps exactly the tables
 * libharu reads (glyph ids are renumbered, which is fine because libharu
 * goes through the subset's own cmap) and drops the rest: layout tables
 * would only pull extra glyphs in through GSUB closure, and hinting is
 * useless in a PDF. */
#include "font/font_impl.h"
#include "util/buf.h"

#include <hb.h>
#include <hb-subset.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const keep_tables[] = {
    "head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "glyf", "loca", "name", "post",
};


static int kept(hb_tag_t tag)
{
    for (size_t i = 0; i < sizeof keep_tables / sizeof *keep_tables; i++)
        if (tag == hb_tag_from_string(keep_tables[i], 4))
            return 1;
    return 0;
}

/* Adds every table of the source face that libharu does not read to the
 * subset's drop list. */
static void drop_unread_tables(hb_face_t *face, hb_subset_input_t *in)
{
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[32];
    unsigned start = 0;
    for (;;) {
        unsigned count = sizeof tags / sizeof *tags;
        unsigned total = hb_face_get_table_tags(face, start, &count, tags);
        for (unsigned i = 0; i < count; i++)
            if (!kept(tags[i]))
                hb_set_add(drop, tags[i]);
        start += count;
        if (count == 0 || start >= total)
            break;
    }
}

void q_face_subset_free(q_face *f)
{
    hb_face_destroy(f->hb);
    f->hb = NULL;
}

/* Read once per face: a face kept in a pool (a batch) subsets and shapes
 * again for every document without reading the file again. */
hb_face_t *q_face_hb(q_face *f)
{
    if (!f->hb) {
        hb_blob_t *blob = hb_blob_create_from_file_or_fail(f->path);
        if (!blob)
            return NULL;
        /* The upper 16 bits of a fontconfig index name a variable instance;
         * HarfBuzz wants the face number within a collection only. */
        f->hb = hb_face_create(blob, (unsigned)f->index & 0xFFFFu);
        hb_blob_destroy(blob);
    }
    return f->hb;
}

int q_face_subset(q_face *f, const uint32_t *cps, size_t ncps,
                  unsigned char **out, size_t *outlen, char *err, size_t errsz)
{
    *out = NULL;
    *outlen = 0;
    hb_face_t *face = q_face_hb(f);
    if (!face) {
        q_seterr(err, errsz, "cannot read font file '%s' for subsetting", f->path);
        return -1;
    }
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) {
        q_seterr(err, errsz, "out of memory subsetting '%s'", f->path);
        return -1;
    }
    hb_set_t *uni = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < ncps; i++)
        hb_set_add(uni, cps[i]);
    /* NOTDEF_OUTLINE: a missing character shows as the font's box, which
     * makes the problem visible in the PDF instead of leaving a gap. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    drop_unread_tables(face, in);

    hb_face_t *sub = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (!sub) {
        q_seterr(err, errsz, "subsetting '%s' failed", f->path);
        return -1;
    }
    hb_blob_t *res = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(res, &len);
    int rc = -1;
    if (data && len) {
        *out = q_xmalloc(len);
        memcpy(*out, data, len);
        *outlen = len;
        rc = 0;
        if (q_sfnt_compact_cmap(out, outlen, cps, ncps) != 0) {
            q_seterr(err, errsz, "rewriting the cmap of '%s' failed", f->path);
            free(*out);
            *out = NULL;
            rc = -1;
        }
    } else {
        q_seterr(err, errsz, "subsetting '%s' produced no font", f->path);
    }
    hb_blob_destroy(res);
    hb_face_destroy(sub);
    return rc;
}
