/* The display list on its own: the union's constructors, building paths,
 * bounds, translate/copy/free, elements, and the dump's exact format. */
#include "dlist/dlist.h"
#include "t.h"
#include <stdlib.h>

static char *dump(const q_dlist *dl, unsigned flags)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    q_dlist_dump(dl, f, flags);
    fclose(f);
    return s;
}

static void constructors(void)
{
    q_tag in7 = {7, Q_ART_NONE}, stripe = {0, Q_ART_STRIPE};
    const char *src = "Removals fell";
    q_op t = q_op_text(in7, 56.5, 102.25, 2, 16, 0x0B5394, src, 8, 60);
    T_INTEQ(t.kind, DL_TEXT);
    T_INTEQ(t.tag.elem, 7);
    T_INTEQ(t.tag.artifact, Q_ART_NONE);
    T_STREQ(t.text.utf8, "Removals");   /* len bytes, copied */
    T_CHECK(t.text.utf8 != src);
    T_NEAR(t.text.x, 56.5, 0);
    T_NEAR(t.text.y, 102.25, 0);
    T_NEAR(t.text.w, 60, 0);
    T_INTEQ(t.text.font, 2);
    T_NEAR(t.text.size, 16, 0);
    T_INTEQ(t.text.color, 0x0B5394);
    T_CHECK(t.text.glyphs == NULL && t.text.nglyphs == 0);
    q_op_free(&t);

    q_op r = q_op_rect(stripe, 1, 2, 3, 4, 0xF2F4F7);
    T_INTEQ(r.kind, DL_RECT);
    T_INTEQ(r.tag.artifact, Q_ART_STRIPE);
    T_CHECK(r.rect.x == 1 && r.rect.y == 2 && r.rect.w == 3 && r.rect.h == 4 && r.rect.color == 0xF2F4F7);

    q_op l = q_op_line(in7, 1, 2, 3, 4, 0.5, 0x333333);
    T_INTEQ(l.kind, DL_LINE);
    T_CHECK(l.line.x0 == 1 && l.line.y0 == 2 && l.line.x1 == 3 && l.line.y1 == 4);
    T_CHECK(l.line.stroke == 0.5 && l.line.color == 0x333333);

    q_op u = q_op_uri_link(in7, 1, 2, 3, 4, "https://example.org/");
    T_INTEQ(u.kind, DL_LINK);
    T_STREQ(u.link.uri, "https://example.org/");
    T_INTEQ(u.link.dest_page, -1);
    q_op_free(&u);
    T_CHECK(u.link.uri == NULL);   /* freed and cleared */

    q_op g = q_op_goto_link(in7, 1, 2, 3, 4, 1, 56.5);
    T_CHECK(g.link.uri == NULL && g.link.dest_page == 1 && g.link.dest_y == 56.5);

    q_op im = q_op_image(in7, 10, 20, 30, 40, 3);
    T_INTEQ(im.kind, DL_IMAGE);
    T_CHECK(im.image.image == 3 && im.image.w == 30 && im.image.h == 40);

    q_op p = q_op_path(in7, Q_PAINT_FILL | Q_PAINT_STROKE | 8, 0xE69F00, 0x000000, 1.5);
    T_INTEQ(p.kind, DL_PATH);
    T_INTEQ(p.path.paint, Q_PAINT_FILL | Q_PAINT_STROKE);   /* unknown bits dropped */
    T_NEAR(p.path.fill_opacity, 1, 0);
    T_NEAR(p.path.width, 1.5, 0);
    T_CHECK(p.path.n == 0 && p.path.ndash == 0 && p.path.line_cap == Q_CAP_BUTT && p.path.line_join == Q_JOIN_MITER);

    q_op c = q_op_clip_push(in7), c2 = q_op_clip_pop(in7);
    T_INTEQ(c.kind, DL_CLIP_PUSH);
    T_INTEQ(c2.kind, DL_CLIP_POP);
    T_INTEQ(c.path.paint, 0);
}

