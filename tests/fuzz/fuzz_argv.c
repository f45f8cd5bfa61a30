/*
 * Fuzz target for the command template of external backends
 * (backends/argv.c): every input is split with backend_argv_parse and, when
 * accepted, expanded with backend_argv_expand, first with every placeholder
 * given, then with each one missing in turn.  A parsed template has 1 to
 * BACKEND_ARGV_MAX words; expanding gives as many words, NULL-terminated,
 * words without braces unchanged; a missing value is RG_USAGE exactly when
 * backend_argv_uses says the template needs it.  A refused template is
 * left empty.
 * Seeds in corpus/argv/: ok_* are templates like the [path.*] commands,
 * bad_* are malformed (quotes, braces, placeholders).
 */
#include <stdlib.h>
#include <string.h>

#include "../../backends/argv.h"
#include "fuzz_contract.h"
#include "fuzz_util.h"

static const struct backend_vars all_vars = {{"1", "300", "1000", "1.0", "legacy",
                                              "/tmp/rg_fuzz_out.json", "/tmp",
                                              "/tmp/rg_fuzz_config.ini"}};

static void check_expand(const struct backend_argv *a, int missing)
{
        struct backend_vars vars = all_vars;
        if (missing >= 0)
                vars.value[missing] = NULL;
        char **argv = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = backend_argv_expand(a, &vars, &argv, &eb);
        fuzz_check_status(rc, &eb);
        int needed = missing >= 0 && backend_argv_uses(a, backend_placeholders[missing]);
        fuzz_require((rc == RG_OK) == !needed, "expansion and backend_argv_uses disagree");
        if (rc != RG_OK) {
                fuzz_require(rc == RG_USAGE, "missing value not RG_USAGE");
                return;
        }
        fuzz_require(argv != NULL, "no words");
        for (int i = 0; i < a->argc; i++) {
                fuzz_require(argv[i] != NULL, "fewer words than the template");
                if (strpbrk(a->argv[i], "{}") == NULL)
                        fuzz_require(strcmp(argv[i], a->argv[i]) == 0, "plain word changed");
        }
        fuzz_require(argv[a->argc] == NULL, "word list not NULL-terminated");
        backend_argv_free(argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > 8192)
                return 0;
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        struct backend_argv a;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = backend_argv_parse(text, &a, &eb);
        fuzz_check_status(rc, &eb);
        if (rc != RG_OK) {
                fuzz_require(a.argc == 0, "refused template left words");
                goto out;
        }
        fuzz_require(a.argc >= 1 && a.argc <= BACKEND_ARGV_MAX, "bad word count");
        for (int i = 0; i < a.argc; i++)
                fuzz_require(a.argv[i] != NULL, "missing word");
        check_expand(&a, -1);
        for (int m = 0; backend_placeholders[m] != NULL; m++)
                check_expand(&a, m);
        backend_argv_finish(&a);
out:
        free(text);
        return 0;
}
