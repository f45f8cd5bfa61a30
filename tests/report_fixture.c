#include "report_fixture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *names[FIXTURE_KINDS] = {"pass",       "planned", "emergency", "inconclusive",
                                           "low_signal", "harness", "hostile",   "sequential",
                                           "metrics",    "exact"};

const char fixture_hostile_text[] = "a|b\n| --- |\n<script>alert(1)</script> & &amp; \"q\" 'x' "
                                    "*em* _u_ `c` [l](http://x) \\| ]]> -- \t\x01"
                                    "end";

const char *fixture_name(enum fixture_kind kind)
{
        return names[kind];
}

#define S(x) report_doc_strdup(doc, (x))

static void metric(struct report_doc *doc, struct report_metric *m, double legacy, double delta,
                   enum stats_verdict v, const char *reason)
{
        double sd = 0.12;
        m->have_stats = true;
        m->legacy = (struct report_summary){legacy, 0.3, legacy - 0.4, legacy + 0.4};
        m->orchestrator = (struct report_summary){legacy + delta, 0.31, legacy + delta - 0.4,
                                                  legacy + delta + 0.4};
        m->delta = (struct report_summary){delta, sd, delta - 0.3, delta + 0.3};
        m->decision_lo = delta - 0.2;
        m->decision_hi = delta + 0.2;
        m->rel_mean = 100 * delta / legacy;
        m->ratio = (legacy + delta) / legacy;
        m->rel_lo = 100 * (m->ratio - 1) - 3;
        m->rel_hi = 100 * (m->ratio - 1) + 3;
        m->p_value = delta == 0 ? 1 : 0.004;
        m->t = delta / (sd / sqrt(3));
        m->rho = 0.97;
        m->variance_reduction = 16.5;
        m->basis = STATS_BASIS_PAIRED;
        m->unit = "pp";
        m->deviation = delta;
        m->dev_lo = delta - 0.2;
        m->dev_hi = delta + 0.2;
        m->verdict = v;
        m->reason = S(reason);
        m->claim = v == STATS_PLANNED_ROLLBACK || v == STATS_EMERGENCY_ROLLBACK;
        if (m->claim) {
                m->p_claim = 0.0011;
                m->p_holm = 0.0044;
        }
        m->n_per_seed = 3;
        m->per_seed = report_doc_alloc(doc, 3, sizeof(double));
        if (m->per_seed) {
                m->per_seed[0] = delta - 0.1;
                m->per_seed[1] = delta;
                m->per_seed[2] = delta + 0.1;
        }
}

static void run(struct report_doc *doc, struct report_run *r, double seed, double bp_pct)
{
        r->seed = seed;
        r->ok = true;
        r->error = "";
        r->has = REPORT_HAS_GBPS | REPORT_HAS_REASONS | REPORT_HAS_HOPS | REPORT_HAS_LENGTH |
                 REPORT_HAS_MODS | REPORT_HAS_TRACE;
        r->requests = 10000;
        r->blocked = round(bp_pct * 100);
        r->bp = r->blocked / r->requests;
        r->requested_gbps = 1375000;
        r->blocked_gbps = r->bp * 1.2 * r->requested_gbps;
        r->blocked_distance = 0;
        r->blocked_congestion = r->blocked;
        r->hops_mean = 2.31;
        r->length_mean_km = 2204.5;
        r->n_mods = 2;
        r->mod_names = report_doc_alloc(doc, 2, sizeof(char *));
        r->mod_count = report_doc_alloc(doc, 2, sizeof(double));
        if (r->mod_names && r->mod_count) {
                r->mod_names[0] = S("QPSK");
                r->mod_names[1] = S("16-QAM");
                r->mod_count[0] = 6000;
                r->mod_count[1] = r->requests - r->blocked - 6000;
        }
        char hash[17];
        snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)(seed * 7919 + bp_pct * 1000));
        r->trace_hash = S(hash);
}

/* Every free text of a planned document becomes hostile; false when out of
 * memory. */