static void paths(void)
{
    q_op o = q_op_path((q_tag){0, 0}, Q_PAINT_STROKE, 0, 0x0072B2, 2);
    q_path *p = &o.path;
    q_path_move(p, 10, 20);
    q_path_line(p, 30, 20);
    q_path_cubic(p, 35, 20, 40, 25, 40, 30);
    q_path_close(p);
    T_INTEQ(p->n, 4);
    T_INTEQ(p->segs[0].kind, Q_SEG_MOVE);
    T_INTEQ(p->segs[1].kind, Q_SEG_LINE);
    T_INTEQ(p->segs[2].kind, Q_SEG_CUBIC);
    T_INTEQ(p->segs[3].kind, Q_SEG_CLOSE);
    T_CHECK(p->segs[2].x1 == 35 && p->segs[2].y2 == 25 && p->segs[2].x == 40 && p->segs[2].y == 30);
    for (int i = 0; i < 40; i++)   /* grows past its first allocation */
        q_path_line(p, i, i);
    T_INTEQ(p->n, 44);
    q_op_free(&o);

    q_op r = q_op_path((q_tag){0, 0}, Q_PAINT_FILL, 0xCCCCCC, 0, 0);
    q_path_rect(&r.path, 1, 2, 3, 4);
    T_INTEQ(r.path.n, 5);
    T_CHECK(r.path.segs[2].x == 4 && r.path.segs[2].y == 6 && r.path.segs[4].kind == Q_SEG_CLOSE);

    /* Dashes: up to Q_DASH_MAX non-negative lengths, not all zero. */
    double d[] = {3, 1.5, 0.5, 1.5, 9};
    T_INTEQ(q_path_dash(&r.path, d, 4, 0.75), 0);
    T_INTEQ(r.path.ndash, 4);
    T_NEAR(r.path.dash[1], 1.5, 0);
    T_NEAR(r.path.dash_phase, 0.75, 0);
    T_INTEQ(q_path_dash(&r.path, d, 5, 0), -1);
    double neg[] = {2, -1}, zero[] = {0, 0};
    T_INTEQ(q_path_dash(&r.path, neg, 2, 0), -1);
    T_INTEQ(q_path_dash(&r.path, zero, 2, 0), -1);
    T_INTEQ(r.path.ndash, 4);   /* a refused pattern changes nothing */
    T_INTEQ(q_path_dash(&r.path, NULL, 0, 0), 0);
    T_INTEQ(r.path.ndash, 0);
    q_op_free(&r);
}

static void bounds(void)
{
    q_box b;
    q_op r = q_op_path((q_tag){0, 0}, Q_PAINT_FILL, 0, 0, 4);
    T_INTEQ(q_op_bounds(&r, &b), -1);   /* empty */
    q_path_move(&r.path, 5, 5);
    T_INTEQ(q_op_bounds(&r, &b), -1);   /* a move draws nothing */
    q_path_rect(&r.path, 10, 20, 30, 40);
    T_INTEQ(q_op_bounds(&r, &b), 0);
    T_CHECK(b.x0 == 10 && b.y0 == 20 && b.x1 == 40 && b.y1 == 60);   /* the lone move is not ink */
    r.path.paint |= Q_PAINT_STROKE;   /* half the width on each side */
    T_INTEQ(q_op_bounds(&r, &b), 0);
    T_CHECK(b.x0 == 8 && b.y0 == 18 && b.x1 == 42 && b.y1 == 62);
    q_op_free(&r);

    /* An arch: control points reach y = 0, the curve only y = 25. */
    q_op a = q_op_path((q_tag){0, 0}, Q_PAINT_FILL, 0, 0, 0);
    q_path_move(&a.path, 0, 100);
    q_path_cubic(&a.path, 0, 0, 100, 0, 100, 100);
    T_INTEQ(q_op_bounds(&a, &b), 0);
    T_NEAR(b.y0, 25, 1e-9);
    T_NEAR(b.y1, 100, 0);
    T_NEAR(b.x0, 0, 0);
    T_NEAR(b.x1, 100, 0);
    q_op_free(&a);
    /* An S bulging past its end points both ways: the box is what a fine
     * sampling of the curve finds, not the control polygon. */
    q_op sc = q_op_path((q_tag){0, 0}, Q_PAINT_FILL, 0, 0, 0);
    double px[4] = {50, 300, -200, 50}, py[4] = {100, 130, 170, 200};
    q_path_move(&sc.path, px[0], py[0]);
    q_path_cubic(&sc.path, px[1], py[1], px[2], py[2], px[3], py[3]);
    T_INTEQ(q_op_bounds(&sc, &b), 0);
    double lo = 1e9, hi = -1e9;
    for (int i = 0; i <= 100000; i++) {
        double u = i / 100000.0, v = 1 - u;
        double x = v * v * v * px[0] + 3 * v * v * u * px[1] + 3 * v * u * u * px[2] + u * u * u * px[3];
        lo = fmin(lo, x);
        hi = fmax(hi, x);
    }
    T_CHECK(lo < 0 && hi > 100);   /* it does bulge past both ends */
    T_NEAR(b.x0, lo, 1e-6);
    T_NEAR(b.x1, hi, 1e-6);
    T_NEAR(b.y0, 100, 0);
    T_NEAR(b.y1, 200, 0);
    q_op_free(&sc);

    q_op l = q_op_line((q_tag){0, 0}, 50, 10, 10, 10, 2, 0);
    T_INTEQ(q_op_bounds(&l, &b), 0);
    T_CHECK(b.x0 == 9 && b.x1 == 51 && b.y0 == 9 && b.y1 == 11);
    q_op pop = q_op_clip_pop((q_tag){0, 0});
    T_INTEQ(q_op_bounds(&pop, &b), -1);
    q_op t = q_op_text((q_tag){0, 0}, 10, 100, 0, 12, 0, "x", 1, 6);
    T_INTEQ(q_op_bounds(&t, &b), 0);
    T_CHECK(b.x0 == 10 && b.x1 == 16 && b.y0 < 100 && b.y1 > 100);
    q_op_free(&t);
}

