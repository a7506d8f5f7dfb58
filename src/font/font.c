/* Font lookup (fontconfig) and metrics (FreeType).
 *
 * Threads: every q_fonts owns its FT_Library and FT_Faces, so two renders on
 * two threads never share FreeType state. fontconfig is shared: FcInit()
 * loads the process-wide default configuration once (it is safe to race on)
 * and afterwards matching only reads it. q_fonts_free never calls FcFini():
 * another thread may still be matching, and the configuration is meant to
 * live as long as the process; q_fonts_shutdown() releases it at exit. */
#include "font/font_impl.h"
#include "font/fontmap.h"
#include "util/buf.h"
#include "util/suggest.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <fontconfig/fontconfig.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

struct q_req {               /* a resolved (family, bold, italic) request */
    char *family;
    int bold, italic;
    q_face *face;
};

struct q_fonts {
    FT_Library ft;
    q_face **faces;
    int nfaces, capfaces;
    struct q_req *reqs;
    int nreqs, capreqs;
    q_fonts *pool;   /* q_fonts_new_from: faces are opened in and owned by it */
};


q_fonts *q_fonts_new(void)
{
    q_fonts *fs = q_xcalloc(1, sizeof *fs);
    if (FT_Init_FreeType(&fs->ft)) {
        free(fs);
        return NULL;
    }
    return fs;
}

/* The default configuration parses some 60 XML files at start-up, a fifth
 * of a whole render. Most lookups name a real family, which the font dirs
 * and their caches alone resolve: this light configuration tries first,
 * and the full one (aliases, user rules) answers whatever it cannot.
 * Created once, then only read, like fontconfig's own default. */
static pthread_once_t light_once = PTHREAD_ONCE_INIT;
static FcConfig *light_config;

static void make_light_config(void)
{
    /* Whoever sets FONTCONFIG_FILE or FONTCONFIG_PATH (a test isolating its
     * fonts, say) means that configuration and no other: leave it to the
     * full one, which reads them. */
    const char *file = getenv("FONTCONFIG_FILE"), *path = getenv("FONTCONFIG_PATH");
    if ((file && *file) || (path && *path))
        return;
    /* The user's own rules (extra dirs, rejected fonts) still apply. */
    static const char xml[] =
        "<?xml version=\"1.0\"?><fontconfig>"
        "<dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>"
        "<dir prefix=\"xdg\">fonts</dir><dir>~/.fonts</dir>"
        "<cachedir>/var/cache/fontconfig</cachedir><cachedir prefix=\"xdg\">fontconfig</cachedir>"
        "<include ignore_missing=\"yes\" prefix=\"xdg\">fontconfig/fonts.conf</include>"
        "<include ignore_missing=\"yes\" deprecated=\"yes\">~/.fonts.conf</include>"
        "</fontconfig>";
    FcConfig *c = FcConfigCreate();
    if (c && (!FcConfigParseAndLoadFromMemory(c, (const FcChar8 *)xml, FcFalse) || !FcConfigBuildFonts(c))) {
        FcConfigDestroy(c);
        c = NULL;
    }
    light_config = c;
}

q_fonts *q_fonts_new_from(q_fonts *pool)
{
    if (!pool)
        return q_fonts_new();
    q_fonts *fs = q_xcalloc(1, sizeof *fs);
    fs->ft = pool->ft;
    fs->pool = pool;
    return fs;
}

void q_fonts_shutdown(void)
{
    if (light_config)
        FcConfigDestroy(light_config);
    light_config = NULL;
    FcFini();
    q_fontmap_shutdown();
}

static void face_free(q_face *f)
{
    if (!f)
        return;
    FT_Done_Face(f->ft);
    q_face_shape_free(f);
    q_face_subset_free(f);
    free(f->lo);
    free(f->path);
    free(f->family);
    free(f->warning);
    free(f);
}

void q_fonts_free(q_fonts *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < fs->nfaces && !fs->pool; i++)
        face_free(fs->faces[i]);
    for (int i = 0; i < fs->nreqs; i++)
        free(fs->reqs[i].family);
    free(fs->faces);
    free(fs->reqs);
    if (!fs->pool)
        FT_Done_FreeType(fs->ft);
    free(fs);
}

