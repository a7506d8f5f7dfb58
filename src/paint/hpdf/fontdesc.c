/* A font's details libharu gets wrong (paint/hpdf/fontdesc.h). */
#include "paint/hpdf/fontdesc.h"
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_font.h>
#include <string.h>

/* Six letters from a hash of the font's name and the characters it
 * carries: different subsets get different tags (PDF 32000 §9.6.4), the
 * same subset the same tag, so output stays reproducible. */
static void subset_tag(const char *name, const uint32_t *cps, size_t n, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 32; b += 8)
            h = (h ^ (cps[i] >> b & 0xFF)) * 0x100000001b3ULL;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
}

int q_hpdf_font_details(HPDF_Doc pdf, HPDF_Font font, q_face *face, const uint32_t *cps, size_t n)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
    if (def->descriptor)
        return 0;   /* already written for this font */
    /* The font was cut down to the drawn characters before libharu saw it,
     * and text goes in as TJ, which libharu does not see: every glyph is
     * kept, or libharu would drop the outlines of glyphs it never drew. */
    memset(da->glyph_tbl.flgs, 1, da->num_glyphs);
    char tag[7];
    subset_tag(def->base_font, cps, n, tag);
    HPDF_TTFontDef_SetTagName(def, tag);
    /* libharu writes its descriptor when the document is saved, without
     * CapHeight and with its own guesses: this one is made first, so
     * libharu uses it as it is. */
    q_pdf_metrics m;
    q_face_pdf_metrics(face, &m);
    HPDF_Dict desc = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict data = HPDF_DictStream_New(pdf->mmgr, fa->xref);
    if (!desc || !data || HPDF_TTFontDef_SaveFontData(def, data->stream) != HPDF_OK)
        return -1;
    data->filter = font->filter;   /* the document's compression, as libharu does */
    HPDF_STATUS rc = HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)da->length1);
    rc += HPDF_Xref_Add(fa->xref, desc);
    rc += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    rc += HPDF_Dict_AddName(desc, "FontName", da->base_font);
    rc += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
    rc += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, def->font_bbox));
    rc += HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)m.italic_angle);
    rc += HPDF_Dict_AddNumber(desc, "Ascent", m.ascent);
    rc += HPDF_Dict_AddNumber(desc, "Descent", m.descent);
    rc += HPDF_Dict_AddNumber(desc, "CapHeight", m.cap_height);
    rc += HPDF_Dict_AddNumber(desc, "XHeight", m.x_height);
    rc += HPDF_Dict_AddNumber(desc, "StemV", m.stem_v);
    rc += HPDF_Dict_Add(desc, "FontFile2", data);
    if (rc != HPDF_OK)
        return -1;
    def->descriptor = desc;
    return 0;
}
