/* Out of memory inside a render: an error (exit 1), never abort() in the
 * program that embeds libquire (SPEC §6).
 *
 * q_xmalloc and friends cannot return NULL to their many callers, so a
 * render arms a guard: a failed allocation first asks the host's hook
 * (quire_options.on_oom, which may free something and ask for a retry),
 * then jumps back to the render's entry, which reports the failure. The
 * guard is thread-local, not global: each thread runs its own render.
 * What the render held when it jumped is not freed (it cannot be walked
 * safely from there); the CLI exits right after. */
#ifndef QUIRE_UTIL_MEM_H
#define QUIRE_UTIL_MEM_H
#include <setjmp.h>
#include <stddef.h>

typedef struct q_oom_guard {
    jmp_buf jmp;
    int (*hook)(size_t size, void *arg);   /* nonzero: try again */
    void *arg;
    size_t failed_size;                    /* the request that failed */
    struct q_oom_guard *prev;
} q_oom_guard;

/* Arms g on this thread (call, then setjmp(g->jmp)); disarm when done. */
void q_oom_arm(q_oom_guard *g);
void q_oom_disarm(q_oom_guard *g);

/* Called by the allocators on failure: returns to retry, or does not
 * return. Without a guard (outside a render) it prints and aborts. */
void q_oom(size_t size);

#endif
