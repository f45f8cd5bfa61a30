/*
 * Fuzz target for the fault injection parser (sim_inject_parse in
 * sim/inject.c), which reads --inject and [comparison] inject.  What it
 * accepts must be in range (drop in (0, 1], slow 0 or in [1, 1000]) and
 * format to a canonical text that parses back to the same text ("none"
 * exactly when nothing is set); what it refuses has a one-line message.
 * Seeds in corpus/inject/: ok_* are specs of the drills, bad_* are
 * malformed.
 */
#include <stdlib.h>
#include <string.h>

#include "../../sim/inject.h"
#include "fuzz_contract.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > 1024)
                return 0;
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        struct sim_inject inj;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = sim_inject_parse(text, &inj, &eb);
        fuzz_check_status(rc, &eb);
        if (rc != RG_OK)
                goto out;
        fuzz_require(inj.drop >= 0 && inj.drop <= 1 &&
                         (inj.slow == 0 || (inj.slow >= 1 && inj.slow <= 1000)),
                     "injection out of range");
        char canon[512], again[512];
        sim_inject_format(&inj, canon, sizeof(canon));
        fuzz_require(fuzz_terminated(canon, sizeof(canon)), "format not terminated");
        fuzz_require(sim_inject_any(&inj) == (strcmp(canon, "none") != 0),
                     "\"none\" and the set injections disagree");
        if (sim_inject_any(&inj)) {
                struct sim_inject back;
                rg_errbuf_init(&eb);
                rc = sim_inject_parse(canon, &back, &eb);
                fuzz_require(rc == RG_OK, "canonical text refused");
                sim_inject_format(&back, again, sizeof(again));
                fuzz_require(strcmp(canon, again) == 0, "canonical text does not parse back");
        }
out:
        free(text);
        return 0;
}
