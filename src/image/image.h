/* Images: PNG and JPEG decoded by quire itself (libpng, libjpeg with error
 * handlers that return), never by libharu, whose decoders abort the process
 * on a corrupt file (shared/notes/libharu-cairo.md). */
#ifndef QUIRE_IMAGE_IMAGE_H
#define QUIRE_IMAGE_IMAGE_H
#include <stddef.h>
#include "util/fsutil.h"

typedef struct q_image {
    int w, h;
    int channels;            /* 1 gray or 3 RGB, 8 bits each */
    unsigned char *pixels;   /* w * h * channels, rows top to bottom */
    unsigned char *alpha;    /* w * h, or NULL when opaque */
} q_image;

#define Q_IMAGE_MAX_SIDE 20000
#define Q_IMAGE_MAX_PIXELS (64u << 20)

/* Decodes a PNG or JPEG file (told apart by content, not name). Returns 0,
 * or -1 with a reason in err. */
int q_image_load(const char *path, q_image *img, char *err, size_t errsz);
/* The same, opened as in says (NULL: regular files up to 1 GiB). */
int q_image_load_in(const char *path, const q_input *in, q_image *img, char *err, size_t errsz);
void q_image_free(q_image *img);

#endif