/* Font units -> 1/1000 em, truncating like libharu does for the values it
 * writes into the font descriptor. */
static int milli(long v, long upem)
{
    return (int)(v * 1000 / upem);
}

static void face_vertical_metrics(q_face *f)
{
    FT_Face ft = f->ft;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
    /* OS/2 typo metrics are the designer's line metrics; hhea is the
     * fallback for fonts without a usable OS/2 table (version 0xFFFF). */
    if (os2 && os2->version != 0xFFFFu && (os2->sTypoAscender || os2->sTypoDescender)) {
        f->ascender = milli(os2->sTypoAscender, f->upem);
        f->descender = milli(os2->sTypoDescender, f->upem);
    } else {
        f->ascender = milli(ft->ascender, f->upem);
        f->descender = milli(ft->descender, f->upem);
    }
    if (f->descender > 0)            /* some fonts store it positive */
        f->descender = -f->descender;
    if (os2 && os2->version != 0xFFFFu && os2->version >= 2 && os2->sCapHeight > 0) {
        f->cap_height = milli(os2->sCapHeight, f->upem);
        return;
    }
    /* Older OS/2 tables have no cap height: take the top of 'H'. */
    FT_UInt gid = FT_Get_Char_Index(ft, 'H');
    if (gid && FT_Load_Glyph(ft, gid, FT_LOAD_NO_SCALE) == 0)
        f->cap_height = milli(ft->glyph->metrics.horiBearingY, f->upem);
    else
        f->cap_height = f->ascender * 7 / 10;
}

static int is_glyf_font(FT_Face ft)
{
    FT_ULong len = 0;
    return FT_IS_SFNT(ft) && FT_Load_Sfnt_Table(ft, TTAG_glyf, 0, NULL, &len) == 0 && len > 0;
}

static q_face *find_loaded(q_fonts *fs, const char *path, int index)
{
    for (int i = 0; i < fs->nfaces; i++)
        if (fs->faces[i]->index == index && strcmp(fs->faces[i]->path, path) == 0)
            return fs->faces[i];
    return NULL;
}

/* Opens path/index as a new face (or returns the one already open). family
 * NULL means "take it from the font"; shown is the path for messages. */
static void add_face(q_fonts *fs, q_face *f)
{
    if (fs->nfaces == fs->capfaces) {
        fs->capfaces = fs->capfaces ? fs->capfaces * 2 : 8;
        fs->faces = q_xrealloc(fs->faces, sizeof *fs->faces * (size_t)fs->capfaces);
    }
    f->id = fs->nfaces;
    fs->faces[fs->nfaces++] = f;
}

static q_face *open_face(q_fonts *fs, const char *path, int index, const char *family,
                         const char *shown, char *err, size_t errsz)
{
    q_face *have = find_loaded(fs, path, index);
    if (have)
        return have;
    if (fs->pool) {
        /* The pool's face, numbered for this document in the order it asks
         * (ids order the PDF's fonts): the pool's own ids are not used. */
        q_face *f = open_face(fs->pool, path, index, family, shown, err, errsz);
        if (f)
            add_face(fs, f);
        return f;
    }

    /* FreeType's own "cannot open resource" hides errno; ask the OS first
     * so a typo in a path reads as one. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);   /* a FIFO must not hang */
    if (fd < 0) {
        char eb[128];
        q_seterr(err, errsz, "cannot open font file '%s': %s", shown,
               strerror_r(errno, eb, sizeof eb));
        return NULL;
    }
    struct stat st;
    int isreg = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    close(fd);
    if (!isreg) {
        q_seterr(err, errsz, "font file '%s' is not a regular file", shown);
        return NULL;
    }

    FT_Face ft = NULL;
    FT_Error e = FT_New_Face(fs->ft, path, index, &ft);
    if (e == FT_Err_Unknown_File_Format) {
        q_seterr(err, errsz, "'%s' is not a font file", shown);
        return NULL;
    }
    if (e) {
        q_seterr(err, errsz, "cannot load font '%s' (FreeType error 0x%02x)", shown, (unsigned)e);
        return NULL;
    }
    if (!is_glyf_font(ft)) {
        q_seterr(err, errsz, "'%s' is not a TrueType (glyf) font", shown);
        FT_Done_Face(ft);
        return NULL;
    }
    /* libharu maps text through the Unicode cmap; a font without one (symbol
     * fonts) could not show anything we measure. */
    if (FT_Select_Charmap(ft, FT_ENCODING_UNICODE) || ft->units_per_EM == 0) {
        q_seterr(err, errsz, "'%s' has no Unicode character map", shown);
        FT_Done_Face(ft);
        return NULL;
    }

    q_face *f = q_xcalloc(1, sizeof *f);
    f->ft = ft;
    f->path = q_xstrdup(path);
    f->index = index;
    f->upem = ft->units_per_EM;
    if (family)
        f->family = q_xstrdup(family);
    else if (ft->family_name)
        f->family = q_xstrdup(ft->family_name);
    else
        f->family = q_xstrdup(path);
    face_vertical_metrics(f);
    FT_Fixed adv = 0;
    if (FT_Get_Advance(ft, 0, FT_LOAD_NO_SCALE, &adv) == 0)
        f->notdef_width = (int)((long)adv * 1000 / f->upem);

    add_face(fs, f);
    return f;
}

