/* Private to hyphen.c and the built-in table scripts/hyphgen.c writes. */
#ifndef QUIRE_LAYOUT_HYPHEN_IMPL_H
#define QUIRE_LAYOUT_HYPHEN_IMPL_H
#include <stddef.h>
#include <stdint.h>

/* One pattern: FNV-1a hash of its letters, and where they are: arena
 * offset << 10 | byte length << 5 | characters; its nch + 1 digits follow
 * the letters. ref 0 is an empty slot (offset 0 is never used). */
typedef struct hy_slot {
    uint32_t hash;
    uint32_t ref;
} hy_slot;

#define HY_OFF(ref)  ((ref) >> 10)
#define HY_KLEN(ref) (((ref) >> 5) & 31u)
#define HY_NCH(ref)  ((ref) & 31u)
#define HY_MAXOFF    ((1u << 22) - 1)

struct q_hyph {
    const hy_slot *t;
    size_t mask;            /* capacity - 1, a power of two */
    const char *arena;
    int maxch;              /* longest pattern, in characters */
    int left, right;        /* the file's hyphenmins, at least Q_HYPH_LEFT/RIGHT */
    int owned;              /* 0: the built-in table, never freed */
};

#endif
