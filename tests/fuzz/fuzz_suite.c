/*
 * Fuzz target for the gate's suite reader (gate/suite.c): every input is
 * written to a temporary file and read as a suite; it is either refused
 * with a one-line message naming the file and no suite, or read into
 * configs with names that are file names, a tier, a config path and
 * terminated overrides.  Seeds in corpus/suite/: ok_* suites, bad_* ones.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../gate/suite.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char path[64];
        if (fuzz_temp_file(data, size, path, sizeof(path)) != 0)
                return 0;
        struct gate_suite *s = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = gate_suite_load(path, &s, &eb);
        fuzz_check_status(rc, &eb);
        fuzz_require((rc == RG_OK) == (s != NULL), "a suite with an error, or none without");
        if (rc != RG_OK)
                fuzz_require(strncmp(eb.msg, path, strlen(path)) == 0, "message names no file");
        for (int i = 0; s && i < s->n; i++) {
                const struct gate_suite_config *c = &s->cfg[i];
                fuzz_require(fuzz_terminated(c->name, sizeof(c->name)) && c->name[0] &&
                                 strchr(c->name, '/') == NULL && strcmp(c->name, "..") != 0,
                             "a config name that is no file name");
                fuzz_require(c->tier < GATE_TIERS && c->config[0], "no tier or config");
                for (int o = 0; o < GATE_OVERRIDES; o++)
                        fuzz_require(fuzz_terminated(c->ovr[o].value, sizeof(c->ovr[o].value)),
                                     "override not terminated");
                for (int j = 0; j < i; j++)
                        fuzz_require(strcmp(s->cfg[j].name, c->name) != 0, "a name twice");
        }
        gate_suite_destroy(s);
        unlink(path);
        return 0;
}
