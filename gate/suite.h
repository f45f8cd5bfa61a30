/*
 * A suite: the configs the pre-re-enablement gate and the nightly job run,
 * each with its rollout tier and optional overrides, read from an INI file:
 *
 *   [suite]                      optional
 *   name = fixture networks
 *   [config.NAME]                one per config, in rollout order
 *   config = ../configs/x.ini    required; relative to the suite's folder
 *   tier = canary|standard|critical   required
 *   requests = 2000              optional overrides, as compare's options:
 *   replications = 3               --requests --replications --erlang
 *   loads = 300,600                (loads) --legacy --orchestrator --inject
 *   legacy = ... orchestrator = ... inject = ... thresholds = 2,10
 *
 * Ownership: gate_suite_load allocates; gate_suite_destroy frees (NULL ok).
 * Plain data, no borrowed pointers.
 */
#ifndef GATE_SUITE_H
#define GATE_SUITE_H

#include "../common/error.h"

enum gate_tier { GATE_TIER_CANARY, GATE_TIER_STANDARD, GATE_TIER_CRITICAL, GATE_TIERS };

const char *gate_tier_name(enum gate_tier t);

/* An override as written: "" when the suite does not set it. */
struct gate_override {
        char value[4200];
        int line; /* of the key, for messages */
};

enum {
        GATE_OVR_REQUESTS,
        GATE_OVR_REPLICATIONS,
        GATE_OVR_LOADS,
        GATE_OVR_LEGACY,
        GATE_OVR_ORCHESTRATOR,
        GATE_OVR_INJECT,
        GATE_OVR_THRESHOLDS,
        GATE_OVERRIDES
};

/* The suite key of an override ("requests", ...). */
const char *gate_override_key(int which);

struct gate_suite_config {
        char name[64];
        char config[4096]; /* resolved against the suite's folder */
        enum gate_tier tier;
        int line; /* of the section's first key */
        struct gate_override ovr[GATE_OVERRIDES];
};

#define GATE_SUITE_MAX 64

struct gate_suite {
        char path[4096];
        char name[128]; /* [suite] name, or the file's name */
        int n;
        struct gate_suite_config cfg[GATE_SUITE_MAX];
};

/* RG_IO / RG_PARSE with a one-line message naming the file, line and key:
 * not a regular file, a line inih cannot read, an unknown section or key, a
 * tier that is none of the three, a config without `config` or `tier`, a
 * name used twice, no config at all. */
int gate_suite_load(const char *path, struct gate_suite **out, struct rg_errbuf *eb);
void gate_suite_destroy(struct gate_suite *s);

#endif