static void translate_copy(void)
{
    q_op p = q_op_path((q_tag){3, 0}, Q_PAINT_FILL, 0, 0, 0);
    q_path_move(&p.path, 1, 2);
    q_path_cubic(&p.path, 3, 4, 5, 6, 7, 8);
    q_op c = q_op_copy(&p);
    T_CHECK(c.path.segs != p.path.segs && c.path.n == 2 && c.tag.elem == 3);
    q_op_translate(&c, 10, 100);
    T_CHECK(c.path.segs[0].x == 11 && c.path.segs[0].y == 102);
    T_CHECK(c.path.segs[1].x1 == 13 && c.path.segs[1].y1 == 104 && c.path.segs[1].x2 == 15 &&
            c.path.segs[1].y2 == 106 && c.path.segs[1].x == 17 && c.path.segs[1].y == 108);
    T_CHECK(p.path.segs[1].x == 7);   /* the original is untouched */
    q_op_free(&p);
    q_op_free(&c);

    q_op t = q_op_text((q_tag){0, Q_ART_HEADER}, 1, 2, 0, 9, 0, "ab", 2, 10);
    t.text.glyphs = calloc(2, sizeof *t.text.glyphs);
    t.text.glyphs[1] = (q_glyph){68, 556, 1};
    t.text.nglyphs = 2;
    q_op tc = q_op_copy(&t);
    T_CHECK(tc.text.utf8 != t.text.utf8 && tc.text.glyphs != t.text.glyphs);
    T_CHECK(tc.text.glyphs[1].id == 68 && tc.text.glyphs[1].adv == 556 && tc.text.glyphs[1].cluster == 1);
    q_op_translate(&tc, 5, 5);
    T_CHECK(tc.text.x == 6 && tc.text.y == 7 && t.text.x == 1);
    q_op_free(&t);
    q_op_free(&tc);
}

