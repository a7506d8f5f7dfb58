/* What follows from a failure: which names and which SQL use something
 * that failed (q_env_failed, q_env_sql_uses_failed). */
#include "data/env.h"
#include "t.h"

int main(void)
{
    q_failed failed[] = {{"sales", 1}, {"rate", 0}};
    q_env env;
    memset(&env, 0, sizeof env);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT * FROM sales"), 0);   /* nothing failed */
    env.failed = failed;
    env.nfailed = 2;

    /* Names: a failed query covers its columns; a param has none. */
    T_INTEQ(q_env_failed(&env, "sales"), 1);
    T_INTEQ(q_env_failed(&env, "sales.total"), 1);
    T_INTEQ(q_env_failed(&env, "rate"), 1);
    T_INTEQ(q_env_failed(&env, "rate.x"), 0);
    T_INTEQ(q_env_failed(&env, "sale"), 0);
    T_INTEQ(q_env_failed(&env, "salesman.x"), 0);

    /* A dataset or query as a table, in any case, bare or quoted. */
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT * FROM sales"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "select * from SALES s"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT * FROM \"sales\""), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT * FROM [sales]"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT * FROM `sales`"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT a FROM t JOIN sales USING (a)"), 1);
    /* Not a use: another name, a string, a comment, a number. */
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT salesman FROM t"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT 'sales' FROM t"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT 'it''s sales' FROM t"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT 1 -- from sales\n"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT /* sales */ 1"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT 1e5 FROM t"), 0);
    /* A param or metric only through its placeholder, with or without a
     * format; a bare column of that name is not it. */
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT {rate} * 2"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT {rate|pct:1}"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT {sales.total}"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT rate FROM t"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT '{rate}'"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT '{{rate}}'"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT {ok} FROM t"), 0);
    /* Unterminated text ends the scan safely. */
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT 'sales"), 0);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT \"sales"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT {rate"), 1);
    T_INTEQ(q_env_sql_uses_failed(&env, "SELECT /* sales"), 0);
    T_DONE();
}
