/* In-process renders through include/quire.h, as a batch will run them:
 * ms per report on one thread, and reports per second on N threads.
 * usage: build/bench-inproc TEMPLATE [RENDERS] [THREADS] */
#include "quire.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct job {
    const char *tpl;
    int renders, failed;
} job;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *work(void *arg)
{
    job *j = arg;
    for (int i = 0; i < j->renders; i++) {
        quire_options o = quire_options_default();
        o.template_path = j->tpl;
        o.date = 1700000000;
        quire_result r;
        if (quire_render(&o, &r) != 0)
            j->failed++;
        quire_result_free(&r);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s TEMPLATE [RENDERS] [THREADS]\n", argv[0]);
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 200, threads = argc > 3 ? atoi(argv[3]) : 2;
    job warm = {argv[1], 5, 0};
    work(&warm);
    job one = {argv[1], n, 0};
    double t0 = now();
    work(&one);
    double single = (now() - t0) * 1000 / n;
    job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    t0 = now();
    for (int i = 0; i < threads; i++) {
        jobs[i] = (job){argv[1], n / threads, 0};
        pthread_create(&th[i], NULL, work, &jobs[i]);
    }
    int failed = one.failed + warm.failed;
    for (int i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        failed += jobs[i].failed;
    }
    double secs = now() - t0;
    printf("in-process: %.2f ms per report on one thread (%d renders)\n", single, n);
    printf("in-process: %.1f reports/s on %d threads (%d renders)\n", (n / threads) * threads / secs, threads,
           (n / threads) * threads);
    free(jobs);
    free(th);
    return failed ? 1 : 0;
}
