#include "evidence.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "exact.h"
#include "summary.h"

int stats_evidence_t(double mean, double se, double df, double t1, double alpha, bool increase_only,
                     struct stats_evidence *out)
{
        if (!isfinite(mean) || !(se >= 0) || !isfinite(se) || !(df >= 1) || !(t1 > 0) ||
            !(alpha > 0 && alpha < 0.5))
                return RG_RANGE;
        struct stats_evidence e = {.mean = mean};
        double q = stats_t_quantile(1 - alpha, df);
        e.lo = mean - q * se;
        e.hi = mean + q * se;
        /* one-sided p of H0 "deviation >= x" is P(T <= (mean - x) / se) */
        double up, down; /* H0 deviation >= t1, H0 deviation <= -t1 */
        if (se > 0) {
                up = gsl_cdf_tdist_P((mean - t1) / se, df);
                down = gsl_cdf_tdist_Q((mean + t1) / se, df);
        } else {
                up = mean < t1 ? 0 : 1;
                down = mean > -t1 ? 0 : 1;
        }
        e.p_inside = increase_only ? up : fmax(up, down);
        /* the claim is made on the side of the estimate */
        bool upper = increase_only || mean >= 0;
        if (se > 0)
                e.p_beyond = upper ? gsl_cdf_tdist_Q((mean - t1) / se, df)
                                   : gsl_cdf_tdist_P((mean + t1) / se, df);
        else
                e.p_beyond = upper ? (mean > t1 ? 0 : 1) : (mean < -t1 ? 0 : 1);
        *out = e;
        return RG_OK;
}

/* The difference bounds with each path's one-sided level a (in (0, 0.5)). */
struct exact_in {
        double k[2], n[2], phi;
        const double *scale_lo, *scale_hi;
        bool relative;
};

static int bounds_at(void *ctx, double a, double *lo, double *hi)
{
        const struct exact_in *x = ctx;
        double plo[2], phi_[2];
        for (int i = 0; i < 2; i++) {
                double l, h;
                /* a two-sided interval at 1 - 2a has one-sided a on each side */
                int rc =
                    stats_clopper_pearson(x->k[i] / x->phi, x->n[i] / x->phi, 1 - 2 * a, &l, &h);
                if (rc != RG_OK)
                        return rc;
                plo[i] = l * x->scale_lo[i];
                phi_[i] = fmin(1.0, h * x->scale_hi[i]);
        }
        if (!x->relative) {
                *lo = 100 * (plo[1] - phi_[0]);
                *hi = 100 * (phi_[1] - plo[0]);
                return RG_OK;
        }
        *lo = phi_[0] > 0 ? 100 * (plo[1] - phi_[0]) / phi_[0] : -INFINITY;
        *hi = plo[0] > 0 ? 100 * (phi_[1] - plo[0]) / plo[0] : INFINITY;
        return RG_OK;
}

double stats_evidence_level_p(int (*bounds)(void *ctx, double a, double *lo, double *hi), void *ctx,
                              enum stats_evidence_side side, double t1, int *rc)
{
        double a_lo = 1e-300, a_hi = 0.5 - 1e-12;
        double lo, hi;
        *rc = RG_OK;
#define HOLDS(a)                                                                                   \
        ((*rc = bounds(ctx, (a), &lo, &hi)) == RG_OK &&                                            \
         (side == STATS_UPPER_BELOW       ? hi < t1                                                \
          : side == STATS_LOWER_ABOVE_NEG ? lo > -t1                                               \
          : side == STATS_LOWER_ABOVE     ? lo > t1                                                \
                                          : hi < -t1))
        if (!HOLDS(a_hi))
                return *rc == RG_OK ? 1.0 : NAN;
        if (HOLDS(a_lo))
                return 2 * a_lo;
        for (int it = 0; it < 200; it++) {
                double mid = sqrt(a_lo * a_hi); /* the p-values span many decades */
                if (mid <= a_lo || mid >= a_hi)
                        break;
                if (HOLDS(mid))
                        a_hi = mid;
                else
                        a_lo = mid;
        }
#undef HOLDS
        return *rc == RG_OK ? 2 * a_hi : NAN;
}

int stats_evidence_exact(double k0, double n0, double k1, double n1, double phi,
                         const double scale_lo[2], const double scale_hi[2], bool relative,
                         double t1, double alpha, bool increase_only, struct stats_evidence *out)
{
        if (!(phi >= 1) || !(t1 > 0) || !(alpha > 0 && alpha < 0.5) || !(n0 > 0) || !(n1 > 0) ||
            !(k0 >= 0 && k0 <= n0) || !(k1 >= 0 && k1 <= n1))
                return RG_RANGE;
        struct exact_in x = {.k = {k0, k1},
                             .n = {n0, n1},
                             .phi = phi,
                             .scale_lo = scale_lo,
                             .scale_hi = scale_hi,
                             .relative = relative};
        struct stats_evidence e;
        /* the decision interval: each path one-sided at alpha / 2 */
        int rc = bounds_at(&x, alpha / 2, &e.lo, &e.hi);
        if (rc != RG_OK)
                return rc;
        double p0 = k0 / n0, p1 = k1 / n1;
        e.mean =
            relative ? (p0 > 0 ? 100 * (p1 - p0) / p0 : (p1 > 0 ? INFINITY : 0)) : 100 * (p1 - p0);
        double up = stats_evidence_level_p(bounds_at, &x, STATS_UPPER_BELOW, t1, &rc);
        double down = rc == RG_OK
                          ? stats_evidence_level_p(bounds_at, &x, STATS_LOWER_ABOVE_NEG, t1, &rc)
                          : NAN;
        if (rc != RG_OK)
                return rc;
        e.p_inside = increase_only ? up : fmax(up, down);
        bool upper = increase_only || e.mean >= 0;
        e.p_beyond = stats_evidence_level_p(
            bounds_at, &x, upper ? STATS_LOWER_ABOVE : STATS_UPPER_BELOW_NEG, t1, &rc);
        if (rc != RG_OK)
                return rc;
        *out = e;
        return RG_OK;
}