static bool hostile(struct report_doc *doc)
{
        char text[600];
        const char *h = fixture_hostile_text;
        struct report_load *L = &doc->loads[1];
        snprintf(text, sizeof(text), "BP deviation +4.000 pp: %s", h);
        L->reason = S(text);
        for (int k = 0; k < REPORT_METRICS; k++)
                L->metric[k].reason = L->reason;
        snprintf(text, sizeof(text), "erlang 450: %s", L->reason);
        doc->reason = S(text);
        snprintf(text, sizeof(text), "%s; %s", doc->action.text, h);
        doc->action.text = S(text);
        L->n_flags = 1;
        L->flags = report_doc_alloc(doc, 1, sizeof(char *));
        snprintf(text, sizeof(text), "INVESTIGATE: %s", h);
        if (L->flags)
                L->flags[0] = S(text);
        doc->inputs.config = S("configs/a|b <c>&.ini");
        doc->inputs.topology = S("NSF|Net <x>");
        doc->notification.project = S("roll|gate\nBcc: x@example.com");
        doc->notification.team = S("sim <team> & co");
        doc->notification.channel = S("#on|call\n");
        doc->timing.host = S("host\"<x>");
        doc->diagnosis =
            (struct report_diagnosis){.present = true,
                                      .erlang = 450,
                                      .seed = 1,
                                      .request = 77,
                                      .compared = 76,
                                      .decision = {S("route 1 | slots <12-15>"), S(h)}};
        return L->reason && doc->reason && doc->action.text && L->flags && L->flags[0] &&
               doc->inputs.config && doc->inputs.topology && doc->notification.project &&
               doc->notification.team && doc->notification.channel && doc->timing.host &&
               doc->diagnosis.decision[0] && doc->diagnosis.decision[1];
}

/* FIXTURE_SEQUENTIAL's looks: batches of 5 up to 25, O'Brien-Fleming
 * spending at one-sided 0.05 (alpha spent f(t) as stats/sequential.c
 * computes it; nominal levels and BP intervals chosen by hand, BBP's 1.3
 * times BP's). */
static const double seq_spent[5] = {1.17e-05, 0.00194, 0.0114, 0.0284, 0.05};
static const double seq_nominal[5] = {1.17e-05, 0.00193, 0.0106, 0.0248, 0.0424};
static const struct {
        double deviation, lo, hi;
} seq_bp[2][5] = {
    {{0.05, -3.1, 3.2}, {0, -0.95, 0.98}},
    {{2.3, -2.1, 5.9}, {2, -0.3, 4.1}, {1.8, 0.4, 3.4}, {1.85, 0.7, 3.1}, {1.9, 0.9, 2.9}},
};

/* An inconclusive document made sequential: load 300 decided PASS at its
 * second look, load 450 still straddling T1 at the most replications;
 * false when out of memory. */
static bool sequential(struct report_doc *doc)
{
        static const int reps[2] = {10, 25};
        static const char *const why[2] = {
            "BP deviation +0.000 pp, decision interval at look 2 [-0.950, +0.980] inside +-2 pp",
            "BP deviation +1.900 pp, decision interval at look 5 [+0.900, +2.900] straddles T1 2 "
            "pp"};
        double base[2] = {1.2, 6.5}, delta[2] = {0, 1.9};
        doc->sequential = (struct report_sequential){true, "obrien-fleming", 5, 25};
        doc->inputs.n_seeds = 25;
        doc->inputs.seeds = report_doc_alloc(doc, 25, sizeof(double));
        doc->n_pairs = reps[0] + reps[1];
        doc->pairs = report_doc_alloc(doc, (size_t)doc->n_pairs, sizeof(*doc->pairs));
        doc->timing.run_seconds =
            report_doc_alloc(doc, (size_t)doc->n_pairs, sizeof(*doc->timing.run_seconds));
        if (!doc->inputs.seeds || !doc->pairs || !doc->timing.run_seconds)
                return false;
        for (int i = 0; i < 25; i++)
                doc->inputs.seeds[i] = i + 1;
        int j = 0;
        for (int li = 0; li < 2; li++) {
                struct report_load *L = &doc->loads[li];
                L->replications = reps[li];
                L->reason = S(why[li]);
                L->stopped = li == 0 ? "decided" : "max_replications";
                L->n_looks = reps[li] / 5;
                L->looks = report_doc_alloc(doc, (size_t)L->n_looks, sizeof(*L->looks));
                if (!L->looks || !L->reason)
                        return false;
                L->blocked_total[0] = reps[li] * base[li] * 100;
                L->blocked_total[1] = reps[li] * (base[li] + delta[li]) * 100;
                for (int i = 0; i < L->n_looks; i++) {
                        struct report_look *lk = &L->looks[i];
                        lk->replications = 5 * (i + 1);
                        lk->nominal = seq_nominal[i];
                        lk->spent = seq_spent[i];
                        lk->verdict = li == 0 && i == 1 ? STATS_PASS : STATS_INCONCLUSIVE;
                        for (int k = 0; k < REPORT_METRICS; k++) {
                                double f = k ? 1.3 : 1;
                                lk->metric[k] = (struct report_look_metric){
                                    STATS_BASIS_PAIRED, f * seq_bp[li][i].deviation,
                                    f * seq_bp[li][i].lo, f * seq_bp[li][i].hi, lk->verdict};
                        }
                }
                for (int k = 0; k < REPORT_METRICS; k++) {
                        struct report_metric *m = &L->metric[k];
                        const struct report_look_metric *last = &L->looks[L->n_looks - 1].metric[k];
                        m->deviation = last->deviation;
                        m->dev_lo = last->lo;
                        m->dev_hi = last->hi;
                        m->reason = L->reason;
                        m->n_per_seed = reps[li];
                        m->per_seed = report_doc_alloc(doc, (size_t)reps[li], sizeof(double));
                        if (m->per_seed == NULL)
                                return false;
                        for (int rep = 0; rep < reps[li]; rep++)
                                m->per_seed[rep] = m->deviation + 0.1 * (rep % 3 - 1);
                }
                for (int rep = 0; rep < reps[li]; rep++, j++) {
                        struct report_pair *p = &doc->pairs[j];
                        p->erlang = L->erlang;
                        p->replication = rep;
                        run(doc, &p->run[0], rep + 1, base[li] + 0.1 * (rep % 3));
                        run(doc, &p->run[1], rep + 1, base[li] + delta[li] + 0.1 * (rep % 3));
                        double t[5] = {0.002, 0.011, 0.0112, 0.0111, 0.0113};
                        memcpy(doc->timing.run_seconds[j], t, sizeof(t));
                }
        }
        return true;
}

