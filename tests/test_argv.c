/* Tests for backends/argv.c: splitting a command template like sh, and
 * substituting its placeholders. */
#include <string.h>

#include "../backends/argv.h"
#include "testutil.h"

/* ---------------------------------------------------------- argv parse -- */

static void test_parse_plain_words(void)
{
        struct backend_argv a;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("  sim\t--seed {seed}  --out={out}\n-v ", &a, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL_FATAL(a.argc, 5);
        CU_ASSERT_STRING_EQUAL(a.argv[0], "sim");
        CU_ASSERT_STRING_EQUAL(a.argv[1], "--seed");
        CU_ASSERT_STRING_EQUAL(a.argv[2], "{seed}");
        CU_ASSERT_STRING_EQUAL(a.argv[3], "--out={out}");
        CU_ASSERT_STRING_EQUAL(a.argv[4], "-v");
        CU_ASSERT(backend_argv_uses(&a, "seed"));
        CU_ASSERT(backend_argv_uses(&a, "out"));
        CU_ASSERT(!backend_argv_uses(&a, "erlang"));
        CU_ASSERT(!backend_argv_uses(&a, "nonsense"));
        backend_argv_finish(&a);
        CU_ASSERT_EQUAL(a.argc, 0);
        backend_argv_finish(&a); /* twice is fine */
        backend_argv_finish(NULL);
}

static void test_parse_quotes_and_escapes(void)
{
        struct backend_argv a;
        /* a 'b c' "d \"e\" \\ \$x \q `" f\ g 'it'\''s' x"y"'z' */
        const char *t = "a 'b c' \"d \\\"e\\\" \\\\ \\$x \\q \\`\" f\\ g 'it'\\''s' x\"y\"'z'";
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse(t, &a, NULL), RG_OK);
        CU_ASSERT_EQUAL_FATAL(a.argc, 6);
        CU_ASSERT_STRING_EQUAL(a.argv[0], "a");
        CU_ASSERT_STRING_EQUAL(a.argv[1], "b c");
        CU_ASSERT_STRING_EQUAL(a.argv[2], "d \"e\" \\ $x \\q `");
        CU_ASSERT_STRING_EQUAL(a.argv[3], "f g");
        CU_ASSERT_STRING_EQUAL(a.argv[4], "it's");
        CU_ASSERT_STRING_EQUAL(a.argv[5], "xyz");
        backend_argv_finish(&a);
        /* single quotes keep backslashes and double quotes */
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("'a\\b\"c' \"it's\"", &a, NULL), RG_OK);
        CU_ASSERT_EQUAL_FATAL(a.argc, 2);
        CU_ASSERT_STRING_EQUAL(a.argv[0], "a\\b\"c");
        CU_ASSERT_STRING_EQUAL(a.argv[1], "it's");
        backend_argv_finish(&a);
        /* no shell: metacharacters are plain characters */
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("echo $HOME *.c a|b;c", &a, NULL), RG_OK);
        CU_ASSERT_EQUAL_FATAL(a.argc, 4);
        CU_ASSERT_STRING_EQUAL(a.argv[1], "$HOME");
        CU_ASSERT_STRING_EQUAL(a.argv[2], "*.c");
        CU_ASSERT_STRING_EQUAL(a.argv[3], "a|b;c");
        backend_argv_finish(&a);
}

static void test_parse_empty_words_and_continuations(void)
{
        struct backend_argv a;
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("cmd '' \"\" x''", &a, NULL), RG_OK);
        CU_ASSERT_EQUAL_FATAL(a.argc, 4);
        CU_ASSERT_STRING_EQUAL(a.argv[1], "");
        CU_ASSERT_STRING_EQUAL(a.argv[2], "");
        CU_ASSERT_STRING_EQUAL(a.argv[3], "x");
        backend_argv_finish(&a);
        /* backslash-newline joins lines, inside double quotes too; alone it is no word */
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("a \\\n b\\\nc \"d\\\ne\"", &a, NULL), RG_OK);
        CU_ASSERT_EQUAL_FATAL(a.argc, 3);
        CU_ASSERT_STRING_EQUAL(a.argv[0], "a");
        CU_ASSERT_STRING_EQUAL(a.argv[1], "bc");
        CU_ASSERT_STRING_EQUAL(a.argv[2], "de");
        backend_argv_finish(&a);
}

static void expect_parse_error(const char *tmpl, const char *in_msg)
{
        struct backend_argv a;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(backend_argv_parse(tmpl, &a, &eb), RG_PARSE);
        CU_ASSERT_EQUAL(eb.code, RG_PARSE);
        CU_ASSERT_EQUAL(a.argc, 0);
        CU_ASSERT_PTR_NULL(a.argv[0]);
        if (strstr(eb.msg, in_msg) == NULL)
                fprintf(stderr, "\n'%s': message \"%s\" lacks \"%s\"\n", tmpl, eb.msg, in_msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, in_msg));
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        backend_argv_finish(&a);
}

