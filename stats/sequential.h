/*
 * Group-sequential designs: error control over repeated looks at
 * accumulating replications (SPEC section 10).  Pure functions, no I/O; safe
 * from any thread.
 *
 * The model (Jennison & Turnbull, "Group Sequential Methods with
 * Applications to Clinical Trials", 2000, ch. 3 and 19): at look j the
 * standardised statistic Z_j has the canonical joint distribution -- Z_j
 * ~ N(theta sqrt(I_j), 1), Cov(Z_i, Z_j) = sqrt(I_i / I_j) for i <= j,
 * independent increments of Z_j sqrt(I_j) -- with information I_j (here:
 * replications) and information fractions t_j = I_j / I_max.
 *
 * A one-sided test at overall level alpha rejects H0 at look j when Z_j >=
 * c_j.  Lan-DeMets alpha spending (Lan & DeMets 1983, Biometrika 70:659-663)
 * chooses c_j so that, under H0 (theta = 0),
 *
 *   P(Z_1 < c_1, ..., Z_{j-1} < c_{j-1}, Z_j >= c_j) = f(t_j) - f(t_{j-1}),
 *
 * f(0) = 0 and f(1) = alpha, so the chance of a false rejection at any look
 * is at most alpha however many looks are taken, and looks that are never
 * taken (the comparison stopped) only lower it.  Spending functions:
 *
 *   O'Brien-Fleming-like  f(t) = 2 - 2 Phi(Phi^-1(1 - alpha / 2) / sqrt(t))
 *   Pocock-like           f(t) = alpha ln(1 + (e - 1) t)
 *
 * The probabilities are computed by the recursive numerical integration of
 * Armitage, McPherson & Rowe (1969) as Jennison & Turnbull ch. 19 lay it
 * out (Simpson's rule on a grid per look).
 */
#ifndef STATS_SEQUENTIAL_H
#define STATS_SEQUENTIAL_H

#include <stdbool.h>

#include "../common/error.h"

enum stats_spending { STATS_SPEND_OBF, STATS_SPEND_POCOCK };

/* "obrien-fleming", "pocock"; from_name false for anything else. */
const char *stats_spending_name(enum stats_spending f);
bool stats_spending_from_name(const char *name, enum stats_spending *out);

/* The most looks a design may have. */
#define STATS_SEQ_MAX_LOOKS 64

/* The cumulative level spent by information fraction t: f(t) above; 0 for
 * t <= 0, alpha for t >= 1.  NAN for an unknown f, alpha outside (0, 1) or
 * a NaN t. */
double stats_spending_alpha(enum stats_spending f, double alpha, double t);

/*
 * Boundaries c[0..k-1] of the one-sided design at overall level alpha
 * (0 < alpha < 1) for looks at fractions t[0..k-1] (strictly increasing,
 * 0 < t <= 1, k <= STATS_SEQ_MAX_LOOKS).  A look whose spending increment
 * is negligible (below 1e-15) gets +INFINITY (it cannot reject).  RG_RANGE
 * for bad input, and for two looks so close (a relative information
 * increment below about 5e-7) that the grid would need more than 2^18
 * points; RG_NOMEM.
 */
int stats_seq_bounds(enum stats_spending f, double alpha, const double *t, int k, double *c);

/* The same for the two-sided symmetric design (reject when |Z_j| >= c_j;
 * alpha is the two-sided level, spent over both sides). */
int stats_seq_bounds_two_sided(enum stats_spending f, double alpha, const double *t, int k,
                               double *c);

/*
 * The nominal one-sided level of the last look, k: 1 - Phi(c_k) of the
 * one-sided design at alpha over t[0..k-1] -- a stagewise p-value at look k
 * at most this rejects.  NAN for bad input; 0 when the look cannot reject.
 */
double stats_seq_nominal(enum stats_spending f, double alpha, const double *t, int k);

/*
 * The sequential p-value of a stagewise one-sided p-value p observed at the
 * last look, k: the smallest overall level alpha' for which the design at
 * alpha' over t[0..k-1] rejects at look k, i.e. p <= stats_seq_nominal(f,
 * alpha', t, k).  Monotone in p; at k = 1 it is f^-1(p).  In [0, 1]: 1 when
 * no alpha' up to 0.5 rejects.  Comparing it with alpha is the same
 * decision as comparing p with the nominal level at alpha, so a family of
 * such p-values can go into the Holm correction (each hypothesis then has
 * its own group-sequential test at the level Holm gives it: the graphical
 * approach of Maurer & Bretz 2013, Stat. Biopharm. Res. 5:311-320).  NAN
 * for bad input.  A p below 1e-15 is taken as 1e-15 (no look's spending is
 * resolved below that), so k = 1 gives f^-1(max(p, 1e-15)).
 */
double stats_seq_p(enum stats_spending f, const double *t, int k, double p);

/*
 * Classical group-sequential constants for k equally spaced looks,
 * two-sided level alpha (Jennison & Turnbull tables 2.1 and 2.3): Pocock's
 * constant boundary c_j = C, O'Brien & Fleming's c_j = C sqrt(k / j).
 * shape STATS_SPEND_POCOCK or STATS_SPEND_OBF names which.  RG_RANGE for
 * bad input.
 */
int stats_seq_classical(enum stats_spending shape, double alpha, int k, double *C);

/*
 * Where a design stops, with a drift: at look j the Z line is cut at
 * n_cuts non-decreasing points (at most STATS_SEQ_MAX_CUTS; +-INFINITY
 * allowed; equal cuts make an empty cell)
 * into n_cuts + 1 cells, cell i labelled label[i]: 0 continue, 1 ..
 * STATS_SEQ_LABELS - 1 stop with that label.  info[j] > 0 increasing.
 */
#define STATS_SEQ_MAX_CUTS 6
#define STATS_SEQ_LABELS 4

struct stats_seq_look {
        double info;
        int n_cuts;
        double cut[STATS_SEQ_MAX_CUTS];
        int label[STATS_SEQ_MAX_CUTS + 1];
};

/*
 * With Z_j ~ N(theta sqrt(info_j), 1) in the canonical joint distribution:
 * prob[j * STATS_SEQ_LABELS + l] = P(the design reaches look j and Z_j
 * falls in a cell labelled l), for l >= 1 (entries l = 0 are set to the mass
 * that continues past look j).  *beyond = the mass that continues past the
 * last look.  RG_RANGE for bad input, RG_NOMEM.
 */
int stats_seq_exit(const struct stats_seq_look *looks, int k, double theta, double *prob,
                   double *beyond);

#endif
