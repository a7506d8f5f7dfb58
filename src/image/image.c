#include "image/image.h"
#include "util/buf.h"
#include <errno.h>
#include <stdio.h>   /* before jpeglib.h, which uses FILE */
#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int too_big(long w, long h, char *err, size_t errsz)
{
    if (w <= 0 || h <= 0 || w > Q_IMAGE_MAX_SIDE || h > Q_IMAGE_MAX_SIDE ||
        (unsigned long)w * (unsigned long)h > Q_IMAGE_MAX_PIXELS) {
        snprintf(err, errsz, "image is %ld x %ld pixels (at most %d per side and %u million in all)",
                 w, h, Q_IMAGE_MAX_SIDE, Q_IMAGE_MAX_PIXELS >> 20);
        return 1;
    }
    return 0;
}

typedef struct png_ctx {
    jmp_buf jmp;
    char msg[200];
} png_ctx;

static void png_fail(png_structp png, png_const_charp msg)
{
    png_ctx *c = png_get_error_ptr(png);
    snprintf(c->msg, sizeof c->msg, "%s", msg);
    longjmp(c->jmp, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static int load_png(FILE *f, q_image *img, char *err, size_t errsz)
{
    png_ctx c = {.msg = ""};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &c, png_fail, png_warn);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    /* Volatile: changed between setjmp and a possible longjmp. */
    unsigned char *volatile rgb = NULL;
    unsigned char *volatile raw = NULL;
    png_bytep *volatile rows = NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(err, errsz, "out of memory reading PNG");
        return -1;
    }
    if (setjmp(c.jmp)) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rgb);
        free(raw);
        free(rows);
        snprintf(err, errsz, "not a readable PNG: %s", c.msg[0] ? c.msg : "corrupt data");
        return -1;
    }
    png_init_io(png, f);
    png_set_user_limits(png, Q_IMAGE_MAX_SIDE, Q_IMAGE_MAX_SIDE);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (too_big((long)w, (long)h, err, errsz)) {
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    /* Everything becomes 8-bit gray or RGB, each with or without alpha. */
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int ch = png_get_channels(png, info);
    int has_alpha = ch == 2 || ch == 4;
    int color = has_alpha ? ch - 1 : ch;
    size_t stride = png_get_rowbytes(png, info);
    raw = q_xmalloc(stride * h);
    rows = q_xmalloc(h * sizeof *rows);
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = raw + y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    img->w = (int)w;
    img->h = (int)h;
    img->channels = color;
    img->pixels = q_xmalloc((size_t)w * h * (size_t)color);
    img->alpha = has_alpha ? q_xmalloc((size_t)w * h) : NULL;
    int opaque = 1;
    for (png_uint_32 y = 0; y < h; y++)
        for (png_uint_32 x = 0; x < w; x++) {
            const unsigned char *px = raw + y * stride + x * (size_t)ch;
            memcpy(img->pixels + ((size_t)y * w + x) * (size_t)color, px, (size_t)color);
            if (has_alpha) {
                img->alpha[(size_t)y * w + x] = px[color];
                opaque &= px[color] == 255;
            }
        }
    if (has_alpha && opaque) {  /* an alpha channel that is all 255 adds nothing */
        free(img->alpha);
        img->alpha = NULL;
    }
    free(raw);
    free(rows);
    return 0;
}

typedef struct jpeg_ctx {
    struct jpeg_error_mgr mgr;
    jmp_buf jmp;
    char msg[JMSG_LENGTH_MAX];
} jpeg_ctx;

static void jpeg_fail(j_common_ptr cinfo)
{
    jpeg_ctx *c = (jpeg_ctx *)cinfo->err;
    c->mgr.format_message(cinfo, c->msg);
    longjmp(c->jmp, 1);
}

/* libjpeg pads a truncated file with an EOI and only warns: treat the
 * warning as the error it is, or a cut-off photo renders half grey. */
static void jpeg_warn(j_common_ptr cinfo, int level)
{
    if (level < 0)
        jpeg_fail(cinfo);
}

static int load_jpeg(FILE *f, q_image *img, char *err, size_t errsz)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_ctx c;
    memset(&c, 0, sizeof c);
    cinfo.err = jpeg_std_error(&c.mgr);
    c.mgr.error_exit = jpeg_fail;
    c.mgr.emit_message = jpeg_warn;
    unsigned char *volatile pixels = NULL;
    if (setjmp(c.jmp)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        snprintf(err, errsz, "not a readable JPEG: %s", c.msg);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    if (too_big((long)cinfo.image_width, (long)cinfo.image_height, err, errsz)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&cinfo);
    int ch = cinfo.output_components;
    size_t stride = (size_t)cinfo.output_width * (size_t)ch;
    pixels = q_xmalloc(stride * cinfo.output_height);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + stride * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    if (cmyk) {
        /* Print-ready CMYK photos: a plain conversion to RGB, enough for a
         * report on screen and paper. Adobe's files store inverted ink. */
        int inverted = cinfo.saw_Adobe_marker;
        size_t n = (size_t)cinfo.output_width * cinfo.output_height;
        for (size_t i = 0; i < n; i++) {
            unsigned char *px = pixels + i * 4;
            unsigned k = inverted ? px[3] : 255u - px[3];
            for (int j = 0; j < 3; j++) {
                unsigned v = inverted ? px[j] : 255u - px[j];
                pixels[i * 3 + (size_t)j] = (unsigned char)(v * k / 255u);
            }
        }
        ch = 3;
    }
    img->w = (int)cinfo.output_width;
    img->h = (int)cinfo.output_height;
    img->channels = ch;
    img->pixels = pixels;
    img->alpha = NULL;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int q_image_load(const char *path, q_image *img, char *err, size_t errsz)
{
    return q_image_load_in(path, NULL, img, err, errsz);
}

int q_image_load_in(const char *path, const q_input *in, q_image *img, char *err, size_t errsz)
{
    memset(img, 0, sizeof *img);
    char eb[200];
    int fd = q_open_input(path, in, eb, sizeof eb);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        snprintf(err, errsz, "%s", fd >= 0 ? "cannot open image" : eb);
        return -1;
    }
    unsigned char sig[8] = {0};
    size_t n = fread(sig, 1, sizeof sig, f);
    rewind(f);
    int rc;
    if (n == 8 && png_sig_cmp(sig, 0, 8) == 0)
        rc = load_png(f, img, err, errsz);
    else if (n >= 3 && sig[0] == 0xFF && sig[1] == 0xD8 && sig[2] == 0xFF)
        rc = load_jpeg(f, img, err, errsz);
    else {
        snprintf(err, errsz, "not a PNG or JPEG image");
        rc = -1;
    }
    fclose(f);
    if (rc != 0)
        q_image_free(img);
    return rc;
}

void q_image_free(q_image *img)
{
    free(img->pixels);
    free(img->alpha);
    memset(img, 0, sizeof *img);
}