q_face *q_fonts_open_file(q_fonts *fs, const char *path, char *err, size_t errsz)
{
    /* Canonical path, so "fonts/x.ttf" and "./fonts/x.ttf" share a face. */
    char *real = realpath(path, NULL);
    q_face *f = open_face(fs, real ? real : path, 0, NULL, path, err, errsz);
    free(real);
    return f;
}

/* Runs the fontconfig match; returns the matched pattern (caller destroys). */
static FcPattern *fc_match(FcConfig *config, const char *family, int bold, int italic, int want_ttf)
{
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return NULL;
    /* FcPatternAdd* rather than FcNameParse: family names may contain
     * characters (':', '-', ',') that the name syntax would interpret. */
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    /* A family shipped as both .otf (CFF) and .ttf resolves to the .ttf. */
    if (want_ttf)
        FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
    FcConfigSubstitute(config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern *m = FcFontMatch(config, pat, &res);
    FcPatternDestroy(pat);
    return m;
}

/* The light path: list the family's faces and pick the nearest weight and
 * slant at normal width. Listing one family costs a fraction of
 * FcFontMatch, which scores every installed font. NULL if none is a
 * static TrueType face. */
static FcPattern *fc_list_best(FcConfig *config, const char *family, int bold, int italic)
{
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT, FC_SLANT, FC_WIDTH,
                                       FC_FONTFORMAT, FC_VARIABLE, (char *)NULL);
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcFontSet *set = pat && os ? FcFontList(config, pat, os) : NULL;
    FcPatternDestroy(pat);
    FcObjectSetDestroy(os);
    FcPattern *best = NULL;
    long best_cost = 0;
    for (int i = 0; set && i < set->nfont; i++) {
        FcPattern *f = set->fonts[i];
        FcChar8 *format = NULL;
        FcBool variable = FcFalse;
        int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, width = FC_WIDTH_NORMAL;
        if (FcPatternGetString(f, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
            strcmp((const char *)format, "TrueType") != 0)
            continue;
        if (FcPatternGetBool(f, FC_VARIABLE, 0, &variable) == FcResultMatch && variable)
            continue;
        FcPatternGetInteger(f, FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(f, FC_SLANT, 0, &slant);
        FcPatternGetInteger(f, FC_WIDTH, 0, &width);
        long cost = 1000L * ((slant != FC_SLANT_ROMAN) != !!italic) + 10L * labs((long)width - FC_WIDTH_NORMAL) +
                    labs((long)weight - (bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR));
        if (!best || cost < best_cost) {
            best = f;
            best_cost = cost;
        }
    }
    FcPattern *m = best ? FcPatternDuplicate(best) : NULL;
    if (set)
        FcFontSetDestroy(set);
    return m;
}

/* The matched pattern's family spelling that equals the request, or NULL.
 * Any of its family names counts (fonts list several, some localized). */
static const char *family_hit(FcPattern *m, const char *family)
{
    FcChar8 *s;
    for (int i = 0; m && FcPatternGetString(m, FC_FAMILY, i, &s) == FcResultMatch; i++)
        if (q_same_family((const char *)s, family))
            return (const char *)s;
    return NULL;
}

static void add_req(q_fonts *fs, const char *family, int bold, int italic, q_face *f)
{
    if (fs->nreqs == fs->capreqs) {
        fs->capreqs = fs->capreqs ? fs->capreqs * 2 : 8;
        fs->reqs = q_xrealloc(fs->reqs, sizeof *fs->reqs * (size_t)fs->capreqs);
    }
    fs->reqs[fs->nreqs++] = (struct q_req){ q_xstrdup(family), bold, italic, f };
}

/* The map's face for the request, or NULL (no such family in the map, or
 * its file is gone: fontconfig may still know the family). */
static q_face *find_mapped(q_fonts *fs, const char *family, int bold, int italic)
{
    const q_mapped *m = q_fontmap_find(family, bold, italic);
    if (!m)
        return NULL;
    int before = fs->nfaces;
    char err[256];
    q_face *f = open_face(fs, m->path, 0, m->family, m->path, err, sizeof err);
    if (f && fs->nfaces > before && !f->checked) {
        f->checked = 1;   /* once per face, also when a pool keeps it */
        char sha[65];
        if (q_fontmap_differs(m, sha))
            f->warning = q_asprintf("font file '%s' differs from quire's font map (SHA-256 %.16s..., "
                                    "the map pins %.16s...): this PDF may differ from other machines' renders",
                                    m->path, sha, m->expected);
    }
    return f;
}

static void suggest_fc_families(q_suggest *sg)
{
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
    FcFontSet *set = pat && os ? FcFontList(NULL, pat, os) : NULL;
    FcChar8 *s;
    for (int i = 0; set && i < set->nfont; i++)
        for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &s) == FcResultMatch; k++)
            q_suggest_add(sg, (const char *)s);
    if (set)
        FcFontSetDestroy(set);
    FcPatternDestroy(pat);
    FcObjectSetDestroy(os);
}