/* FIXTURE_METRICS and FIXTURE_EXACT: seeds 101, 102, 103, so that a
 * replication's number and its seed differ in the texts. */
static void reseed(struct report_doc *doc)
{
        for (int i = 0; i < doc->inputs.n_seeds; i++)
                doc->inputs.seeds[i] = 101 + i;
        for (int j = 0; j < doc->n_pairs; j++)
                for (int role = 0; role < REPORT_ROLES; role++)
                        doc->pairs[j].run[role].seed = 101 + doc->pairs[j].replication;
}

/* A metric with a kind, judged on `basis`: nothing computed yet (NAN,
 * no difference); the caller adds what decided it. */
static void kind_metric(struct report_doc *doc, struct report_metric *m, const char *name,
                        const char *kind, bool primary, enum stats_basis basis,
                        enum stats_verdict v, const char *reason)
{
        *m = (struct report_metric){.name = S(name),
                                    .kind = kind,
                                    .primary = primary,
                                    .basis = basis,
                                    .verdict = v,
                                    .reason = S(reason),
                                    .rel_mean = NAN,
                                    .ratio = NAN,
                                    .p_value = NAN,
                                    .deviation = NAN,
                                    .dev_lo = NAN,
                                    .dev_hi = NAN,
                                    .first_differ = -1,
                                    .first_seed = NAN,
                                    .first_value = {"", ""},
                                    .perf_ratio = NAN,
                                    .perf_lo = NAN,
                                    .perf_hi = NAN};
}

/* Kind exact: `n` replications differ, the first at index `rep`. */
static void differ(struct report_doc *doc, struct report_metric *m, int n, int rep,
                   const char *legacy, const char *orchestrator)
{
        m->n_differ = n;
        m->first_differ = rep;
        m->first_seed = 101 + rep;
        m->first_value[REPORT_LEGACY] = S(legacy);
        m->first_value[REPORT_ORCHESTRATOR] = S(orchestrator);
}

static void perf(struct report_metric *m, double ratio, double lo, double hi, bool slower)
{
        m->perf_computed = true;
        m->perf_ratio = ratio;
        m->perf_lo = lo;
        m->perf_hi = hi;
        m->perf_slower = slower;
}

static bool load_declared(struct report_doc *doc, struct report_load *L, int n)
{
        L->n_declared = n;
        L->declared = report_doc_alloc(doc, (size_t)n, sizeof(*L->declared));
        return L->declared != NULL;
}

/* Checks that every string a fixture function made was allocated. */
static bool metric_complete(const struct report_metric *m)
{
        return m->name && m->reason && m->first_value[0] && m->first_value[1];
}

static const struct report_declared fixture_declared[4] = {
    {.name = "alerts_total",
     .kind = "equivalence",
     .primary = true,
     .unit = "alerts",
     .deviation = STATS_DEV_ABSOLUTE,
     .direction = STATS_DIR_EITHER,
     .t1 = 1,
     .t2 = 5},
    {.name = "digest", .kind = "exact", .primary = true, .unit = ""},
    {.name = "tick_ms", .kind = "performance", .primary = true, .unit = "", .factor = 0.05},
    {.name = "heap_mb",
     .kind = "exact",
     .primary = false,
     .unit = "",
     .abs_tol = 0.5,
     .rel_tol = 0.01},
};

