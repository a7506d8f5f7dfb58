/* Manifest lines (SPEC §8 "Batch"): one JSON object per report. */
#include "batch/internal.h"
#include <glib.h>
#include <stdio.h>
#include <string.h>

static void json_string(q_buf *out, const char *s)
{
    if (!s) {
        q_buf_puts(out, "null");
        return;
    }
    q_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            q_buf_printf(out, "\\%c", *p);
        else if (*p == '\n')
            q_buf_puts(out, "\\n");
        else if (*p == '\t')
            q_buf_puts(out, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            q_buf_printf(out, "\\u%04x", *p);
        else
            q_buf_putc(out, (char)*p);
    }
    q_buf_putc(out, '"');
}

void q_batch_json_line(const q_batch_entry *e, q_buf *out)
{
    q_buf_printf(out, "{\"row\":%zu,\"output\":", e->row);
    json_string(out, e->output);
    q_buf_puts(out, ",\"params\":{");
    for (size_t i = 0; i < e->nparams; i++) {
        if (i)
            q_buf_putc(out, ',');
        json_string(out, e->params[i].name);
        q_buf_putc(out, ':');
        json_string(out, e->params[i].value);
    }
    q_buf_puts(out, "},\"pages\":");
    if (e->pages >= 0)
        q_buf_printf(out, "%d", e->pages);
    else
        q_buf_puts(out, "null");
    q_buf_puts(out, ",\"bytes\":");
    if (e->bytes >= 0)
        q_buf_printf(out, "%lld", e->bytes);
    else
        q_buf_puts(out, "null");
    q_buf_puts(out, ",\"sha256\":");
    json_string(out, e->sha256);
    q_buf_printf(out, ",\"ms\":%.1f,\"status\":", e->ms);
    json_string(out, e->status);
    q_buf_puts(out, ",\"error\":");
    json_string(out, e->error);
    q_buf_puts(out, "}\n");
}

/* GLib's GChecksum: already loaded (HarfBuzz needs GLib; the font map
 * hashes with it too). */
void q_batch_sha256(const void *data, size_t n, char hex[65])
{
    gchar *s = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, n);
    snprintf(hex, 65, "%s", s ? s : "");
    g_free(s);
}

int q_batch_sha256_file(const char *path, char hex[65], long long *bytes)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char chunk[65536];
    size_t n;
    *bytes = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        g_checksum_update(c, chunk, (gssize)n);
        *bytes += (long long)n;
    }
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    snprintf(hex, 65, "%s", g_checksum_get_string(c));
    g_checksum_free(c);
    return rc;
}