/* Names the closest family quire could use: fontconfig's own fallback
 * would depend on what the machine has installed. */
static void not_found(const char *family, char *err, size_t errsz)
{
    q_suggest sg;
    q_suggest_init(&sg, family);
    for (size_t i = 0; i < q_fontmap_count(); i++)
        q_suggest_add(&sg, q_fontmap_get(i)->family);
    suggest_fc_families(&sg);
    const char *best = q_suggest_best(&sg);
    if (best)
        q_seterr(err, errsz, "font family '%s' not found; did you mean '%s'? (`quire fonts` lists them all)",
                 family, best);
    else
        q_seterr(err, errsz, "font family '%s' not found (`quire fonts` lists the families quire can use)",
                 family);
}

/* fontconfig's face for the request. NULL with *missing set when the
 * family does not exist; NULL with err alone when it exists but cannot be
 * used. */
static q_face *find_fontconfig(q_fonts *fs, const char *family, int bold, int italic, int *missing,
                               char *err, size_t errsz)
{
    pthread_once(&light_once, make_light_config);
    FcPattern *m = light_config ? fc_list_best(light_config, family, bold, italic) : NULL;
    const char *hit = family_hit(m, family);
    if (!hit) {
        FcPatternDestroy(m);
        FcInit();
        m = fc_match(NULL, family, bold, italic, 1);
        hit = family_hit(m, family);
    }
    if (!hit) {
        /* Either the family does not exist, or it exists only as CFF/OTF
         * (the TrueType preference outranks the family in fontconfig's
         * scoring). Ask again without it to tell which. */
        FcPatternDestroy(m);
        m = fc_match(NULL, family, bold, italic, 0);
        FcChar8 *file = NULL;
        if (family_hit(m, family) && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
            q_seterr(err, errsz, "font family '%s' (%s) is not a TrueType (glyf) font",
                     family, (const char *)file);
        else
            *missing = 1;
        FcPatternDestroy(m);
        return NULL;
    }
    FcChar8 *file = NULL;
    int index = 0;
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
        q_seterr(err, errsz, "font family '%s': fontconfig gave no file", family);
        FcPatternDestroy(m);
        return NULL;
    }
    FcPatternGetInteger(m, FC_INDEX, 0, &index);
    /* A missing bold/italic face comes back as the regular file (fontconfig
     * may mark it for synthesis): we accept the regular outlines. */
    q_face *f = open_face(fs, (const char *)file, index, hit, (const char *)file, err, errsz);
    FcPatternDestroy(m);
    return f;
}

