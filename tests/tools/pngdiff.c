/* pngdiff: compares a rendered page with its golden reference.
 *
 *   pngdiff [-t THRESHOLD] [-m MAX_SHARE] REFERENCE.png ACTUAL.png [DIFF.png]
 *
 * A pixel differs when any channel (R, G, B, alpha) differs by more than
 * THRESHOLD (0-255, default 4). Prints "share S (N of M pixels)" and exits
 * 0 when S <= MAX_SHARE (default 0.0002), 1 when above (then DIFF.png, if
 * given, shows the actual page faded with the differing pixels in red),
 * 2 when an image cannot be read or the sizes differ. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load(const char *path, png_image *im, png_bytep *px)
{
    memset(im, 0, sizeof *im);
    im->version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(im, path)) {
        fprintf(stderr, "pngdiff: %s: %s\n", path, im->message);
        return -1;
    }
    im->format = PNG_FORMAT_RGBA;   /* grey and palette pages compare as colour */
    *px = malloc(PNG_IMAGE_SIZE(*im));
    if (!*px || !png_image_finish_read(im, NULL, *px, 0, NULL)) {
        fprintf(stderr, "pngdiff: %s: %s\n", path, *px ? im->message : "out of memory");
        png_image_free(im);
        free(*px);
        *px = NULL;
        return -1;
    }
    return 0;
}

static int channel_diff(const png_byte *a, const png_byte *b)
{
    int most = 0;
    for (int c = 0; c < 4; c++) {
        int d = abs((int)a[c] - (int)b[c]);
        if (d > most)
            most = d;
    }
    return most;
}

int main(int argc, char **argv)
{
    int threshold = 4;
    double max_share = 0.0002;
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (!strcmp(argv[i], "-t"))
            threshold = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-m"))
            max_share = strtod(argv[i + 1], NULL);
        else
            break;
    }
    if (argc - i < 2 || argc - i > 3) {
        fprintf(stderr, "usage: pngdiff [-t THRESHOLD] [-m MAX_SHARE] REFERENCE.png ACTUAL.png [DIFF.png]\n");
        return 2;
    }
    const char *diff_path = argc - i == 3 ? argv[i + 2] : NULL;
    png_image ref, got;
    png_bytep rp = NULL, gp = NULL;
    if (load(argv[i], &ref, &rp) != 0)
        return 2;
    if (load(argv[i + 1], &got, &gp) != 0) {
        free(rp);
        return 2;
    }
    if (ref.width != got.width || ref.height != got.height) {
        printf("size %ux%u, reference %ux%u\n", got.width, got.height, ref.width, ref.height);
        free(rp);
        free(gp);
        return 2;
    }
    size_t n = (size_t)ref.width * ref.height, bad = 0;
    for (size_t k = 0; k < n; k++)
        if (channel_diff(rp + 4 * k, gp + 4 * k) > threshold)
            bad++;
    double share = n ? (double)bad / (double)n : 0;
    printf("share %.6f (%zu of %zu pixels)\n", share, bad, n);
    int rc = share > max_share;
    if (rc && diff_path) {
        /* Faded page so the red marks stand out where they sit. */
        for (size_t k = 0; k < n; k++) {
            png_bytep p = gp + 4 * k;
            if (channel_diff(rp + 4 * k, p) > threshold) {
                p[0] = 255, p[1] = 0, p[2] = 0;
            } else {
                for (int c = 0; c < 3; c++)
                    p[c] = (png_byte)(255 - (255 - p[c]) / 4);
            }
            p[3] = 255;
        }
        if (!png_image_write_to_file(&got, diff_path, 0, gp, 0, NULL)) {
            fprintf(stderr, "pngdiff: %s: %s\n", diff_path, got.message);
            rc = 2;
        }
    }
    free(rp);
    free(gp);
    return rc;
}