const char fixture_digest_orchestrator[] = "\"ab|13 <b>&amp;\"";

/* FIXTURE_METRICS: the declared metrics of a PASS document, judged as
 * compare/metrics.c would word them; false when out of memory. */
static bool declared(struct report_doc *doc)
{
        static const double dev[2] = {0.3, 0.4};
        static const char *const alerts_why[2] = {
            "alerts_total deviation +0.300 alerts, 90 % decision interval [+0.100, +0.500] "
            "inside +-1 alerts",
            "alerts_total deviation +0.400 alerts, 90 % decision interval [+0.200, +0.600] "
            "inside +-1 alerts"};
        char digest_why[200], flag[300];
        snprintf(digest_why, sizeof(digest_why),
                 "digest: differs on 1 of 3 replications; first at replication 2 (seed 102): "
                 "legacy \"ab12\", orchestrator %s",
                 fixture_digest_orchestrator);
        const char *heap_why = "heap_mb: differs on 1 of 3 replications (within abs_tol 0.5 or "
                               "rel_tol 0.01); first at replication 3 (seed 103): legacy 512.25, "
                               "orchestrator 530.5";
        snprintf(flag, sizeof(flag), "INVESTIGATE: secondary metric %s", heap_why);
        doc->n_declared = 4;
        doc->declared = report_doc_alloc(doc, 4, sizeof(*doc->declared));
        if (doc->declared == NULL)
                return false;
        memcpy(doc->declared, fixture_declared, sizeof(fixture_declared));
        reseed(doc);
        for (int li = 0; li < 2; li++) {
                struct report_load *L = &doc->loads[li];
                if (!load_declared(doc, L, 4))
                        return false;
                struct report_metric *m = L->declared;
                metric(doc, &m[0], 3, dev[li], STATS_PASS, alerts_why[li]);
                m[0].name = S("alerts_total");
                m[0].kind = "equivalence";
                m[0].primary = true;
                m[0].unit = "alerts";
                m[0].first_differ = -1;
                m[0].first_value[0] = m[0].first_value[1] = "";
                if (li == 0) {
                        kind_metric(doc, &m[1], "digest", "exact", true, STATS_BASIS_EQUALITY,
                                    STATS_PASS, "digest: equal on every replication");
                        kind_metric(doc, &m[2], "tick_ms", "performance", true, STATS_BASIS_RATIO,
                                    STATS_PASS,
                                    "tick_ms: orchestrator / legacy 1.01, 90 % interval [0.98, "
                                    "1.04]: not significantly above 1 + 0.05");
                        perf(&m[2], 1.01, 0.98, 1.04, false);
                        kind_metric(doc, &m[3], "heap_mb", "exact", false, STATS_BASIS_EQUALITY,
                                    STATS_PASS,
                                    "heap_mb: equal on every replication (within abs_tol 0.5 or "
                                    "rel_tol 0.01)");
                        char why[700];
                        snprintf(why, sizeof(why), "%s; %s; declared metrics: all pass",
                                 L->metric[0].reason, L->metric[1].reason);
                        L->reason = S(why);
                } else {
                        kind_metric(doc, &m[1], "digest", "exact", true, STATS_BASIS_EQUALITY,
                                    STATS_PLANNED_ROLLBACK, digest_why);
                        differ(doc, &m[1], 1, 1, "\"ab12\"", fixture_digest_orchestrator);
                        kind_metric(doc, &m[2], "tick_ms", "performance", true, STATS_BASIS_RATIO,
                                    STATS_MONITOR,
                                    "tick_ms: orchestrator / legacy 1.12, 90 % interval [1.08, "
                                    "1.16] wholly above 1 + 0.05: significantly worse");
                        perf(&m[2], 1.12, 1.08, 1.16, true);
                        kind_metric(doc, &m[3], "heap_mb", "exact", false, STATS_BASIS_EQUALITY,
                                    STATS_PLANNED_ROLLBACK, heap_why);
                        differ(doc, &m[3], 1, 2, "512.25", "530.5");
                        L->verdict = STATS_PLANNED_ROLLBACK;
                        L->reason = m[1].reason;
                        L->n_flags = 1;
                        L->flags = report_doc_alloc(doc, 1, sizeof(char *));
                        if (L->flags == NULL)
                                return false;
                        L->flags[0] = S(flag);
                        if (L->flags[0] == NULL)
                                return false;
                }
                for (int j = 0; j < 4; j++)
                        if (!metric_complete(&m[j]))
                                return false;
                if (L->reason == NULL)
                        return false;
        }
        return true;
}

