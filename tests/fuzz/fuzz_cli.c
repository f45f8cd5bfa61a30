/*
 * Fuzz target for the simulation options of the command line
 * (harness_settings_from_argv in harness/options.c): every input is split
 * on newlines into up to 32 arguments after the program name and parsed
 * with no extra options, over the default config (read from RG_FIXTURE_DIR
 * through ROLLGATE_FIXTURES).  Inputs naming a file under /dev, /proc or
 * /sys are skipped: --config on a device could block or never end, which
 * says nothing about the parser.  Accepted settings must be consistent
 * (terminated strings, lists in range, loads > 0); refusals have a
 * one-line message.
 * Seeds in corpus/cli/: ok_* are option lists like the CLI tests', bad_*
 * are unknown options, missing and malformed values.
 */
#include <stdlib.h>
#include <string.h>

#include "../../harness/options.h"
#include "fuzz_contract.h"
#include "fuzz_util.h"

#define MAX_ARGS 32

static void check_settings(const struct harness_settings *s)
{
        fuzz_require(fuzz_terminated(s->config_path, sizeof(s->config_path)) &&
                         fuzz_terminated(s->network, sizeof(s->network)) &&
                         fuzz_terminated(s->topology_path, sizeof(s->topology_path)) &&
                         fuzz_terminated(s->mod_assumption, sizeof(s->mod_assumption)) &&
                         fuzz_terminated(s->mod_assumption_path, sizeof(s->mod_assumption_path)),
                     "string not terminated");
        fuzz_require(s->n_dist >= 0 && s->n_dist <= SIM_MAX_CLASSES && s->n_loads >= 0 &&
                         s->n_loads <= HARNESS_MAX_LOADS && s->n_seeds >= 0 &&
                         s->n_seeds <= HARNESS_MAX_SEEDS,
                     "bad list length");
        for (int i = 0; i < s->n_loads; i++)
                fuzz_require(s->loads[i] > 0, "load not > 0");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static int env_set;
        if (!env_set) {
                setenv("ROLLGATE_FIXTURES", RG_FIXTURE_DIR, 1);
                env_set = 1;
        }
        if (size > 4096)
                return 0;
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        if (strstr(text, "/dev") || strstr(text, "/proc") || strstr(text, "/sys"))
                goto out_text;
        char *argv[MAX_ARGS + 2] = {"rollgate"};
        int argc = 1;
        for (char *p = text; argc <= MAX_ARGS;) {
                argv[argc++] = p;
                char *nl = strchr(p, '\n');
                if (nl == NULL)
                        break;
                *nl = '\0';
                p = nl + 1;
        }
        argv[argc] = NULL;
        struct harness_settings *s = malloc(sizeof(*s));
        if (s == NULL)
                goto out_text;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = harness_settings_from_argv(s, argc, argv, NULL, 0, NULL, NULL, &eb);
        fuzz_check_status(rc, &eb);
        if (rc == RG_OK)
                check_settings(s);
        free(s);
out_text:
        free(text);
        return 0;
}
