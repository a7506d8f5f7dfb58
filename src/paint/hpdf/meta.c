/* XMP, output intent and attachments (docs/design.md, "Tagged PDF";
 * docs/provenance.md). Written by quire rather than by libharu's PDF/A
 * calls, which leave XMP values unescaped, write /SubType and take the
 * trailer /ID from ctime(). */
#include "paint/hpdf/meta.h"
#include "paint/hpdf/tags.h"
#include "util/buf.h"
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char quire_srgb_icc[];
extern const size_t quire_srgb_icc_len;

static void xml_text(q_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': q_buf_puts(b, "&amp;"); break;
        case '<': q_buf_puts(b, "&lt;"); break;
        case '>': q_buf_puts(b, "&gt;"); break;
        case '"': q_buf_puts(b, "&quot;"); break;
        default:
            /* XML 1.0 has no other control characters. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n' || *s == '\r')
                q_buf_putc(b, *s);
        }
    }
}

static void element(q_buf *b, const char *tag, const char *wrap, const char *value)
{
    if (!value || !*value)
        return;
    if (wrap)
        q_buf_printf(b, "<%s><rdf:%s><rdf:li%s>", tag, wrap,
                     strcmp(wrap, "Alt") ? "" : " xml:lang=\"x-default\"");
    else
        q_buf_printf(b, "<%s>", tag);
    xml_text(b, value);
    if (wrap)
        q_buf_printf(b, "</rdf:li></rdf:%s></%s>\n", wrap, tag);
    else
        q_buf_printf(b, "</%s>\n", tag);
}

/* PDF/A allows only its predefined schemas unless others are described:
 * pdfuaid is described here. */
static const char pdfua_extension[] =
    "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" "
    "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n"
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n";

int q_hpdf_xmp(HPDF_Doc pdf, const q_dlist *dl, const char *title, const q_hpdf_opts *o, const q_hpdf_archive *a)
{
    char date[32];
    struct tm tm;
    gmtime_r(&o->date, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    q_buf b = {0};
    q_buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                   "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" "
                   "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    if (a->pdfa)
        q_buf_puts(&b, " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    q_buf_puts(&b, ">\n<dc:format>application/pdf</dc:format>\n");
    element(&b, "dc:title", "Alt", title);
    element(&b, "dc:creator", "Seq", dl->author);
    element(&b, "dc:description", "Alt", dl->subject);
    element(&b, "pdf:Keywords", NULL, dl->keywords);
    element(&b, "pdf:Producer", NULL, "quire " QUIRE_VERSION " (libharu)");
    element(&b, "xmp:CreatorTool", NULL, "quire");
    element(&b, "xmp:CreateDate", NULL, date);
    element(&b, "xmp:ModifyDate", NULL, date);
    q_buf_puts(&b, "<pdfuaid:part>1</pdfuaid:part>\n");
    if (a->pdfa)
        q_buf_printf(&b, "<pdfaid:part>%d</pdfaid:part>\n<pdfaid:conformance>%c</pdfaid:conformance>\n", a->pdfa,
                     a->conformance ? a->conformance : 'B');
    q_buf_puts(&b, "</rdf:Description>\n");
    if (a->pdfa)
        q_buf_puts(&b, pdfua_extension);
    q_buf_puts(&b, "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    HPDF_Dict m = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    int rc = -1;
    if (m) {
        HPDF_Dict_AddName(m, "Type", "Metadata");
        HPDF_Dict_AddName(m, "Subtype", "XML");
        /* Left readable as is, as PDF/A wants (and deflating a kilobyte
         * costs a fresh zlib state). */
        rc = HPDF_Stream_Write(m->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.n) == HPDF_OK &&
                     HPDF_Dict_Add(pdf->catalog, "Metadata", m) == HPDF_OK
                 ? 0
                 : -1;
    }
    q_buf_free(&b);
    return rc;
}

int q_hpdf_output_intent(HPDF_Doc pdf)
{
    HPDF_Dict icc = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!icc)
        return -1;
    icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Dict_AddNumber(icc, "N", 3);
    if (HPDF_Stream_Write(icc->stream, quire_srgb_icc, (HPDF_UINT)quire_srgb_icc_len) != HPDF_OK)
        return -1;
    HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
    HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(oi, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(oi, "DestOutputProfile", icc);
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(a, oi);
    return HPDF_Dict_Add(pdf->catalog, "OutputIntents", a) == HPDF_OK ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const q_hpdf_file *)a)->name, ((const q_hpdf_file *)b)->name);
}

int q_hpdf_attach(HPDF_Doc pdf, const q_hpdf_opts *o, const q_hpdf_archive *a)
{
    if (!a->nfiles)
        return 0;
    HPDF_MMgr mm = pdf->mmgr;
    char date[32];
    struct tm tm;
    gmtime_r(&o->date, &tm);
    strftime(date, sizeof date, "D:%Y%m%d%H%M%SZ", &tm);
    /* The name tree's keys are sorted; /AF keeps the files' own order. */
    q_hpdf_file *sorted = q_xmalloc(a->nfiles * sizeof *sorted);
    memcpy(sorted, a->files, a->nfiles * sizeof *sorted);
    qsort(sorted, a->nfiles, sizeof *sorted, by_name);
    HPDF_Dict *specs = q_xcalloc(a->nfiles, sizeof *specs);
    HPDF_Array af = HPDF_Array_New(mm), names = HPDF_Array_New(mm);
    int rc = 0;
    for (size_t i = 0; i < a->nfiles && !rc; i++) {
        const q_hpdf_file *f = &a->files[i];
        HPDF_Dict ef = HPDF_DictStream_New(mm, pdf->xref);
        HPDF_Dict spec = HPDF_Dict_New(mm);
        if (!ef || !spec || HPDF_Xref_Add(pdf->xref, spec) != HPDF_OK) {
            rc = -1;
            break;
        }
        ef->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        HPDF_Dict_AddName(ef, "Type", "EmbeddedFile");
        HPDF_Dict_AddName(ef, "Subtype", f->mime);
        HPDF_Dict params = HPDF_Dict_New(mm);
        HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)f->len);
        HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mm, date, NULL));
        HPDF_Dict_Add(ef, "Params", params);
        if (f->len && HPDF_Stream_Write(ef->stream, (const HPDF_BYTE *)f->data, (HPDF_UINT)f->len) != HPDF_OK)
            rc = -1;
        HPDF_Dict_AddName(spec, "Type", "Filespec");
        HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, f->name, NULL));
        HPDF_Dict_Add(spec, "UF", q_hpdf_utf16(pdf, f->name));
        HPDF_Dict efd = HPDF_Dict_New(mm);
        HPDF_Dict_Add(efd, "F", ef);
        HPDF_Dict_Add(efd, "UF", ef);
        HPDF_Dict_Add(spec, "EF", efd);
        HPDF_Dict_AddName(spec, "AFRelationship", "Source");
        HPDF_Dict_Add(spec, "Desc", HPDF_String_New(mm, "quire input (docs/provenance.md)", NULL));
        HPDF_Array_Add(af, spec);
        specs[i] = spec;
    }
    for (size_t i = 0; i < a->nfiles && !rc; i++) {
        size_t k = 0;
        while (strcmp(a->files[k].name, sorted[i].name) || !specs[k])
            k++;
        HPDF_Array_Add(names, HPDF_String_New(mm, sorted[i].name, NULL));
        HPDF_Array_Add(names, specs[k]);
        specs[k] = NULL;   /* a repeated name takes the next spec */
    }
    if (!rc) {
        HPDF_Dict tree = HPDF_Dict_New(mm), nd = HPDF_Dict_New(mm);
        HPDF_Dict_Add(tree, "Names", names);
        HPDF_Dict_Add(nd, "EmbeddedFiles", tree);
        HPDF_Dict_Add(pdf->catalog, "Names", nd);
        HPDF_Dict_Add(pdf->catalog, "AF", af);
    }
    free(specs);
    free(sorted);
    return rc;
}
