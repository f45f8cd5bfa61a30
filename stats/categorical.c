#include "categorical.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

/* Expected counts come from the margins of the kept categories only: a
 * category neither path ever produced carries no information and would add a
 * 0/0 term and a spurious degree of freedom. */
int stats_chisq_2xk(const double *a, const double *b, int k, struct stats_chisq *out)
{
        if (a == NULL || b == NULL || out == NULL || k < 1)
                return RG_RANGE;
        double total_a = 0.0, total_b = 0.0;
        int kept = 0;
        for (int i = 0; i < k; i++) {
                if (!(isfinite(a[i]) && a[i] >= 0.0 && isfinite(b[i]) && b[i] >= 0.0))
                        return RG_RANGE;
                total_a += a[i];
                total_b += b[i];
                if (a[i] + b[i] > 0.0)
                        kept++;
        }
        if (!(total_a > 0.0 && total_b > 0.0))
                return RG_RANGE;

        struct stats_chisq c = {.statistic = 0.0, .df = kept - 1, .p_value = 1.0, .dispersion = 1};
        if (c.df >= 1) {
                double total = total_a + total_b;
                for (int i = 0; i < k; i++) {
                        double col = a[i] + b[i];
                        if (col == 0.0)
                                continue;
                        double ea = total_a * col / total;
                        double eb = total_b * col / total;
                        c.statistic += (a[i] - ea) * (a[i] - ea) / ea;
                        c.statistic += (b[i] - eb) * (b[i] - eb) / eb;
                }
                c.p_value = gsl_cdf_chisq_Q(c.statistic, c.df);
        }
        *out = c;
        return RG_OK;
}

/* Two-sided exact p-value: twice the smaller binomial tail, capped at 1 (the
 * distribution is symmetric at 1/2, so this is also the "as extreme"
 * definition). */
int stats_sign_test(const double *x, const double *y, int n, struct stats_sign *out)
{
        if (x == NULL || y == NULL || out == NULL || n < 0)
                return RG_RANGE;
        struct stats_sign s = {.share = 0.0, .p_value = 1.0};
        for (int i = 0; i < n; i++) {
                if (isnan(x[i]) || isnan(y[i]))
                        return RG_RANGE;
                if (y[i] > x[i])
                        s.above++;
                else if (y[i] < x[i])
                        s.below++;
                else
                        s.ties++;
        }
        int untied = s.above + s.below;
        if (untied > 0) {
                int most = s.above > s.below ? s.above : s.below;
                int least = untied - most;
                s.share = (double)most / untied;
                s.p_value =
                    fmin(1.0, 2.0 * gsl_cdf_binomial_P((unsigned)least, 0.5, (unsigned)untied));
        }
        *out = s;
        return RG_OK;
}

int stats_chisq_2xk_dispersed(const double *a, const double *b, int k, double phi,
                              struct stats_chisq *out)
{
        if (!(phi >= 1) || !isfinite(phi))
                return RG_RANGE;
        int rc = stats_chisq_2xk(a, b, k, out);
        if (rc != RG_OK)
                return rc;
        out->dispersion = phi;
        out->statistic /= phi;
        if (out->df >= 1)
                out->p_value = gsl_cdf_chisq_Q(out->statistic, out->df);
        return RG_OK;
}