/* FIXTURE_EXACT: a PASS document compared with --exact: BP, BBP and the
 * declared metrics judged by equality, and the trace hashes; at load 450
 * the orchestrator blocked one request more at its first replication.
 * False when out of memory. */
static bool characterised(struct report_doc *doc)
{
        doc->n_declared = 2;
        doc->declared = report_doc_alloc(doc, 2, sizeof(*doc->declared));
        if (doc->declared == NULL)
                return false;
        memcpy(doc->declared, fixture_declared, 2 * sizeof(*doc->declared));
        reseed(doc);
        struct report_run *o = &doc->pairs[3].run[REPORT_ORCHESTRATOR];
        o->blocked = 651;
        o->bp = o->blocked / o->requests;
        doc->pairs[3].run[REPORT_LEGACY].trace_hash = "9e3779b97f4a7c15";
        o->trace_hash = "9e3779b97f4a7c16";
        static const char *const bp_why =
            "BP: differs on 1 of 3 replications; first at replication 1 (seed 101): legacy 650 "
            "of 10000 blocked, orchestrator 651 of 10000 blocked; mean deviation +0.003333 pp";
        doc->exact =
            (struct report_exact){.on = true,
                                  .differs = true,
                                  .erlang = 450,
                                  .seed = 101,
                                  .replication = 0,
                                  .metric = "bp",
                                  .value = {"650 of 10000 blocked", "651 of 10000 blocked"}};
        static const char *const names3[3] = {"alerts_total", "digest", "trace_hash"};
        for (int li = 0; li < 2; li++) {
                struct report_load *L = &doc->loads[li];
                bool differs = li == 1;
                const char *why[REPORT_METRICS] = {
                    differs ? bp_why : "BP: equal on every replication",
                    differs ? "BBP: differs on 1 of 3 replications; first at replication 1 (seed "
                              "101): legacy 7.8, orchestrator 7.8012; mean deviation +0.0004 pp"
                            : "BBP: equal on every replication"};
                for (int k = 0; k < REPORT_METRICS; k++) {
                        struct report_metric *m = &L->metric[k];
                        kind_metric(doc, m, k ? "bbp" : "bp", "exact", true, STATS_BASIS_EQUALITY,
                                    differs ? STATS_PLANNED_ROLLBACK : STATS_PASS, why[k]);
                        m->unit = "pp";
                        m->deviation = 0;
                        if (differs) {
                                m->deviation = k ? 0.0004 : 0.003333;
                                differ(doc, m, 1, 0, k ? "7.8" : "650 of 10000 blocked",
                                       k ? "7.8012" : "651 of 10000 blocked");
                        }
                        if (!metric_complete(m))
                                return false;
                }
                if (!load_declared(doc, L, 3))
                        return false;
                for (int j = 0; j < 3; j++) {
                        char why[200];
                        bool d = differs && j == 2;
                        if (d)
                                snprintf(why, sizeof(why),
                                         "trace_hash: differs on 1 of 3 replications; first at "
                                         "replication 1 (seed 101): legacy \"%s\", orchestrator "
                                         "\"%s\"",
                                         doc->pairs[3].run[0].trace_hash, o->trace_hash);
                        else
                                snprintf(why, sizeof(why), "%s: equal on every replication",
                                         names3[j]);
                        kind_metric(doc, &L->declared[j], names3[j], "exact", true,
                                    STATS_BASIS_EQUALITY, d ? STATS_PLANNED_ROLLBACK : STATS_PASS,
                                    why);
                        if (d)
                                differ(doc, &L->declared[j], 1, 0, "\"9e3779b97f4a7c15\"",
                                       "\"9e3779b97f4a7c16\"");
                        if (!metric_complete(&L->declared[j]))
                                return false;
                }
                L->verdict = differs ? STATS_PLANNED_ROLLBACK : STATS_PASS;
                L->reason = differs ? L->metric[0].reason
                                    : S("BP: equal on every replication; BBP: equal on every "
                                        "replication; declared metrics: all pass");
                if (L->reason == NULL)
                        return false;
        }
        return true;
}

