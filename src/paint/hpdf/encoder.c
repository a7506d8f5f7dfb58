/* libharu's UTF-8 path makes every font pay for all 65,536 BMP code
 * points: it looks each one up to build a 128 KB CIDToGIDMap and a /W
 * array, then deflates the map, twice the cost of everything else in a
 * briefing. Its CMap encoders, declared in the installed hpdf_encoder.h,
 * walk only the codes their table lists. So the document gets one encoder
 * whose table lists just the characters drawn, codes equal to Unicode
 * values (Identity-H, as libharu's UTF-8 encoder), and that reads UTF-8
 * text like libharu's own.
 *
 * The fonts' ToUnicode streams are replaced too: libharu writes a CID
 * operator where a ToUnicode CMap needs bfchar (poppler warns on every
 * page). */
#include "paint/hpdf/encoder.h"
#include "font/font.h"
#include "util/buf.h"
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENCODER_NAME "quire-utf8"

static const HPDF_CidRange_Rec all_codes[] = {{0x0000, 0xFFFF, 0x0}, {0xFFFF, 0xFFFF, 0x0}};

/* The UTF-8 decoder's state between bytes lives in the encoder's
 * unicode_map, which libharu reads only while it builds a font. */
typedef struct utf8_state {
    HPDF_UNICODE cp_high, cp_low, remaining;
} utf8_state;

static utf8_state *state_of(HPDF_Encoder e)
{
    return (utf8_state *)(void *)((HPDF_CMapEncoderAttr)e->attr)->unicode_map[0];
}

static HPDF_ByteType byte_type(HPDF_Encoder e, HPDF_ParseText_Rec *p)
{
    utf8_state *s = state_of(e);
    if (p->index == 0)
        s->remaining = 0;
    unsigned b = p->text[p->index++];
    uint32_t cp;
    if (s->remaining == 0) {
        int more = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
        cp = more < 0 ? 0xFFFD : b & (0x7Fu >> (more > 0 ? more + 1 : 0));
        s->remaining = (HPDF_UNICODE)(more > 0 ? more : 0);
    } else {
        cp = ((uint32_t)s->cp_high << 16 | s->cp_low) << 6 | (b & 0x3F);
        s->remaining--;
    }
    s->cp_high = (HPDF_UNICODE)(cp >> 16);
    s->cp_low = (HPDF_UNICODE)cp;
    return s->remaining ? HPDF_BYTE_TYPE_TRIAL : HPDF_BYTE_TYPE_SINGLE;
}

static HPDF_UNICODE to_unicode(HPDF_Encoder e, HPDF_UINT16 code)
{
    (void)code;
    utf8_state *s = state_of(e);
    /* libharu fonts are 16-bit: beyond the BMP is drawn as a space. */
    return s->cp_high ? 0x20 : s->cp_low;
}

/* UTF-8 in, the 2-byte codes (UTF-16BE, BMP only) that Identity-H reads. */
static char *encode_text(HPDF_Encoder e, const char *text, HPDF_UINT len, HPDF_UINT *length)
{
    (void)e;
    unsigned char *out = q_xmalloc((size_t)len * 2 + 2), *o = out;
    const char *p = text, *end = text + len;
    while (p < end) {
        uint32_t cp = q_utf8_next(&p, end);
        if (cp > 0xFFFF)
            cp = 0x20;
        *o++ = (unsigned char)(cp >> 8);
        *o++ = (unsigned char)cp;
    }
    *length = (HPDF_UINT)(o - out);
    return (char *)out;
}

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
     * counter that never passes 0xFFFF; the table is filled by the caller. */
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

/* libharu builds a font's CIDToGIDMap when HPDF_GetFont creates it, with
 * to_unicode_fn still libharu's table lookup; the first text measured
 * switches the encoder to reading UTF-8. */
static HPDF_ByteType first_byte_type(HPDF_Encoder e, HPDF_ParseText_Rec *p)
{
    e->byte_type_fn = byte_type;
    e->to_unicode_fn = to_unicode;
    return byte_type(e, p);
}

const char *q_hpdf_encoder(HPDF_Doc pdf, const uint32_t *cps, size_t n)
{
    HPDF_Encoder e = HPDF_CMapEncoder_New(pdf->mmgr, ENCODER_NAME, init_encoder);
    if (!e || HPDF_Doc_RegisterEncoder(pdf, e) != HPDF_OK)
        return NULL;
    /* libharu runs an encoder's init on its first lookup. */
    if (HPDF_GetEncoder(pdf, ENCODER_NAME) != e || !e->attr)
        return NULL;
    HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)e->attr;
    memset(a->cid_map, 0, sizeof a->cid_map);
    uint32_t top = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = cps[i];
        if (cp == 0 || cp >= 0xFFFF)
            continue;
        a->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
        a->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
        top = cp > top ? cp : top;
    }
    /* libharu writes the map and widths for codes below the highest one
     * listed: list one more, which no font has, so the last real one is in. */
    if (top + 1 < 0xFFFF) {
        a->cid_map[(top + 1) >> 8][(top + 1) & 0xFF] = (HPDF_UINT16)(top + 1);
        a->unicode_map[(top + 1) >> 8][(top + 1) & 0xFF] = 0xFFFF;
    }
    e->byte_type_fn = first_byte_type;
    e->encode_text_fn = encode_text;
    HPDF_SetCurrentEncoder(pdf, ENCODER_NAME);
    return ENCODER_NAME;
}

/* A ToUnicode CMap (bfchar) for exactly the characters drawn. */
void q_hpdf_font_to_unicode(HPDF_Font font, const uint32_t *cps, size_t n)
{
    HPDF_FontAttr fa = font ? (HPDF_FontAttr)font->attr : NULL;
    if (!fa || !fa->cmap_stream || !fa->cmap_stream->stream)
        return;
    HPDF_Stream s = fa->cmap_stream->stream;
    HPDF_MemStream_FreeData(s);
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
            snprintf(line, sizeof line, "%zu beginbfchar\n", bmp - done < 100 ? bmp - done : 100);
            HPDF_Stream_WriteStr(s, line);
        }
        /* The minus sign copies as a hyphen-minus: what a spreadsheet or a
         * search box takes for a negative number. */
        unsigned to = cps[i] == 0x2212 ? 0x2D : (unsigned)cps[i];
        snprintf(line, sizeof line, "<%04X> <%04X>\n", (unsigned)cps[i], to);
        HPDF_Stream_WriteStr(s, line);
        if (++done % 100 == 0 || done == bmp)
            HPDF_Stream_WriteStr(s, "endbfchar\n");
    }
    HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}