static void test_parse_errors(void)
{
        expect_parse_error("sim 'abc", "unterminated '");
        expect_parse_error("sim 'abc", "column 5");
        expect_parse_error("sim \"abc\\\"", "unterminated \"");
        expect_parse_error("sim abc\\", "backslash");
        expect_parse_error("", "empty command");
        expect_parse_error(" \t\n ", "empty command");
        expect_parse_error("\\\n", "empty command");
        expect_parse_error(NULL, "empty command");
        expect_parse_error("sim --seed {sed}", "'{sed}'");
        expect_parse_error("sim {}", "'{}'");
        expect_parse_error("sim --x={seed", "unmatched '{'");
        expect_parse_error("sim --x={se{ed}", "unmatched '{'");
        expect_parse_error("sim --x=seed}", "unmatched '}'");
        expect_parse_error("sim {{seed}", "unmatched '}'");
        /* quoting does not hide a placeholder: braces are escaped by doubling */
        expect_parse_error("sim '{nope}'", "'{nope}'");
}

static void test_parse_literal_braces(void)
{
        struct backend_argv a;
        CU_ASSERT_EQUAL_FATAL(
            backend_argv_parse("printf {{}} {{seed}} {{{seed}}} a}}b{{c", &a, NULL), RG_OK);
        CU_ASSERT_EQUAL_FATAL(a.argc, 5);
        CU_ASSERT_STRING_EQUAL(a.argv[1], "{{}}"); /* kept as written until expansion */
        struct backend_argv only_literal;
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("x {{seed}}", &only_literal, NULL), RG_OK);
        CU_ASSERT(!backend_argv_uses(&only_literal, "seed"));
        backend_argv_finish(&only_literal);
        CU_ASSERT(backend_argv_uses(&a, "seed")); /* {{{seed}}} */
        struct backend_vars v = {.value = {[0] = "42"}};
        char **argv = NULL;
        CU_ASSERT_EQUAL_FATAL(backend_argv_expand(&a, &v, &argv, NULL), RG_OK);
        CU_ASSERT_STRING_EQUAL(argv[0], "printf");
        CU_ASSERT_STRING_EQUAL(argv[1], "{}");
        CU_ASSERT_STRING_EQUAL(argv[2], "{seed}");
        CU_ASSERT_STRING_EQUAL(argv[3], "{42}");
        CU_ASSERT_STRING_EQUAL(argv[4], "a}b{c");
        CU_ASSERT_PTR_NULL(argv[5]);
        backend_argv_free(argv);
        backend_argv_finish(&a);
}

static void test_parse_word_limit(void)
{
        char tmpl[4 * BACKEND_ARGV_MAX + 8] = "";
        for (int i = 0; i < BACKEND_ARGV_MAX; i++)
                strcat(tmpl, "ab ");
        struct backend_argv a;
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse(tmpl, &a, NULL), RG_OK);
        CU_ASSERT_EQUAL(a.argc, BACKEND_ARGV_MAX);
        CU_ASSERT_STRING_EQUAL(a.argv[BACKEND_ARGV_MAX - 1], "ab");
        backend_argv_finish(&a);
        strcat(tmpl, "ab");
        expect_parse_error(tmpl, "more than 128 words");
}

static void test_placeholder_table(void)
{
        const char *want[] = {"seed", "erlang", "requests", "holding_time",
                              "path", "out",    "workdir",  "config"};
        for (int i = 0; i < 8; i++)
                CU_ASSERT_STRING_EQUAL(backend_placeholders[i], want[i]);
        CU_ASSERT_PTR_NULL(backend_placeholders[8]);
}

/* --------------------------------------------------------- argv expand -- */

static void test_expand_values_stay_in_their_word(void)
{
        struct backend_argv a;
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("sim --out {out} --name=a{path}b {seed}{seed} "
                                                 "--load {erlang}",
                                                 &a, NULL),
                              RG_OK);
        struct backend_vars v = {.value = {"7", "120.5", NULL, NULL, "my path", "/tmp/x y/out"}};
        char **argv = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(backend_argv_expand(&a, &v, &argv, &eb), RG_OK);
        const char *want[] = {"sim", "--out",  "/tmp/x y/out", "--name=amy pathb",
                              "77",  "--load", "120.5"};
        for (int i = 0; i < 7; i++)
                CU_ASSERT_STRING_EQUAL(argv[i], want[i]);
        CU_ASSERT_PTR_NULL(argv[7]);
        backend_argv_free(argv);
        backend_argv_free(NULL);
        backend_argv_finish(&a);
}

static void test_expand_missing_value(void)
{
        struct backend_argv a;
        CU_ASSERT_EQUAL_FATAL(backend_argv_parse("sim --seed {seed} --cfg={config}", &a, NULL),
                              RG_OK);
        struct backend_vars v = {.value = {"1"}};
        char **argv = (char **)&a; /* must be reset */
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(backend_argv_expand(&a, &v, &argv, &eb), RG_USAGE);
        CU_ASSERT_PTR_NULL(argv);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "{config}"));
        backend_argv_finish(&a);
}

TEST_MAIN("argv", TEST(test_parse_plain_words), TEST(test_parse_quotes_and_escapes),
          TEST(test_parse_empty_words_and_continuations), TEST(test_parse_errors),
          TEST(test_parse_literal_braces), TEST(test_parse_word_limit),
          TEST(test_placeholder_table), TEST(test_expand_values_stay_in_their_word),
          TEST(test_expand_missing_value))
