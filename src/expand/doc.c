#include "expand/doc.h"
#include "chart/draw.h"
#include "image/image.h"
#include "util/buf.h"
#include <stdlib.h>
#include <string.h>

const char *q_doc_intern(q_doc *doc, const char *s)
{
    for (size_t i = 0; i < doc->npool; i++)
        if (strcmp(doc->pool[i], s) == 0)
            return doc->pool[i];
    doc->pool = q_xrealloc(doc->pool, (doc->npool + 1) * sizeof *doc->pool);
    return doc->pool[doc->npool++] = q_xstrdup(s);
}

q_block *q_blocks_add(q_blocks *b, int kind)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->v = q_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    q_block *k = &b->v[b->n++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    return k;
}

q_run *q_para_add(q_para *p, int kind, const q_tstyle *st)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1;   /* a table's cells: one run each, 100,000s of them */
        p->runs = q_xrealloc(p->runs, p->cap * sizeof *p->runs);
    }
    q_run *r = &p->runs[p->n++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->st = *st;
    return r;
}

void q_para_free(q_para *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->runs[i].text);
        free(p->runs[i].href);
    }
    free(p->runs);
    memset(p, 0, sizeof *p);
}

void q_table_block_free(q_table_block *t)
{
    for (int c = 0; c < t->ncols; c++)
        q_para_free(&t->cols[c].title);
    for (size_t r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->rows[r].ncells; c++)
            q_para_free(&t->rows[r].cells[c].para);
        free(t->rows[r].cells);
    }
    free(t->cols);
    free(t->rows);
    free(t);
}

void q_chart_block_free(q_chart_block *c)
{
    q_chart_free(c->chart);
    free(c->chart);
    q_chart_data_free(c->data);
    free(c->data);
    free(c);
}

static void free_blocks(q_blocks *b)
{
    for (size_t i = 0; i < b->n; i++) {
        q_block *k = &b->v[i];
        q_para_free(&k->para);
        free(k->marker);
        for (size_t j = 0; j < k->nkpis; j++) {
            q_para_free(&k->kpis[j].value);
            q_para_free(&k->kpis[j].label);
            q_para_free(&k->kpis[j].note);
        }
        free(k->kpis);
        if (k->image) {
            q_image_free(k->image);
            free(k->image);
        }
        free(k->alt);
        if (k->table)
            q_table_block_free(k->table);
        if (k->chart)
            q_chart_block_free(k->chart);
    }
    free(b->v);
}

void q_doc_free(q_doc *doc)
{
    free_blocks(&doc->body);
    free_blocks(&doc->header);
    free_blocks(&doc->footer);
    free(doc->title);
    free(doc->author);
    free(doc->subject);
    free(doc->keywords);
    free(doc->lang);
    for (size_t i = 0; i < doc->npool; i++)
        free(doc->pool[i]);
    for (size_t i = 0; i < doc->nfonts; i++) {
        free(doc->fonts[i].family);
        for (int k = 0; k < 4; k++)
            free(doc->fonts[i].files[k]);
    }
    free(doc->fonts);
    free(doc->pool);
    memset(doc, 0, sizeof *doc);
}

void q_doc_drop_tables(q_doc *doc)
{
    for (size_t i = 0; i < doc->body.n; i++)
        if (doc->body.v[i].table) {
            q_table_block_free(doc->body.v[i].table);
            doc->body.v[i].table = NULL;
        }
}

/* What the heap holds for a string, a little more than its length. */
static size_t str_bytes(const char *s)
{
    return s ? strlen(s) + 1 + 16 : 0;
}

size_t q_para_bytes(const q_para *p)
{
    size_t n = p->cap * sizeof *p->runs + 16;
    for (size_t i = 0; i < p->n; i++)
        n += str_bytes(p->runs[i].text) + str_bytes(p->runs[i].href);
    return n;
}

size_t q_trow_bytes(const q_trow *r)
{
    size_t n = sizeof *r + (size_t)r->ncells * sizeof *r->cells + 16;
    for (int c = 0; c < r->ncells; c++)
        n += q_para_bytes(&r->cells[c].para);
    return n;
}

size_t q_block_bytes(const q_block *b)
{
    /* Twice the block: the vector that holds it grows by doubling. */
    size_t n = 2 * sizeof *b + q_para_bytes(&b->para) + str_bytes(b->marker) + str_bytes(b->alt);
    for (size_t j = 0; j < b->nkpis; j++)
        n += sizeof *b->kpis + q_para_bytes(&b->kpis[j].value) + q_para_bytes(&b->kpis[j].label) +
             q_para_bytes(&b->kpis[j].note);
    if (b->image)
        n += (size_t)b->image->w * (size_t)b->image->h * (size_t)(b->image->channels + (b->image->alpha ? 1 : 0));
    if (b->table)   /* its rows were counted one by one as they were made */
        n += sizeof *b->table + (size_t)b->table->ncols * sizeof *b->table->cols;
    return n;
}