struct report_doc *fixture_doc(enum fixture_kind kind)
{
        struct report_doc *doc = report_doc_create();
        if (doc == NULL)
                return NULL;
        const enum fixture_kind asked = kind;
        if (kind == FIXTURE_HOSTILE)
                kind = FIXTURE_PLANNED; /* its numbers; the strings follow at the end */
        if (kind == FIXTURE_SEQUENTIAL)
                kind = FIXTURE_INCONCLUSIVE; /* its verdicts; the looks follow */
        if (kind == FIXTURE_METRICS || kind == FIXTURE_EXACT)
                kind = FIXTURE_PASS; /* its BP and BBP; the metrics follow */
        doc->tool = "rollgate";
        doc->version = "0.1.0";
        doc->complete = true;
        doc->action.rollback_env = "USE_ORCHESTRATOR";
        doc->action.rollback_config_key = "use_orchestrator";
        doc->inputs.config = S("fixtures/configs/default.ini");
        doc->inputs.topology = "NSFNet";
        doc->inputs.have_model = true;
        doc->inputs.nodes = 14;
        doc->inputs.links = 21;
        doc->inputs.k_paths = 3;
        doc->inputs.cores = 1;
        doc->inputs.slots = 128;
        doc->inputs.guard_slots = 1;
        doc->inputs.allocation = "first_fit";
        doc->inputs.mod_assumption = "DEFAULT";
        doc->inputs.holding_time = 1;
        doc->inputs.requests = 10000;
        doc->inputs.arrival_rate = "erlang / holding_time";
        doc->inputs.n_dist = 2;
        doc->inputs.dist_label = report_doc_alloc(doc, 2, sizeof(char *));
        doc->inputs.dist_prob = report_doc_alloc(doc, 2, sizeof(double));
        doc->inputs.n_loads = doc->n_loads = 2;
        doc->inputs.loads = report_doc_alloc(doc, 2, sizeof(double));
        doc->inputs.n_seeds = 3;
        doc->inputs.seeds = report_doc_alloc(doc, 3, sizeof(double));
        doc->loads = report_doc_alloc(doc, 2, sizeof(*doc->loads));
        doc->n_pairs = 6;
        doc->pairs = report_doc_alloc(doc, 6, sizeof(*doc->pairs));
        doc->timing.perf = report_doc_alloc(doc, 2, sizeof(*doc->timing.perf));
        doc->timing.run_seconds = report_doc_alloc(doc, 6, sizeof(*doc->timing.run_seconds));
        if (!doc->inputs.dist_label || !doc->inputs.dist_prob || !doc->inputs.loads ||
            !doc->inputs.seeds || !doc->loads || !doc->pairs || !doc->timing.perf ||
            !doc->timing.run_seconds) {
                report_doc_destroy(doc);
                return NULL;
        }
        doc->inputs.dist_label[0] = "100";
        doc->inputs.dist_label[1] = "400";
        doc->inputs.dist_prob[0] = 0.5;
        doc->inputs.dist_prob[1] = 0.5;
        doc->inputs.loads[0] = 300;
        doc->inputs.loads[1] = 450;
        for (int i = 0; i < 3; i++)
                doc->inputs.seeds[i] = i + 1;
        doc->inputs.paired = true;
        doc->inputs.legacy = "builtin:legacy";
        doc->inputs.orchestrator = "builtin:orchestrator";
        doc->inputs.inject = kind == FIXTURE_PLANNED ? "drop=0.05" : "";
        doc->policy.deviation = STATS_DEV_ABSOLUTE;
        doc->policy.direction = STATS_DIR_EITHER;
        doc->policy.t1 = 2;
        doc->policy.t2 = 10;
        doc->policy.confidence = 0.95;
        doc->policy.decision_level = 0.9;
        doc->policy.perf_threshold = 0.05;
        doc->policy.low_signal_blocked = 50;
        doc->policy.holm_tests = 4;
        doc->notification.project = "rollgate";
        doc->notification.team = "simulation";
        doc->notification.channel = "#sim-oncall";

