/* `quire batch` (SPEC §2 and §8 "Batch"): one report per row of a query,
 * on N threads, from a template and data prepared once. */
#ifndef QUIRE_BATCH_BATCH_H
#define QUIRE_BATCH_BATCH_H
#include <stdio.h>
#include "quire.h"

typedef struct q_batch_opts {
    quire_options render;    /* the template, -p, -d and render's limits */
    const char *each;        /* --each: a <query> name, or read-only SQL */
    const char *pattern;     /* -o: {column} placeholders */
    int jobs;                /* -j; 0: the number of cores */
    int shard_k, shard_n;    /* --shard K/N; 0 and 0: every row */
    const char *manifest;    /* --manifest FILE (JSON Lines, appended), or NULL */
    int keep_going;
    int skip_existing;
    int progress;            /* draw a progress bar on err (a terminal) */
} q_batch_opts;

/* Runs the batch; messages and the summary go to err. Returns the exit
 * status: 0, 1 or 2 (nothing rendered), 3 (a report failed). */
int q_batch_run(const q_batch_opts *o, FILE *err);

/* "K/N" with 1 <= K <= N: 0, or -1. */
int q_batch_parse_shard(const char *s, int *k, int *n);

#endif
