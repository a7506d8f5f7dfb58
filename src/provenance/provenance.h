/* --embed-data: what a render used and computed, as provenance.json
 * (SPEC §8; docs/provenance.md), and `quire verify`. */
#ifndef QUIRE_PROVENANCE_H
#define QUIRE_PROVENANCE_H
#include <stdio.h>
#include <time.h>
#include "data/db.h"
#include "util/buf.h"

typedef struct q_prov q_prov;

q_prov *q_prov_new(void);
void q_prov_free(q_prov *p);
/* Hooks for the data layer: every statement run, its bound values, its
 * result. */
const q_db_recorder *q_prov_recorder(q_prov *p);

/* An input file: the template (dataset NULL) or a dataset's file. */
typedef struct q_prov_file {
    const char *dataset;
    const char *path;
    const char *name;        /* base name, as attached */
    char *data;              /* the bytes read (owned by the caller) */
    size_t len;
} q_prov_file;

typedef struct q_prov_run {
    time_t date;             /* SOURCE_DATE_EPOCH, the date given, or the clock */
    const char *pdfa;        /* "2b", … or NULL */
    double query_timeout;
    int max_pages;
    int strict;
    const char *const *params;   /* -p name, value pairs */
    size_t nparams;
    const q_prov_file *files;
    size_t nfiles;
    const char *const *fonts;    /* font files drawn with */
    size_t nfonts;
} q_prov_run;

/* provenance.json, UTF-8, keys in a fixed order. */
void q_prov_json(const q_prov *p, const q_prov_run *r, q_buf *out);
/* SHA-256 as lowercase hex. */
void q_sha256_hex(const void *data, size_t n, char hex[65]);
/* Reads a whole file (for hashing and attaching). Returns 0 or -1. */
int q_read_file(const char *path, char **data, size_t *len);

/* `quire verify PDF`: 0 all match, 1 something differs (named on out), 2
 * no quire attachments or unreadable. */
int q_verify(const char *pdf_path, FILE *out);

#endif
