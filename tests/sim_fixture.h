/* Builds small simulation models in memory for the tests. */
#ifndef SIM_FIXTURE_H
#define SIM_FIXTURE_H

#include "../sim/engine.h"
#include "../sim/legacy.h"
#include "testutil.h"

/* A chain of links "0-1", "1-2", ... given by their lengths in km. */
static inline struct sim_topology *fixture_chain(const double *km, int n_links)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("chain");
        for (int i = 0; i < n_links; i++) {
                char a[16], b[16];
                snprintf(a, sizeof(a), "%d", i);
                snprintf(b, sizeof(b), "%d", i + 1);
                CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, a, b, km[i], NULL, &eb), RG_OK);
        }
        CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
        return t;
}

static inline struct sim_model *fixture_model(struct sim_topology *t, const struct sim_modtable *mt,
                                              int k, int cores, int slots, int guard,
                                              enum sim_fit fit)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_params par = {
            .k_paths = k, .cores = cores, .slots = slots, .guard = guard, .fit = fit};
        struct sim_model *m = NULL;
        int rc = sim_model_create(t, mt, &par, &m, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "fixture_model: %s\n", eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        return m;
}

/*
 * A hand-made stream: requests given in arrival order with explicit times
 * (the engine puts their departures in order).
 */
struct fixture_req {
        int src, dst, cls;
        double arrive, depart;
};

static inline void fixture_stream(struct sim_stream *s, const struct fixture_req *r, int n)
{
        sim_stream_init(s);
        s->n = (uint32_t)n;
        s->cap = (uint32_t)n;
        s->req = calloc((size_t)n, sizeof(*s->req));
        CU_ASSERT_PTR_NOT_NULL_FATAL(s->req);
        for (int i = 0; i < n; i++)
                s->req[i] = (struct sim_request){.arrive = r[i].arrive,
                                                 .depart = r[i].depart,
                                                 .src = (uint16_t)r[i].src,
                                                 .dst = (uint16_t)r[i].dst,
                                                 .cls = (uint8_t)r[i].cls};
}

#endif
