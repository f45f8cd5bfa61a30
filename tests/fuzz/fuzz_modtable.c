/*
 * Fuzz target for the modulation table loader (sim/modtable.c): every input
 * is loaded from a temporary file with sim_modtable_load, once for the
 * assumption "DEFAULT" and once for "XTAR_ASSUMPTIONS".  A table it accepts
 * must be usable: 1 to SIM_MAX_CLASSES classes with distinct labels, each
 * with 1 to SIM_MAX_MODS formats sorted by reach, positive slot counts and
 * formats that name an entry of the table's format list.
 * Seeds in corpus/modtable/: ok_* are tables in FUSION's layout and in
 * rollgate's (rollgate-modulation/1), bad_* are malformed.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "../../sim/modtable.h"
#include "fuzz_contract.h"
#include "fuzz_util.h"

static void check_table(const struct sim_modtable *mt, const char *assumption)
{
        fuzz_require(strcmp(mt->assumption, assumption) == 0, "another assumption selected");
        fuzz_require(mt->n_classes >= 1 && mt->n_classes <= SIM_MAX_CLASSES && mt->n_mods >= 1 &&
                         mt->n_mods <= SIM_MAX_MODS,
                     "bad class or format count");
        for (int m = 0; m < mt->n_mods; m++) {
                fuzz_require(fuzz_terminated(mt->mod_names[m], SIM_LABEL_MAX) &&
                                 mt->mod_names[m][0] != '\0',
                             "bad format name");
                for (int j = 0; j < m; j++)
                        fuzz_require(strcmp(mt->mod_names[m], mt->mod_names[j]) != 0,
                                     "format named twice");
        }
        for (int c = 0; c < mt->n_classes; c++) {
                const struct sim_bw_class *k = &mt->cls[c];
                fuzz_require(fuzz_terminated(k->label, SIM_LABEL_MAX) && k->label[0] != '\0',
                             "bad class label");
                fuzz_require(k->gbps > 0 && isfinite(k->gbps), "bad class rate");
                fuzz_require(sim_modtable_class(mt, k->label) == c, "class labelled twice");
                fuzz_require(k->n_mods >= 1 && k->n_mods <= SIM_MAX_MODS, "bad format count");
                for (int i = 0; i < k->n_mods; i++) {
                        fuzz_require(k->mod[i] >= 0 && k->mod[i] < mt->n_mods,
                                     "format outside the list");
                        fuzz_require(k->max_km[i] >= 0 && isfinite(k->max_km[i]), "bad reach");
                        fuzz_require(i == 0 || k->max_km[i - 1] <= k->max_km[i],
                                     "formats not sorted by reach");
                        fuzz_require(k->slots[i] > 0, "bad slot count");
                }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const assumptions[] = {"DEFAULT", "XTAR_ASSUMPTIONS"};
        char path[64];
        if (fuzz_temp_file(data, size, path, sizeof(path)) != 0)
                return 0;
        for (size_t i = 0; i < sizeof(assumptions) / sizeof(assumptions[0]); i++) {
                struct sim_modtable mt;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                int rc = sim_modtable_load(path, assumptions[i], &mt, &eb);
                fuzz_check_status(rc, &eb);
                if (rc == RG_OK)
                        check_table(&mt, assumptions[i]);
        }
        unlink(path);
        return 0;
}