/* The map first (the same PDF on every machine), then fontconfig, then the
 * map's stand-in for a family templates often name (Arial, Times). */
void q_fonts_declare(q_fonts *fs, const char *family, int bold, int italic, q_face *f)
{
    for (int i = 0; i < fs->nreqs; i++)
        if (fs->reqs[i].bold == !!bold && fs->reqs[i].italic == !!italic && q_same_family(fs->reqs[i].family, family))
            return;
    add_req(fs, family, !!bold, !!italic, f);
}

q_face *q_fonts_find(q_fonts *fs, const char *family, int bold, int italic,
                     char *err, size_t errsz)
{
    bold = !!bold;
    italic = !!italic;
    for (int i = 0; i < fs->nreqs; i++)
        if (fs->reqs[i].bold == bold && fs->reqs[i].italic == italic &&
            q_same_family(fs->reqs[i].family, family))
            return fs->reqs[i].face;

    int missing = 0;
    q_face *f = find_mapped(fs, family, bold, italic);
    if (!f)
        f = find_fontconfig(fs, family, bold, italic, &missing, err, errsz);
    if (!f && missing) {
        const char *alias = q_fontmap_alias(family);
        f = alias ? find_mapped(fs, alias, bold, italic) : NULL;
        if (!f)
            not_found(family, err, errsz);
    }
    if (f)
        add_req(fs, family, bold, italic, f);
    return f;
}

const char *q_face_warning(const q_face *f)
{
    return f->warning;
}

static int measure(q_face *f, uint32_t cp, uint32_t *gid_out)
{
    FT_UInt gid = FT_Get_Char_Index(f->ft, cp);
    *gid_out = gid;
    if (!gid)
        return f->notdef_width;
    FT_Fixed adv = 0;
    /* NO_SCALE: the advance is the raw hmtx value in font units. */
    if (FT_Get_Advance(f->ft, gid, FT_LOAD_NO_SCALE, &adv))
        return f->notdef_width;
    return (int)((long)adv * 1000 / f->upem);
}

int q_face_advance(q_face *f, uint32_t cp)
{
    uint32_t gid;
    if (cp < Q_FACE_LO_MAX) {
        if (!f->lo) {
            /* Widths, then glyph ids, in one block. */
            f->lo = q_xmalloc(2 * sizeof *f->lo * Q_FACE_LO_MAX);
            memset(f->lo, 0xFF, sizeof *f->lo * Q_FACE_LO_MAX);   /* Q_WIDTH_UNSET */
        }
        if (f->lo[cp] == Q_WIDTH_UNSET) {
            int w = measure(f, cp, &gid);
            if (w < 0 || w >= (int)Q_WIDTH_UNSET)   /* cannot cache; still exact */
                return w;
            f->lo[cp] = (uint16_t)w;
            f->lo[Q_FACE_LO_MAX + cp] = (uint16_t)gid;   /* TrueType ids fit 16 bits */
        }
        return f->lo[cp];
    }
    unsigned slot = (cp * 2654435761u) >> 24;   /* Fibonacci hash, 8 bits */
    if (f->hi[slot].cp != cp) {
        f->hi[slot].cp = cp;
        f->hi[slot].width = measure(f, cp, &gid);
        f->hi[slot].gid = gid;
    }
    return f->hi[slot].width;
}

uint32_t q_face_glyph(q_face *f, uint32_t cp, int *advance)
{
    *advance = q_face_advance(f, cp);
    if (cp < Q_FACE_LO_MAX && f->lo[cp] != Q_WIDTH_UNSET)
        return f->lo[Q_FACE_LO_MAX + cp];
    unsigned slot = (cp * 2654435761u) >> 24;
    if (cp >= Q_FACE_LO_MAX && f->hi[slot].cp == cp)
        return f->hi[slot].gid;
    return FT_Get_Char_Index(f->ft, cp);
}

