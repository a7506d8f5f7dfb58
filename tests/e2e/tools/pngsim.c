/* pngsim A.png B.png BLOCK THRESHOLD MAXSHARE: are two renderings of a
 * page alike? Both are averaged over BLOCK×BLOCK squares (anti-aliasing of
 * two rasterisers differs at every glyph edge; a moved or missing line of
 * text does not average away), then a square differs when a channel is
 * more than THRESHOLD (of 255) apart. Prints the share of squares that
 * differ; exit 0 when it is at most MAXSHARE, 1 when above, 2 on error. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned char *load(const char *path, int *w, int *h)
{
    png_image im = {0};
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path))
        return NULL;
    im.format = PNG_FORMAT_RGB;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
    if (!px || !png_image_finish_read(&im, NULL, px, 0, NULL)) {
        free(px);
        return NULL;
    }
    *w = (int)im.width;
    *h = (int)im.height;
    return px;
}

int main(int argc, char **argv)
{
    if (argc != 6)
        return fprintf(stderr, "usage: pngsim A.png B.png BLOCK THRESHOLD MAXSHARE\n"), 2;
    int wa, ha, wb, hb, block = atoi(argv[3]);
    double thr = atof(argv[4]), max = atof(argv[5]);
    unsigned char *a = load(argv[1], &wa, &ha), *b = load(argv[2], &wb, &hb);
    if (!a || !b || block < 1)
        return fprintf(stderr, "pngsim: cannot read %s\n", a ? argv[2] : argv[1]), 2;
    if (wa != wb || ha != hb)
        return printf("sizes differ: %dx%d and %dx%d\n", wa, ha, wb, hb), 1;
    long n = 0, diff = 0;
    for (int by = 0; by + block <= ha; by += block)
        for (int bx = 0; bx + block <= wa; bx += block) {
            double sa[3] = {0}, sb[3] = {0};
            for (int y = by; y < by + block; y++)
                for (int x = bx; x < bx + block; x++)
                    for (int c = 0; c < 3; c++) {
                        sa[c] += a[((long)y * wa + x) * 3 + c];
                        sb[c] += b[((long)y * wa + x) * 3 + c];
                    }
            int d = 0;
            for (int c = 0; c < 3; c++)
                d |= (sa[c] - sb[c]) / (block * block) > thr || (sb[c] - sa[c]) / (block * block) > thr;
            diff += d;
            n++;
        }
    double share = n ? (double)diff / n : 0;
    printf("%.5f\n", share);
    free(a);
    free(b);
    return share <= max ? 0 : 1;
}