        double base[2] = {1.2, 6.5};
        double delta[2] = {0, 0};
        enum stats_verdict v[2] = {STATS_PASS, STATS_PASS};
        const char *why[2] = {"BP deviation +0.000 pp, 90 % decision interval [-0.200, +0.200] "
                              "inside +-2 pp",
                              "BP deviation +0.000 pp, 90 % decision interval [-0.200, +0.200] "
                              "inside +-2 pp"};
        if (kind == FIXTURE_PLANNED) {
                delta[1] = 4;
                v[1] = STATS_PLANNED_ROLLBACK;
                why[1] = "BP deviation +4.000 pp, 90 % decision interval [+3.800, +4.200] beyond "
                         "T1 2 pp, below T2 10 pp (Holm-adjusted p 0.0044)";
        } else if (kind == FIXTURE_INCONCLUSIVE) {
                delta[1] = 1.9;
                v[1] = STATS_INCONCLUSIVE;
                why[1] = "BP deviation +1.900 pp, 90 % decision interval [+1.700, +2.100] "
                         "straddles T1 2 pp";
        }
        for (int li = 0; li < 2; li++) {
                struct report_load *L = &doc->loads[li];
                L->erlang = doc->inputs.loads[li];
                L->replications = 3;
                L->verdict = v[li];
                L->reason = S(why[li]);
                L->blocked_total[0] = 3 * base[li] * 100;
                L->blocked_total[1] = 3 * (base[li] + delta[li]) * 100;
                for (int k = 0; k < REPORT_METRICS; k++)
                        metric(doc, &L->metric[k], base[li] * (k ? 1.3 : 1),
                               delta[li] * (k ? 1.3 : 1),
                               k == 0 ? v[li]
                                      : (v[li] == STATS_PLANNED_ROLLBACK ? STATS_PLANNED_ROLLBACK
                                                                         : v[li]),
                               why[li]);
                L->secondary.block_reasons = (struct report_chisq){false, 0, 0, 0, 0};
                L->secondary.modulations = (struct report_chisq){true, 1.25, 1, 0.26, 1};
                L->secondary.have_length = L->secondary.have_hops = L->secondary.have_bias = true;
                L->secondary.length_rel = 0.001;
                L->secondary.hops_diff = 0.002;
                L->secondary.bias_higher = delta[li] > 0 ? 3 : 1;
                L->secondary.bias_lower = delta[li] > 0 ? 0 : 1;
                L->secondary.bias_ties = delta[li] > 0 ? 0 : 1;
                L->secondary.bias_p = delta[li] > 0 ? 0.25 : 1;
                L->resolution_pp = 0.3;
                doc->timing.perf[li] =
                    (struct report_perf){L->erlang, true, 1.01, 0.97, 1.05, false};
                for (int rep = 0; rep < 3; rep++) {
                        struct report_pair *p = &doc->pairs[li * 3 + rep];
                        p->erlang = L->erlang;
                        p->replication = rep;
                        run(doc, &p->run[0], rep + 1, base[li] + 0.1 * rep);
                        run(doc, &p->run[1], rep + 1, base[li] + delta[li] + 0.1 * rep);
                        double t[5] = {0.002, 0.011, 0.0112, 0.0111, 0.0113};
                        memcpy(doc->timing.run_seconds[li * 3 + rep], t, sizeof(t));
                }
        }
        if (kind == FIXTURE_PASS || kind == FIXTURE_INCONCLUSIVE)
                for (int li = 0; li < 2 && kind == FIXTURE_PASS; li++)
                        doc->loads[li].identical = false;
        if (kind == FIXTURE_LOW_SIGNAL) {
                struct report_load *L = &doc->loads[0];
                L->low_signal = true;
                L->resolution_pp = 1.4;
                L->resolution_warning = true;
                L->blocked_total[0] = 12;
                L->blocked_total[1] = 14;
                for (int k = 0; k < REPORT_METRICS; k++) {
                        struct report_metric *m = &L->metric[k];
                        m->basis = STATS_BASIS_EXACT;
                        m->deviation = 0.0067;
                        m->dev_lo = -0.05;
                        m->dev_hi = 0.07;
                        m->reason = S("low signal (26 blocked): exact bounds [-0.050, +0.070] pp "
                                      "inside +-2 pp");
                }
                L->reason = L->metric[0].reason;
                L->n_flags = 1;
                L->flags = report_doc_alloc(doc, 1, sizeof(char *));
                if (L->flags)
                        L->flags[0] = S("WARN: low signal: 26 blocked requests over all runs");
        }
        if (kind == FIXTURE_EMERGENCY) {
                struct report_load *L = &doc->loads[1];
                L->verdict = STATS_EMERGENCY_ROLLBACK;
                L->reason = S("orchestrator failed at seed 2: crash at request 500 (injected)");
                for (int k = 0; k < REPORT_METRICS; k++) {
                        struct report_metric *m = &L->metric[k];
                        *m = (struct report_metric){.basis = STATS_BASIS_FAILED,
                                                    .verdict = STATS_EMERGENCY_ROLLBACK,
                                                    .reason = L->reason,
                                                    .rel_mean = NAN};
                }
                struct report_run *r = &doc->pairs[4].run[1];
                r->ok = false;
                r->error = S("crash at request 500 (injected)");
                r->has |= REPORT_HAS_FAIL_REQUEST;
                r->fail_request = 500;
                doc->timing.perf[1] = (struct report_perf){450, false, NAN, NAN, NAN, false};
                doc->diagnosis = (struct report_diagnosis){
                    .present = true,
                    .erlang = 450,
                    .seed = 2,
                    .request = 500,
                    .compared = 499,
                    .decision = {S("route 1, slots 12-15, QPSK"), S("failed: crash")}};
        }
        if (kind == FIXTURE_HARNESS) {
                struct report_pair *p = &doc->pairs[1];
                p->harness_error = S("cannot create the run directory /tmp/x: Permission denied");
                struct report_load *L0 = &doc->loads[0];
                L0->verdict = STATS_HARNESS_ERROR;
                L0->reason = S("harness error at replication 1: cannot create the run directory");
                struct report_load *L1 = &doc->loads[1];
                L1->verdict = STATS_HARNESS_ERROR;
                L1->reason = S("legacy failed at seed 3: exit status 1");
                struct report_run *r = &doc->pairs[5].run[0];
                r->ok = false;
                r->error = S("exit status 1");
                for (int li = 0; li < 2; li++)
                        for (int k = 0; k < REPORT_METRICS; k++) {
                                struct report_metric *m = &doc->loads[li].metric[k];
                                *m = (struct report_metric){.basis = STATS_BASIS_FAILED,
                                                            .verdict = STATS_HARNESS_ERROR,
                                                            .reason = doc->loads[li].reason,
                                                            .rel_mean = NAN};
                                doc->timing.perf[li].computed = false;
                        }
        }
        if ((asked == FIXTURE_SEQUENTIAL && !sequential(doc)) ||
            (asked == FIXTURE_METRICS && !declared(doc)) ||
            (asked == FIXTURE_EXACT && !characterised(doc))) {
                report_doc_destroy(doc);
                return NULL;
        }
        enum stats_verdict worst = STATS_PASS;
        int wl = 0;
        for (int li = 0; li < 2; li++)
                if (doc->loads[li].verdict > worst) {
                        worst = doc->loads[li].verdict;
                        wl = li;
                }
        doc->verdict = worst;
        doc->exit_code = stats_verdict_exit_code(worst);
        char reason[1200];
        if (worst == STATS_PASS)
                snprintf(reason, sizeof(reason), "every load within the equivalence thresholds");
        else
                snprintf(reason, sizeof(reason), "erlang %g: %s", doc->loads[wl].erlang,
                         doc->loads[wl].reason);
        doc->reason = S(reason);
        switch (worst) {
        case STATS_PLANNED_ROLLBACK:
                doc->action.level = 2;
                doc->action.text = "Level 2 planned rollback: set use_orchestrator = false in the "
                                   "configs of the affected loads (450 Erlang), notify users, open "
                                   "an investigation ticket";
                break;
        case STATS_EMERGENCY_ROLLBACK:
                doc->action.level = 1;
                doc->action.text = "Level 1 emergency rollback: export USE_ORCHESTRATOR=0 and "
                                   "restart the simulation processes; verify the legacy path is "
                                   "used; document and notify";
                break;
        case STATS_INCONCLUSIVE:
                doc->action.text = "none yet: run more replications (or more requests per run) "
                                   "before deciding (loads 450)";
                doc->loads[1].metric[0].replications_needed = asked == FIXTURE_SEQUENTIAL ? 40 : 14;
                break;
        case STATS_HARNESS_ERROR:
                doc->action.text = "none: fix the harness or the legacy side first; this run says "
                                   "nothing about the orchestrator";
                break;
        default:
                doc->action.text = "none: the orchestrator may stay on or be re-enabled "
                                   "(USE_ORCHESTRATOR=1, use_orchestrator = true)";
        }
        doc->timing.threads = 2;
        doc->timing.wall_seconds = 0.21;
        doc->timing.started = "2026-12-01T21:55:03Z";
        doc->timing.finished = "2026-12-01T21:55:04Z";
        doc->timing.host = "ci-runner";
        doc->timing.online_cpus = 2;
        doc->timing.performance_clock = "thread_cpu";
        doc->timing.pooled =
            (struct report_perf){0, worst != STATS_HARNESS_ERROR, 1.01, 0.99, 1.03, false};
        if (!doc->timing.pooled.computed)
                doc->timing.pooled.ratio = doc->timing.pooled.lo = doc->timing.pooled.hi = NAN;
        if (asked == FIXTURE_HOSTILE && !hostile(doc)) {
                report_doc_destroy(doc);
                return NULL;
        }
        return doc;
}
