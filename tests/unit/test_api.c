/* The public API: render in-process, and on several threads at once with
 * identical results (no shared mutable state between renders). */
#include "quire.h"
#include "t.h"
#include <pthread.h>
#include <stdlib.h>

#define BRIEFING "examples/briefing/briefing.xml"

typedef struct job {
    int runs;
    int failures;
    size_t bytes;
    unsigned char *first;
    int mismatches;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int i = 0; i < j->runs; i++) {
        quire_options o = quire_options_default();
        o.template_path = BRIEFING;
        o.date = 1700000000;
        quire_result r;
        if (quire_render(&o, &r) != 0 || !r.pdf) {
            j->failures++;
        } else if (!j->first) {
            j->first = r.pdf;
            j->bytes = r.bytes;
            r.pdf = NULL;
        } else if (r.bytes != j->bytes || memcmp(r.pdf, j->first, r.bytes) != 0) {
            j->mismatches++;
        }
        quire_result_free(&r);
    }
    return NULL;
}

int main(void)
{
    /* One render in-process, into memory. */
    quire_options o = quire_options_default();
    o.template_path = BRIEFING;
    o.date = 1700000000;
    quire_result r;
    T_INTEQ(quire_render(&o, &r), 0);
    T_INTEQ(r.pages, 2);
    T_CHECK(r.pdf && r.bytes > 1000 && memcmp(r.pdf, "%PDF-", 5) == 0);
    T_STREQ(r.messages, "");

    /* Four threads, four renders each: every PDF equals the first. */
    job jobs[4] = {{4, 0, 0, NULL, 0}, {4, 0, 0, NULL, 0}, {4, 0, 0, NULL, 0}, {4, 0, 0, NULL, 0}};
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, worker, &jobs[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
        T_INTEQ(jobs[i].failures, 0);
        T_INTEQ(jobs[i].mismatches, 0);
        T_CHECK(jobs[i].first && jobs[i].bytes == r.bytes && memcmp(jobs[i].first, r.pdf, r.bytes) == 0);
        free(jobs[i].first);
    }
    quire_result_free(&r);

    /* Errors come back as messages with their location and exit code. */
    o.template_path = "tests/e2e/fixtures/small.xml";
    quire_kv bad = {"year", "soon"};
    o.params = &bad;
    o.nparams = 1;
    T_INTEQ(quire_render(&o, &r), 2);
    T_CHECK(strstr(r.messages, "param 'year': 'soon' is not a valid int") != NULL);
    T_CHECK(r.pdf == NULL);
    quire_result_free(&r);

    /* A different param gives a different document. */
    quire_kv y2014 = {"year", "2014"};
    o.template_path = BRIEFING;
    o.params = &y2014;
    T_INTEQ(quire_render(&o, &r), 0);
    T_CHECK(r.pdf != NULL);
    quire_result_free(&r);
    T_DONE();
}
