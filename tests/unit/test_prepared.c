/* Prepare once, render many (quire_prepare, quire_render_prepared): the
 * same bytes as quire_render, from several threads sharing one prepared
 * template, and the errors of a render. */
#include "quire.h"
#include "t.h"
#include <pthread.h>
#include <stdlib.h>

#define BRIEFING "examples/briefing/briefing.xml"

static const char *const years[] = {"2009", "2010", "2011", "2012", "2013", "2014", "2015", "2016"};

typedef struct job {
    const quire_prepared *p;
    int cached;
    unsigned char *pdf[8];
    size_t bytes[8];
    int failures;
} job;

static quire_options for_year(const char *year, quire_kv *kv)
{
    quire_options o = quire_options_default();
    o.template_path = BRIEFING;
    o.date = 1700000000;
    *kv = (quire_kv){"year", year};
    o.params = kv;
    o.nparams = 1;
    return o;
}

static void *worker(void *arg)
{
    job *j = arg;
    quire_cache *c = j->cached ? quire_cache_new() : NULL;
    for (int i = 0; i < 8; i++) {
        quire_kv kv;
        quire_options o = for_year(years[(i * 3) % 8], &kv);   /* each thread in its own order */
        quire_result r;
        if (quire_render_prepared(j->p, c, &o, &r) != 0 || !r.pdf) {
            j->failures++;
        } else {
            j->pdf[(i * 3) % 8] = r.pdf;
            j->bytes[(i * 3) % 8] = r.bytes;
            r.pdf = NULL;
        }
        quire_result_free(&r);
    }
    quire_cache_free(c);
    return NULL;
}

int main(void)
{
    quire_options o = quire_options_default();
    o.template_path = BRIEFING;
    quire_prepared *p = NULL;
    quire_result r;
    T_INTEQ(quire_prepare(&o, &p, &r), 0);
    T_CHECK(p != NULL);
    T_STREQ(r.messages, "");
    quire_result_free(&r);

    /* What quire_render gives for each year. */
    unsigned char *want[8];
    size_t want_n[8];
    for (int i = 0; i < 8; i++) {
        quire_kv kv;
        quire_options one = for_year(years[i], &kv);
        T_INTEQ(quire_render(&one, &r), 0);
        want[i] = r.pdf;
        want_n[i] = r.bytes;
        r.pdf = NULL;
        quire_result_free(&r);
    }

    /* Four threads on one prepared template, each year in another order;
     * two of them keep their faces from report to report. */
    job jobs[4];
    pthread_t th[4];
    for (int t = 0; t < 4; t++) {
        memset(&jobs[t], 0, sizeof jobs[t]);
        jobs[t].p = p;
        jobs[t].cached = t % 2;
        pthread_create(&th[t], NULL, worker, &jobs[t]);
    }
    for (int t = 0; t < 4; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t < 4; t++) {
        T_INTEQ(jobs[t].failures, 0);
        for (int i = 0; i < 8; i++) {
            T_CHECK(jobs[t].pdf[i] && jobs[t].bytes[i] == want_n[i] &&
                    memcmp(jobs[t].pdf[i], want[i], want_n[i]) == 0);
            free(jobs[t].pdf[i]);
        }
    }
    /* Different params, different documents (the copy is not shared state). */
    T_CHECK(want_n[0] != want_n[4] || memcmp(want[0], want[4], want_n[0]) != 0);
    for (int i = 0; i < 8; i++)
        free(want[i]);

    /* A report's errors are its own: a bad param fails that render only. */
    quire_kv bad;
    quire_options b = for_year("soon", &bad);
    T_INTEQ(quire_render_prepared(p, NULL, &b, &r), 2);
    T_CHECK(strstr(r.messages, "param 'year': 'soon' is not a valid int") != NULL);
    T_CHECK(r.pdf == NULL);
    quire_result_free(&r);
    quire_kv good;
    quire_options g = for_year("2013", &good);
    T_INTEQ(quire_render_prepared(p, NULL, &g, &r), 0);
    T_INTEQ(r.pages, 2);
    quire_result_free(&r);
    quire_prepared_free(p);

    /* Preparing fails as a render would: a missing template, a missing dataset. */
    o.template_path = "tests/e2e/fixtures/none.xml";
    T_INTEQ(quire_prepare(&o, &p, &r), 2);
    T_CHECK(p == NULL && strstr(r.messages, "none.xml") != NULL);
    quire_result_free(&r);
    o.template_path = BRIEFING;
    quire_kv missing = {"removals", "tests/e2e/fixtures/no-such.csv"};
    o.datasets = &missing;
    o.ndatasets = 1;
    T_INTEQ(quire_prepare(&o, &p, &r), 1);
    T_CHECK(p == NULL && strstr(r.messages, "no-such.csv") != NULL);
    quire_result_free(&r);
    T_DONE();
}
