/* Chart drawing: the frame (title, subtitle, legend, source) and the
 * dispatch to each type's drawer. */
#include "chart/draw.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void q_chart_data_free(q_chart_data *data)
{
    if (!data)
        return;
    for (int i = 0; i < data->nrows; i++)
        free(data->x_text ? data->x_text[i] : NULL);
    for (int s = 0; s < data->nseries; s++)
        free(data->series ? data->series[s] : NULL);
    free(data->x_text);
    free(data->x_num);
    free(data->series);
    free(data->v);
    free(data->is_null);
    memset(data, 0, sizeof *data);
}

q_chart_look q_chart_look_print(void)
{
    q_chart_look k = {11.5, 9, 8.5, 7, 8, 1.75, 0.4, 0.75, 2.5, 6};
    return k;
}

q_chart_look q_chart_look_screen(double w, double h)
{
    q_chart_look k = {22, 16, 14, 12, 13, 3, 1, 1.5, 4.5, 12};
    double s = w / 800 < h / 450 ? w / 800 : h / 450;
    if (s < 0.5)
        s = 0.5;
    if (s < 1) {
        k.title *= s; k.subtitle *= s; k.label *= s; k.source *= s; k.value *= s;
        k.line *= s; k.marker *= s; k.pad *= s;
    }
    return k;
}

double q_chart_height(const q_chart *c, const q_chart_data *data, const q_chart_env *env,
                      double w, double h, q_diags *d)
{
    (void)c; (void)data; (void)env; (void)w; (void)d;
    return h;
}

int q_chart_draw(const q_chart *c, const q_chart_data *data, const q_chart_env *env,
                 double x, double y, double w, double h, q_dlist *dl, q_page *page, q_diags *d)
{
    (void)data; (void)w; (void)h;
    char err[256];
    q_face *bold = q_fonts_find(env->fonts, env->family, 1, 0, err, sizeof err);
    if (!bold) {
        q_diag_add(d, Q_EDATA, env->file, env->line, 0, "chart '%s': %s", c->id, err);
        return -1;
    }
    uint32_t fig = q_dlist_add_elem(dl, Q_EL_FIGURE, env->parent, env->line);
    dl->elems[fig].alt = c->alt ? q_xstrdup(c->alt) : NULL;
    q_tag tag = {fig, 0};
    if (c->title) {
        size_t len = strlen(c->title);
        double tw = q_face_text_width(bold, c->title, len, env->look.title);
        q_page_push(page, q_op_text(tag, x, y + env->look.title, q_face_id(bold), env->look.title,
                                    0x222222, c->title, len, tw));
    }
    return 0;
}
