/* libFuzzer: quire's PNG and JPEG decoding (libpng and libjpeg behind
 * error handlers that return) on arbitrary bytes. */
#include "image/image.h"
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/quire-fuzz-image-%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    q_image img;
    char err[256];
    if (q_image_load(path, &img, err, sizeof err) == 0)
        q_image_free(&img);
    unlink(path);
    return 0;
}
