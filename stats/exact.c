#include "exact.h"

#include <math.h>
#include <stdbool.h>

#include <gsl/gsl_cdf.h>

/*
 * x in [0, 1] where the beta(a, b) lower tail P (upper = false, increasing in
 * x) or upper tail Q (upper = true, decreasing) equals `target`, by bisection
 * down to adjacent doubles.  gsl_cdf_beta_Pinv would be the obvious call, but
 * its Newton iteration gives up (NaN) for the shapes a low-signal load
 * produces, e.g. a = 4, b = 1e5 - 3; the incomplete beta function itself is
 * reliable there, and solving on the tail that is small keeps relative
 * precision near 0.  Returns NaN if the tail cannot be evaluated.
 */
static double beta_tail_inverse(double target, double a, double b, bool upper)
{
        double lo = 0.0, hi = 1.0;
        for (;;) {
                double mid = lo + (hi - lo) / 2.0;
                if (mid <= lo || mid >= hi)
                        return mid;
                double f = upper ? gsl_cdf_beta_Q(mid, a, b) : gsl_cdf_beta_P(mid, a, b);
                if (isnan(f))
                        return NAN;
                if (upper ? f > target : f < target)
                        lo = mid;
                else
                        hi = mid;
        }
}

/*
 * The bounds solve P(X >= k | lo) = alpha/2 and P(X <= k | hi) = alpha/2 for
 * X ~ Binomial(n, p), i.e. lo is the alpha/2 quantile of beta(k, n - k + 1)
 * and hi the 1 - alpha/2 quantile of beta(k + 1, n - k).  At k = 0 and k = n
 * the tail is a single term, (1 - p)^n or p^n, so the bound has a closed form
 * and no search is needed.
 */
int stats_clopper_pearson(double k, double n, double level, double *lo, double *hi)
{
        if (lo == NULL || hi == NULL || !isfinite(k) || !isfinite(n) || !(n > 0.0) ||
            !(k >= 0.0 && k <= n) || !(level > 0.0 && level < 1.0))
                return RG_RANGE;
        double half_alpha = (1.0 - level) / 2.0;
        double l, h;
        if (k == 0.0)
                l = 0.0;
        else if (k == n)
                l = exp(log(half_alpha) / n);
        else
                l = beta_tail_inverse(half_alpha, k, n - k + 1.0, false);
        if (k == n)
                h = 1.0;
        else if (k == 0.0)
                h = -expm1(log(half_alpha) / n);
        else
                h = beta_tail_inverse(half_alpha, k + 1.0, n - k, true);
        if (!isfinite(l) || !isfinite(h))
                return RG_INTERNAL;
        *lo = l;
        *hi = h;
        return RG_OK;
}
