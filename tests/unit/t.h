/* A minimal unit-test harness: each check prints on failure; main() returns
 * the failure count and prints "N passed, N failed" for tests/run-unit.sh. */
#ifndef QUIRE_TEST_T_H
#define QUIRE_TEST_T_H
#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define T_CHECK(cond) do { \
    if (cond) t_pass++; \
    else { t_fail++; fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define T_STREQ(got, want) do { \
    const char *g_ = (got), *w_ = (want); \
    if (g_ && w_ && strcmp(g_, w_) == 0) t_pass++; \
    else { t_fail++; fprintf(stderr, "%s:%d: FAIL: got \"%s\", want \"%s\"\n", \
                             __FILE__, __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define T_INTEQ(got, want) do { \
    long long g_ = (long long)(got), w_ = (long long)(want); \
    if (g_ == w_) t_pass++; \
    else { t_fail++; fprintf(stderr, "%s:%d: FAIL: %s = %lld, want %lld\n", \
                             __FILE__, __LINE__, #got, g_, w_); } \
} while (0)

#define T_NEAR(got, want, eps) do { \
    double g_ = (got), w_ = (want); \
    if (fabs(g_ - w_) <= (eps)) t_pass++; \
    else { t_fail++; fprintf(stderr, "%s:%d: FAIL: %s = %g, want %g\n", \
                             __FILE__, __LINE__, #got, g_, w_); } \
} while (0)

#define T_DONE() do { \
    printf("%s: %d passed, %d failed\n", __FILE__, t_pass, t_fail); \
    return t_fail ? 1 : 0; \
} while (0)

#endif
