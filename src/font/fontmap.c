/* The font map: see fontmap.h. */
#include "font/fontmap.h"
#include "util/buf.h"
#include "util/fsutil.h"

#include <glib.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef QUIRE_DATADIR
#define QUIRE_DATADIR "/usr/local/share/quire"
#endif

typedef struct alias { char *name, *target; } alias;

/* Filled once by load(), then only read. */
static struct {
    char *dir;
    q_mapped *v;
    size_t n;
    alias *aliases;
    size_t naliases;
} map;
static pthread_once_t map_once = PTHREAD_ONCE_INIT;

int q_same_family(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y)
            return 0;
        if (!x)
            return 1;
        a++, b++;
    }
}

/* Splits line at tabs into at most max fields (in place); returns the count. */
static int fields(char *line, char **f, int max)
{
    line[strcspn(line, "\r\n")] = 0;
    int n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = 0;
        p = tab + 1;
    }
    return n;
}

static int has_map(const char *dir)
{
    char *p = q_asprintf("%s/map.tsv", dir);
    int ok = access(p, R_OK) == 0;
    free(p);
    return ok;
}

static char *find_dir(void)
{
    const char *env = getenv("QUIRE_FONT_DIR");
    if (env && *env)
        return has_map(env) ? q_xstrdup(env) : NULL;
    char exe[PATH_MAX];
    if (q_exe_dir(exe, sizeof exe) == 0) {
        static const char *const rel[] = {"/fonts", "/../fonts", "/../share/quire/fonts"};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            char *d = q_asprintf("%s%s", exe, rel[i]);
            char *real = has_map(d) ? realpath(d, NULL) : NULL;
            free(d);
            if (real)
                return real;
        }
    }
    return has_map(QUIRE_DATADIR "/fonts") ? q_xstrdup(QUIRE_DATADIR "/fonts") : NULL;
}

static void read_map(FILE *f)
{
    char line[1024];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        char *v[8];
        if (line[0] == '#' || fields(line, v, 8) != 8)
            continue;
        if (map.n == cap) {
            cap = cap ? cap * 2 : 32;
            map.v = q_xrealloc(map.v, cap * sizeof *map.v);
        }
        map.v[map.n++] = (q_mapped){
            q_xstrdup(v[0]), strcmp(v[1], "bold") == 0, strcmp(v[2], "italic") == 0,
            q_asprintf("%s/%s", map.dir, v[3]), q_xstrdup(v[4]), q_xstrdup(v[5]),
            atoll(v[6]), atoll(v[7])};
    }
}

static void read_aliases(FILE *f)
{
    char line[512];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        char *v[2];
        if (line[0] == '#' || fields(line, v, 2) != 2)
            continue;
        if (map.naliases == cap) {
            cap = cap ? cap * 2 : 8;
            map.aliases = q_xrealloc(map.aliases, cap * sizeof *map.aliases);
        }
        map.aliases[map.naliases++] = (alias){q_xstrdup(v[0]), q_xstrdup(v[1])};
    }
}

static void load(void)
{
    map.dir = find_dir();
    if (!map.dir)
        return;
    char *p = q_asprintf("%s/map.tsv", map.dir);
    FILE *f = fopen(p, "r");
    free(p);
    if (f) {
        read_map(f);
        fclose(f);
    }
    p = q_asprintf("%s/aliases.tsv", map.dir);
    f = fopen(p, "r");
    free(p);
    if (f) {
        read_aliases(f);
        fclose(f);
    }
}

const q_mapped *q_fontmap_find(const char *family, int bold, int italic)
{
    pthread_once(&map_once, load);
    const q_mapped *best = NULL;
    int best_cost = 0;
    for (size_t i = 0; i < map.n; i++) {
        const q_mapped *m = &map.v[i];
        if (!q_same_family(m->family, family))
            continue;
        /* Like fontconfig: the slant matters more than the weight, and a
         * family without italics gives its upright face. */
        int cost = 2 * (m->italic != !!italic) + (m->bold != !!bold);
        if (!best || cost < best_cost) {
            best = m;
            best_cost = cost;
        }
    }
    return best;
}

const char *q_fontmap_alias(const char *family)
{
    pthread_once(&map_once, load);
    for (size_t i = 0; i < map.naliases; i++)
        if (q_same_family(map.aliases[i].name, family))
            return map.aliases[i].target;
    return NULL;
}

const char *q_fontmap_dir(void)
{
    pthread_once(&map_once, load);
    return map.dir;
}

size_t q_fontmap_count(void)
{
    pthread_once(&map_once, load);
    return map.n;
}

const q_mapped *q_fontmap_get(size_t i)
{
    pthread_once(&map_once, load);
    return i < map.n ? &map.v[i] : NULL;
}

static int hash_file(const char *path, char sha[65])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        g_checksum_update(c, buf, n);
    int bad = ferror(f);
    fclose(f);
    snprintf(sha, 65, "%s", g_checksum_get_string(c));
    g_checksum_free(c);
    return bad ? -1 : 0;
}

int q_fontmap_differs(const q_mapped *m, char sha[65])
{
    struct stat st;
    if (stat(m->path, &st) == 0 && st.st_size == m->size && (long long)st.st_mtime == m->mtime) {
        snprintf(sha, 65, "%s", m->built);
        return strcmp(m->built, m->expected) != 0;
    }
    if (hash_file(m->path, sha) != 0)
        snprintf(sha, 65, "unreadable");
    return strcmp(sha, m->expected) != 0;
}

void q_fontmap_shutdown(void)
{
    for (size_t i = 0; i < map.n; i++) {
        free(map.v[i].family);
        free(map.v[i].path);
        free(map.v[i].expected);
        free(map.v[i].built);
    }
    for (size_t i = 0; i < map.naliases; i++) {
        free(map.aliases[i].name);
        free(map.aliases[i].target);
    }
    free(map.v);
    free(map.aliases);
    free(map.dir);
    memset(&map, 0, sizeof map);
}