double q_face_text_width(q_face *f, const char *utf8, size_t len, double size)
{
    return (double)q_face_shape_width(f, utf8, len) * size / 1000.0;
}

int q_face_has_glyph(q_face *f, uint32_t cp)
{
    return FT_Get_Char_Index(f->ft, cp) != 0;
}

int q_face_ascender(q_face *f) { return f->ascender; }
int q_face_descender(q_face *f) { return f->descender; }
int q_face_cap_height(q_face *f) { return f->cap_height; }
const char *q_face_path(const q_face *f) { return f->path; }
int q_face_index(const q_face *f) { return f->index; }
const char *q_face_family(const q_face *f) { return f->family; }
int q_face_id(const q_face *f) { return f->id; }
int q_fonts_count(const q_fonts *fs) { return fs->nfaces; }

q_face *q_fonts_get(q_fonts *fs, int id)
{
    return id >= 0 && id < fs->nfaces ? fs->faces[id] : NULL;
}

/* ---- `quire fonts` ---- */

struct listing { char *family, *style, *file; };

static int listing_cmp(const void *a, const void *b)
{
    const struct listing *x = a, *y = b;
    int c = strcasecmp(x->family, y->family);
    if (!c) c = strcasecmp(x->style, y->style);
    if (!c) c = strcmp(x->file, y->file);
    return c;
}

/* The English name when the font has several localized ones. */
static const char *english(FcPattern *p, const char *obj, const char *langobj)
{
    FcChar8 *s = NULL, *lang = NULL, *first = NULL;
    for (int i = 0; FcPatternGetString(p, obj, i, &s) == FcResultMatch; i++) {
        if (!first)
            first = s;
        if (FcPatternGetString(p, langobj, i, &lang) == FcResultMatch &&
            strcmp((const char *)lang, "en") == 0)
            return (const char *)s;
    }
    return (const char *)first;
}

int q_fonts_list(FILE *out)
{
    FcInit();
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FAMILYLANG, FC_STYLE, FC_STYLELANG,
                                       FC_FILE, (char *)NULL);
    FcFontSet *set = FcFontList(NULL, pat, os);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    if (!set)
        return 0;

    size_t nmap = q_fontmap_count();
    struct listing *v = q_xcalloc((size_t)set->nfont + nmap + 1, sizeof *v);
    size_t n = 0;
    /* The map's faces are the ones used for its families, whatever else
     * fontconfig finds under the same name. */
    static const char *const styles[] = {"Regular", "Bold", "Italic", "Bold Italic"};
    for (size_t i = 0; i < nmap; i++) {
        const q_mapped *m = q_fontmap_get(i);
        v[n++] = (struct listing){ q_xstrdup(m->family), q_xstrdup(styles[m->bold + 2 * m->italic]),
                                   q_xstrdup(m->path) };
    }
    for (int i = 0; i < set->nfont; i++) {
        const char *fam = english(set->fonts[i], FC_FAMILY, FC_FAMILYLANG);
        const char *sty = english(set->fonts[i], FC_STYLE, FC_STYLELANG);
        FcChar8 *file = NULL;
        if (!fam || FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        if (q_fontmap_find(fam, 0, 0))
            continue;
        v[n++] = (struct listing){ q_xstrdup(fam), q_xstrdup(sty ? sty : ""),
                                   q_xstrdup((const char *)file) };
    }
    FcFontSetDestroy(set);
    qsort(v, n, sizeof *v, listing_cmp);

    int count = 0;
    for (size_t i = 0; i < n; i++) {
        /* One line per family + style: the same font installed twice (or a
         * variable font's instances) shows once, first file in sort order. */
        if (i > 0 && strcasecmp(v[i].family, v[i - 1].family) == 0 &&
            strcasecmp(v[i].style, v[i - 1].style) == 0)
            continue;
        if (out)
            fprintf(out, "%s\t%s\t%s\n", v[i].family, v[i].style, v[i].file);
        count++;
    }
    for (size_t i = 0; i < n; i++) {
        free(v[i].family);
        free(v[i].style);
        free(v[i].file);
    }
    free(v);
    return count;
}
