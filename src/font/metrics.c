/* What a PDF font descriptor says about a face (font.h, q_face_pdf_metrics),
 * read from the font's own tables rather than guessed. */
#include "font/font_impl.h"
#include FT_TRUETYPE_TABLES_H

void q_face_pdf_metrics(q_face *f, q_pdf_metrics *m)
{
    TT_OS2 *os2 = FT_Get_Sfnt_Table(f->ft, FT_SFNT_OS2);
    TT_Postscript *post = FT_Get_Sfnt_Table(f->ft, FT_SFNT_POST);
    int os2ok = os2 && os2->version != 0xFFFFu;
    m->ascent = f->ascender;
    m->descent = f->descender;
    m->cap_height = f->cap_height;
    m->italic_angle = post ? (double)post->italicAngle / 65536.0 : 0;
    m->x_height = os2ok && os2->version >= 2 && os2->sxHeight > 0 ? (int)(os2->sxHeight * 1000L / f->upem)
                                                                  : f->cap_height * 7 / 10;
    /* No table holds the stem width: the usual estimate from the weight
     * class (400 → 43, 700 → 125), which is what viewers substitute by. */
    double w = os2ok && os2->usWeightClass >= 100 && os2->usWeightClass <= 900 ? os2->usWeightClass : 400;
    m->stem_v = (int)(10 + 220 * ((w - 50) / 900) * ((w - 50) / 900) + 0.5);
}
