/* Unit tests for smart quotes (src/expand/quotes.c). */
#include "expand/quotes.h"
#include "t.h"
#include <stdio.h>

static char ring[8][512];
static int ring_i;

/* Applies quotes to s as one paragraph's text in lang. */
static const char *sq(int lang, const char *s)
{
    q_quoter q = {lang, 0, 0, 0};
    q_buf b = {0};
    q_quotes_apply(&q, s, strlen(s), 0, &b);
    char *slot = ring[ring_i++ % 8];
    snprintf(slot, 512, "%s", q_buf_str(&b));
    q_buf_free(&b);
    return slot;
}
#define NB "\xC2\xA0"   /* no-break space */
#define EN(s) sq(Q_QUOTES_EN, s)
#define DE(s) sq(Q_QUOTES_DE, s)
#define FR(s) sq(Q_QUOTES_FR, s)

static void test_english(void)
{
    T_STREQ(EN("He said \"yes\"."), "He said “yes”.");
    T_STREQ(EN("\"Start\" of a paragraph"), "“Start” of a paragraph");
    T_STREQ(EN("'single' quotes"), "‘single’ quotes");
    T_STREQ(EN("\"Nested 'inner' quotes,\" he wrote."), "“Nested ‘inner’ quotes,” he wrote.");
    T_STREQ(EN("\"'Both' at once\""), "“‘Both’ at once”");
    T_STREQ(EN("(\"bracketed\") and [\"x\"]"), "(“bracketed”) and [“x”]");
    T_STREQ(EN("\"Really?\" \"Yes!\""), "“Really?” “Yes!”");
    T_STREQ(EN("a—\"dash\"—b"), "a—“dash”—b");
    T_STREQ(EN("plain text"), "plain text");
}

static void test_apostrophes(void)
{
    T_STREQ(EN("don't won't it's"), "don’t won’t it’s");
    T_STREQ(EN("the '90s and class of '16"), "the ’90s and class of ’16");
    T_STREQ(EN("'16 was a year"), "’16 was a year");
    T_STREQ(EN("the Joneses' car"), "the Joneses’ car");
    T_STREQ(EN("'quoted' and it's"), "‘quoted’ and it’s");
    T_STREQ(EN("rock 'n roll"), "rock ‘n roll");                /* known limit: reads as opening */
    T_STREQ(EN("L'été"), "L’été");
    T_STREQ(EN("'123 is a number'"), "‘123 is a number’");      /* three figures: not a year */
}

static void test_german(void)
{
    T_STREQ(DE("Er sagte \"ja\"."), "Er sagte „ja“.");
    T_STREQ(DE("\"Das 'innere' Zitat\""), "„Das ‚innere‘ Zitat“");
    T_STREQ(DE("geht's gut?"), "geht’s gut?");
    T_STREQ(DE("Hans' Buch"), "Hans’ Buch");
}

static void test_french(void)
{
    T_STREQ(FR("Il a dit \"oui\"."), "Il a dit «" NB "oui" NB "».");       /* U+00A0 inside */
    T_STREQ(FR("Il a dit \" oui \"."), "Il a dit «" NB "oui" NB "».");     /* typed spaces become U+00A0 */
    T_STREQ(FR("l'été"), "l’été");
    T_STREQ(FR("\"'a' b\""), "«" NB "‹" NB "a" NB "› b" NB "»");
}

/* Text before the quote comes from earlier runs and values. */
static void test_context(void)
{
    q_quoter q = {Q_QUOTES_EN, 0, 0, 0};
    q_buf b = {0};
    /* <p>"<b>bold</b>"</p>: the first quote ends its text node. */
    q_quotes_apply(&q, "\"", 1, 0, &b);
    q_quotes_saw(&q, "bold", 4);                 /* set in another run */
    q_quotes_apply(&q, "\" next", 7, 0, &b);
    T_STREQ(q_buf_str(&b), "“” next");
    /* "{value}": a value follows the opening quote and precedes the closing one. */
    q_quotes_reset(&q);
    q_buf_reset(&b);
    q_quotes_apply(&q, "say \"", 5, 'x', &b);
    q_quotes_saw(&q, "O'Brien", 7);
    q_quotes_apply(&q, "\".", 2, 0, &b);
    T_STREQ(q_buf_str(&b), "say “”.");
    /* a value that ends in a space leaves the quote after it opening */
    q_quotes_reset(&q);
    q_buf_reset(&b);
    q_quotes_saw(&q, "x ", 2);
    q_quotes_apply(&q, "\"y\"", 3, 0, &b);
    T_STREQ(q_buf_str(&b), "“y”");
    q_buf_free(&b);
}

static void test_lang(void)
{
    T_INTEQ(q_quotes_lang("de"), Q_QUOTES_DE);
    T_INTEQ(q_quotes_lang("de-AT"), Q_QUOTES_DE);
    T_INTEQ(q_quotes_lang("fr-CA"), Q_QUOTES_FR);
    T_INTEQ(q_quotes_lang("en-US"), Q_QUOTES_EN);
    T_INTEQ(q_quotes_lang("dek"), Q_QUOTES_EN);
    T_INTEQ(q_quotes_lang(NULL), Q_QUOTES_EN);
    T_INTEQ(q_quotes_lang("pt-BR"), Q_QUOTES_EN);
}

int main(void)
{
    test_english();
    test_apostrophes();
    test_german();
    test_french();
    test_context();
    test_lang();
    T_DONE();
}
