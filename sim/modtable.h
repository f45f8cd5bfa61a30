/*
 * Modulation table: for each bandwidth class (in the file's order, which is
 * also the order of request quotas), the modulation formats with their reach
 * and slot count, sorted from the most efficient (smallest reach) to the least.
 *
 * FUSION's JSON layout: {assumption: {bandwidth_gbps: {modulation:
 * {"max_length": km, "slots_needed": n}}}}.
 *
 * A sim_modtable is plain caller-owned data (init style, no heap); it may be
 * shared read-only between threads.
 */
#ifndef SIM_MODTABLE_H
#define SIM_MODTABLE_H

#include "../common/error.h"

#define SIM_MAX_CLASSES 16
#define SIM_MAX_MODS 16
#define SIM_LABEL_MAX 24

struct sim_bw_class {
        char label[SIM_LABEL_MAX]; /* as written in the table, e.g. "100" */
        double gbps;
        int n_mods;
        int mod[SIM_MAX_MODS];       /* global modulation index */
        double max_km[SIM_MAX_MODS]; /* ascending */
        int slots[SIM_MAX_MODS];
};

struct sim_modtable {
        char assumption[SIM_LABEL_MAX];
        int n_classes;
        struct sim_bw_class cls[SIM_MAX_CLASSES];
        int n_mods;
        char mod_names[SIM_MAX_MODS][SIM_LABEL_MAX];
};

/* Parses `text` (from `path`, for messages) and selects `assumption`. */
int sim_modtable_parse(const char *path, const char *text, const char *assumption,
                       struct sim_modtable *out, struct rg_errbuf *eb);
int sim_modtable_load(const char *path, const char *assumption, struct sim_modtable *out,
                      struct rg_errbuf *eb);

/* Index of the class labelled `label` (compared as numbers), or -1. */
int sim_modtable_class(const struct sim_modtable *mt, const char *label);

/* Adds a class by hand (tests, synthetic configs); mods are sorted on insert. */
int sim_modtable_add(struct sim_modtable *mt, const char *bw_label, const char *mod_name,
                     double max_km, int slots, struct rg_errbuf *eb);

#endif
