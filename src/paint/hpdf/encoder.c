/* libharu's UTF-8 path makes every font pay for all 65,536 BMP code
 * points: it looks each one up to build a 128 KB CIDToGIDMap and a /W
 * array, then deflates the map, twice the cost of everything else in a
 * briefing. Its CMap encoders, declared in the installed hpdf_encoder.h,
 * walk only the codes their table lists. So each font gets an encoder of
 * its own whose table lists just the characters drawn, codes equal to
 * Unicode values (Identity-H, as libharu's UTF-8 encoder), and after the
 * font is built the encoder reads UTF-8 like libharu's own.
 *
 * The same step replaces libharu's ToUnicode stream, which uses a CID
 * operator where a ToUnicode CMap needs bfchar (poppler warns on every
 * page), with a correct one. */
#include "paint/hpdf/encoder.h"
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <stdio.h>
#include <string.h>

static const HPDF_CidRange_Rec all_codes[] = {{0x0000, 0xFFFF, 0x0}, {0xFFFF, 0xFFFF, 0x0}};

static HPDF_UNICODE identity(HPDF_Encoder e, HPDF_UINT16 code)
{
    (void)e;
    return code;
}

static HPDF_STATUS init_encoder(HPDF_Encoder e)
{
    HPDF_STATUS rc = HPDF_CMapEncoder_InitAttr(e);
    if (rc != HPDF_OK)
        return rc;
    HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)e->attr;
    HPDF_CidRange_Rec space = {0x0000, 0xFFFF, 0}, notdef = {0x0000, 0x001F, 1};
    /* With the default to_unicode_fn, AddCMap fills its table with a 16-bit
     * counter that never passes 0xFFFF; the table is filled below instead. */
    e->to_unicode_fn = identity;
    rc = HPDF_CMapEncoder_AddCMap(e, all_codes);
    e->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    if (rc != HPDF_OK ||
        HPDF_CMapEncoder_AddCodeSpaceRange(e, space) != HPDF_OK ||
        HPDF_CMapEncoder_AddNotDefRange(e, notdef) != HPDF_OK)
        return e->error->error_no;
    a->is_lead_byte_fn = NULL;
    a->is_trial_byte_fn = NULL;
    snprintf(a->registry, sizeof a->registry, "Adobe");
    snprintf(a->ordering, sizeof a->ordering, "Identity-H");
    a->suppliment = 0;
    a->writing_mode = HPDF_WMODE_HORIZONTAL;
    e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
    return HPDF_OK;
}

/* A ToUnicode CMap (bfchar) for exactly the characters drawn. */
static void write_to_unicode(HPDF_Stream s, const uint32_t *cps, size_t n)
{
    HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t bmp = 0;
    for (size_t i = 0; i < n; i++)
        bmp += cps[i] > 0 && cps[i] < 0xFFFF;
    char line[32];
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        if (cps[i] == 0 || cps[i] >= 0xFFFF)
            continue;
        if (done % 100 == 0) {
            size_t block = bmp - done < 100 ? bmp - done : 100;
            snprintf(line, sizeof line, "%zu beginbfchar\n", block);
            HPDF_Stream_WriteStr(s, line);
        }
        snprintf(line, sizeof line, "<%04X> <%04X>\n", (unsigned)cps[i], (unsigned)cps[i]);
        HPDF_Stream_WriteStr(s, line);
        if (++done % 100 == 0 || done == bmp)
            HPDF_Stream_WriteStr(s, "endbfchar\n");
    }
    HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

HPDF_Font q_hpdf_font(HPDF_Doc pdf, const char *font_name, int id, const uint32_t *cps, size_t n)
{
    HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
    char name[32];
    snprintf(name, sizeof name, "quire-utf8-%d", id);
    HPDF_Encoder e = utf8 ? HPDF_CMapEncoder_New(pdf->mmgr, name, init_encoder) : NULL;
    if (!e || HPDF_Doc_RegisterEncoder(pdf, e) != HPDF_OK)
        return NULL;
    /* libharu runs an encoder's init on first lookup. */
    if (HPDF_GetEncoder(pdf, name) != e || !e->attr)
        return NULL;
    HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)e->attr;
    memset(a->cid_map, 0, sizeof a->cid_map);
    uint32_t top = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = cps[i];
        if (cp == 0 || cp >= 0xFFFF)
            continue;   /* libharu draws characters beyond the BMP as spaces anyway */
        a->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
        a->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
        top = cp > top ? cp : top;
    }
    /* libharu writes the map and widths for codes below the highest one
     * listed: list one more, which the font lacks, so the last real one is
     * included. */
    if (top + 1 < 0xFFFF) {
        a->cid_map[(top + 1) >> 8][(top + 1) & 0xFF] = (HPDF_UINT16)(top + 1);
        a->unicode_map[(top + 1) >> 8][(top + 1) & 0xFF] = 0xFFFF;
    }
    HPDF_Font font = HPDF_GetFont(pdf, font_name, name);
    if (!font)
        return NULL;
    /* From here on the encoder reads UTF-8 text, as libharu's own does. */
    e->byte_type_fn = utf8->byte_type_fn;
    e->to_unicode_fn = utf8->to_unicode_fn;
    e->encode_text_fn = utf8->encode_text_fn;
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (fa && fa->cmap_stream && fa->cmap_stream->stream) {
        HPDF_MemStream_FreeData(fa->cmap_stream->stream);
        write_to_unicode(fa->cmap_stream->stream, cps, n);
    }
    return font;
}