static void elems_and_dump(void)
{
    q_dlist dl = {0};
    T_INTEQ(q_dlist_add_elem(&dl, Q_EL_HEADING, 0, 12), 1);
    dl.elems[1].level = 1;
    uint32_t table = q_dlist_add_elem(&dl, Q_EL_TABLE, 0, 20);
    uint32_t tr = q_dlist_add_elem(&dl, Q_EL_ROW, table, 20);
    uint32_t td = q_dlist_add_elem(&dl, Q_EL_CELL, tr, 20);
    dl.elems[td].row = 2;
    dl.elems[td].col = 1;
    uint32_t fig = q_dlist_add_elem(&dl, Q_EL_FIGURE, 0, 30);
    dl.elems[fig].alt = strdup("Removals, \"by year\"");
    T_INTEQ(dl.nelems, 6);
    T_INTEQ(dl.elems[0].kind, Q_EL_DOCUMENT);
    T_INTEQ(dl.elems[tr].parent, table);
    T_INTEQ(dl.elems[td].colspan, 1);
    T_INTEQ(dl.elems[table].row, -1);

    q_page *pg = q_dlist_add_page(&dl, 595.28, 841.89);
    q_page_push(pg, q_op_text((q_tag){1, 0}, 56.69, 102.3, 0, 16, 0x0B5394, "Removals fell", 13, 110.5));
    q_page_push(pg, q_op_rect((q_tag){0, Q_ART_STRIPE}, 56.69, 300, 481.89, 17.65, 0xF2F4F7));
    q_page_push(pg, q_op_text((q_tag){td, 0}, 180.3, 312.5, 1, 9, 0x222222, "235,413", 7, 33.3));
    q_op *cl = q_page_push(pg, q_op_clip_push((q_tag){fig, 0}));
    q_path_rect(&cl->path, 0, 0, 100, 50);
    q_op *p = q_page_push(pg, q_op_path((q_tag){fig, 0}, Q_PAINT_FILL | Q_PAINT_STROKE, 0xE69F00, 0x000000, 0.75));
    p->path.fill_opacity = 0.5f;
    p->path.line_cap = Q_CAP_ROUND;
    p->path.line_join = Q_JOIN_BEVEL;
    double dash[] = {3, 1.5};
    q_path_dash(&p->path, dash, 2, 0);
    q_path_move(&p->path, 0, 50);
    q_path_cubic(&p->path, 10, 0, 20, 0, 30, 50);
    q_path_close(&p->path);
    q_page_push(pg, q_op_clip_pop((q_tag){fig, 0}));
    q_page_push(pg, q_op_goto_link((q_tag){1, 0}, 56.69, 90, 100, 14, 1, 56.69));
    q_page_push(pg, q_op_line((q_tag){0, Q_ART_FOOTER}, 56.69, 800, 538.58, 800, 0.5, 0xB0B0B0));
    pg->ops[0].text.glyphs = calloc(2, sizeof(q_glyph));
    pg->ops[0].text.glyphs[0] = (q_glyph){53, 612, 0};
    pg->ops[0].text.glyphs[1] = (q_glyph){72, 556, 1};
    pg->ops[0].text.nglyphs = 2;

    char *s = dump(&dl, Q_DUMP_GLYPHS);
    T_STREQ(s, "dlist pages=1 elems=5\n"
               "elem h1#1 parent=document#0 line=12\n"
               "elem table#2 parent=document#0 line=20\n"
               "elem tr#3 parent=table#2 row=-1 line=20\n"
               "elem td#4(r2,c1) parent=tr#3 colspan=1 line=20\n"
               "elem figure#5 parent=document#0 alt=\"Removals, \\\"by year\\\"\" line=30\n"
               "page 1 size w=595.28 h=841.89\n"
               "page 1 text x=56.69 y=102.30 w=110.50 font=#0 size=16 color=#0B5394 elem=h1#1 \"Removals fell\""
               " glyphs=[53/612 72/556]\n"
               "page 1 rect x=56.69 y=300.00 w=481.89 h=17.65 color=#F2F4F7 artifact=stripe\n"
               "page 1 text x=180.30 y=312.50 w=33.30 font=#1 size=9 color=#222222 elem=td#4(r2,c1) \"235,413\" glyphs=[]\n"
               "page 1 clip-push elem=figure#5 d=\"M 0.00 0.00 L 100.00 0.00 L 100.00 50.00 L 0.00 50.00 Z\"\n"
               "page 1 path fill=#E69F00 opacity=0.50 stroke=#000000 width=0.75 cap=round join=bevel dash=[3.00 1.50]@0.00"
               " elem=figure#5 d=\"M 0.00 50.00 C 10.00 0.00 20.00 0.00 30.00 50.00 Z\"\n"
               "page 1 clip-pop elem=figure#5\n"
               "page 1 link x=56.69 y=90.00 w=100.00 h=14.00 goto=2 dest_y=56.69 elem=h1#1\n"
               "page 1 line x0=56.69 y0=800.00 x1=538.58 y1=800.00 stroke=0.50 color=#B0B0B0 artifact=footer\n");
    free(s);

    /* A pass that starts again drops its elements, alt text included. */
    q_dlist_trim_elems(&dl, 2);
    T_INTEQ(dl.nelems, 2);
    T_INTEQ(q_dlist_add_elem(&dl, Q_EL_PARA, 0, 40), 2);
    T_CHECK(dl.elems[2].alt == NULL);
    q_dlist_free(&dl);
    T_CHECK(dl.elems == NULL && dl.pages == NULL && dl.nelems == 0);
}

int main(void)
{
    constructors();
    paths();
    bounds();
    translate_copy();
    elems_and_dump();
    T_DONE();
}
