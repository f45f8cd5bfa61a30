#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "../stats/sequential.h"
#include "testutil.h"

/*
 * Reference values: published tables where there are some (cited at each
 * test), otherwise closed forms evaluated independently with mpmath at 30
 * digits, or, for two looks, the bivariate normal integral done directly
 * below.
 */

#define OBF STATS_SPEND_OBF
#define POCOCK STATS_SPEND_POCOCK

static void equal_looks(double *t, int k)
{
        for (int j = 0; j < k; j++)
                t[j] = (j + 1.0) / k;
}

static void test_names(void)
{
        enum stats_spending f = POCOCK;
        CU_ASSERT_STRING_EQUAL(stats_spending_name(OBF), "obrien-fleming");
        CU_ASSERT_STRING_EQUAL(stats_spending_name(POCOCK), "pocock");
        CU_ASSERT_TRUE(stats_spending_from_name("obrien-fleming", &f));
        CU_ASSERT_EQUAL(f, OBF);
        CU_ASSERT_TRUE(stats_spending_from_name("pocock", &f));
        CU_ASSERT_EQUAL(f, POCOCK);
        CU_ASSERT_FALSE(stats_spending_from_name("obf", &f));
        CU_ASSERT_FALSE(stats_spending_from_name("", &f));
        CU_ASSERT_EQUAL(f, POCOCK);
}

/* OBF, alpha .05, t = .25: 2 - 2 Phi(1.959964 / 0.5); Pocock, alpha .05,
 * t = .5: .05 ln(1 + (e - 1) / 2) (mpmath). */
static void test_spending_values(void)
{
        CU_ASSERT_DOUBLE_EQUAL(stats_spending_alpha(OBF, 0.05, 0.25), 8.85754383214039e-5, 1e-17);
        CU_ASSERT_DOUBLE_EQUAL(stats_spending_alpha(POCOCK, 0.05, 0.5), 0.0310057253479139, 1e-15);
        for (int f = OBF; f <= POCOCK; f++) {
                CU_ASSERT_EQUAL(stats_spending_alpha(f, 0.05, 0), 0);
                CU_ASSERT_EQUAL(stats_spending_alpha(f, 0.05, -1), 0);
                CU_ASSERT_DOUBLE_EQUAL(stats_spending_alpha(f, 0.05, 1), 0.05, 1e-17);
                CU_ASSERT_DOUBLE_EQUAL(stats_spending_alpha(f, 0.05, 2), 0.05, 1e-17);
                CU_ASSERT_DOUBLE_EQUAL(stats_spending_alpha(f, 0.025, 1 - 1e-12), 0.025, 1e-12);
                CU_ASSERT_TRUE(stats_spending_alpha(f, 0.05, 0.3) <
                               stats_spending_alpha(f, 0.05, 0.6));
                CU_ASSERT_TRUE(isnan(stats_spending_alpha(f, 0, 0.5)));
                CU_ASSERT_TRUE(isnan(stats_spending_alpha(f, 1, 0.5)));
                CU_ASSERT_TRUE(isnan(stats_spending_alpha(f, NAN, 0.5)));
                CU_ASSERT_TRUE(isnan(stats_spending_alpha(f, 0.05, NAN)));
        }
}

/*
 * Jennison & Turnbull (2000), table 2.1 (Pocock's C_P) and table 2.3
 * (O'Brien & Fleming's C_B), two-sided alpha = 0.05, K = 1 .. 5.
 */
static void test_classical_constants(void)
{
        static const double pocock[] = {1.960, 2.178, 2.289, 2.361, 2.413};
        static const double obf[] = {1.960, 1.977, 2.004, 2.024, 2.040};
        for (int k = 1; k <= 5; k++) {
                double C = 0;
                CU_ASSERT_EQUAL_FATAL(stats_seq_classical(POCOCK, 0.05, k, &C), RG_OK);
                CU_ASSERT_DOUBLE_EQUAL(C, pocock[k - 1], 1e-3);
                C = 0;
                CU_ASSERT_EQUAL_FATAL(stats_seq_classical(OBF, 0.05, k, &C), RG_OK);
                CU_ASSERT_DOUBLE_EQUAL(C, obf[k - 1], 1e-3);
        }
}

/*
 * Lan-DeMets O'Brien-Fleming-type spending, one-sided alpha = 0.025,
 * equally spaced looks, as gsDesign and ldbounds (Reboussin et al. 2000)
 * publish them; and the SeqBounds.jl README, one-sided alpha = 0.05, t = .25
 * .5 .75 1 (a coarser grid there, hence the wider tolerance).
 */
static void test_published_bounds(void)
{
        static const double k3[] = {3.7103, 2.5114, 1.9930};
        static const double k4[] = {4.3326, 2.9631, 2.3590, 2.0141};
        static const double k5[] = {4.8769, 3.3569, 2.6803, 2.2898, 2.0310};
        const double *want[] = {k3, k4, k5};
        for (int k = 3; k <= 5; k++) {
                double t[5], c[5];
                equal_looks(t, k);
                CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(OBF, 0.025, t, k, c), RG_OK);
                for (int j = 0; j < k; j++)
                        CU_ASSERT_DOUBLE_EQUAL(c[j], want[k - 3][j], 2e-3);
        }
        static const double seqbounds[] = {3.74955, 2.53993, 2.01604, 1.72014};
        const double t[] = {0.25, 0.5, 0.75, 1};
        double c[4];
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(OBF, 0.05, t, 4, c), RG_OK);
        for (int j = 0; j < 4; j++)
                CU_ASSERT_DOUBLE_EQUAL(c[j], seqbounds[j], 3e-3);
}

/* Before anything can stop, Z_j is N(0, 1): c = Phi^-1(1 - increment). */
static void test_first_look_closed_form(void)
{
        double t[3], c[3];
        equal_looks(t, 3);
        /* Phi^-1(1 - (2 - 2 Phi(Phi^-1(1 - .0125) sqrt(3)))) */
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(OBF, 0.025, t, 3, c), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(c[0], 3.71030287326237, 1e-9);
        /* Phi^-1(1 - .05 ln(1 + (e - 1) .2)) */
        const double t2[] = {0.2, 1};
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(POCOCK, 0.05, t2, 2, c), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(c[0], 2.17621145308868, 1e-9);
        /* two-sided: each side spends half, Phi^-1(1 - (1 - Phi(1.959964 / sqrt(.2)))) */
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds_two_sided(OBF, 0.05, t2, 2, c), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(c[0], 4.38261270288291, 1e-9);
        const double one[] = {1};
        for (int f = OBF; f <= POCOCK; f++) {
                CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(f, 0.05, one, 1, c), RG_OK);
                CU_ASSERT_DOUBLE_EQUAL(c[0], 1.64485362695147, 1e-9);
                CU_ASSERT_EQUAL_FATAL(stats_seq_bounds_two_sided(f, 0.05, one, 1, c), RG_OK);
                CU_ASSERT_DOUBLE_EQUAL(c[0], 1.95996398454005, 1e-9);
                CU_ASSERT_DOUBLE_EQUAL(stats_seq_nominal(f, 0.05, one, 1), 0.05, 1e-12);
        }
}

/*
 * OBF at t = .01 spends 2 - 2 Phi(2.2414 / 0.1) = 2.9e-111: that look cannot
 * reject, and the next one is then the first that can, with the closed form
 * Phi^-1(1 - (2 - 2 Phi(2.2414 / sqrt(.5)))) = 2.962588.
 */
static void test_negligible_look(void)
{
        const double t[] = {0.01, 0.5, 1};
        double c[3];
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(OBF, 0.025, t, 3, c), RG_OK);
        CU_ASSERT_TRUE(isinf(c[0]) && c[0] > 0);
        CU_ASSERT_DOUBLE_EQUAL(c[1], 2.96258804272757, 1e-9);
        CU_ASSERT_TRUE(c[2] > 1.95996 && c[2] < 2.2414);
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds_two_sided(OBF, 0.05, t, 3, c), RG_OK);
        CU_ASSERT_TRUE(isinf(c[0]) && c[0] > 0);
        CU_ASSERT_EQUAL(stats_seq_nominal(OBF, 0.025, t, 1), 0);
}

/* Under H0 with the design's own bounds: what each look rejects and the
 * total; cells [-inf, -c) and [c, inf) stop (label 1) when two_sided. */
static void check_spending(enum stats_spending f, double alpha, const double *t, int k,
                           bool two_sided)
{
        double c[STATS_SEQ_MAX_LOOKS], prob[STATS_SEQ_MAX_LOOKS * STATS_SEQ_LABELS], beyond = -1;
        struct stats_seq_look looks[STATS_SEQ_MAX_LOOKS];
        int rc = two_sided ? stats_seq_bounds_two_sided(f, alpha, t, k, c)
                           : stats_seq_bounds(f, alpha, t, k, c);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        for (int j = 0; j < k; j++) {
                looks[j] = two_sided
                               ? (struct stats_seq_look){.info = t[j],
                                                         .n_cuts = 2,
                                                         .cut = {-c[j], c[j]},
                                                         .label = {1, 0, 1}}
                               : (struct stats_seq_look){
                                     .info = t[j], .n_cuts = 1, .cut = {c[j]}, .label = {0, 1}};
        }
        CU_ASSERT_EQUAL_FATAL(stats_seq_exit(looks, k, 0, prob, &beyond), RG_OK);
        double total = 0, before = 0;
        for (int j = 0; j < k; j++) {
                double spent = stats_spending_alpha(f, alpha, t[j]);
                double p = prob[j * STATS_SEQ_LABELS + 1];
                CU_ASSERT_DOUBLE_EQUAL(p, spent - before, 2e-7);
                CU_ASSERT_EQUAL(prob[j * STATS_SEQ_LABELS + 2], 0);
                CU_ASSERT_EQUAL(prob[j * STATS_SEQ_LABELS + 3], 0);
                before = spent;
                total += p;
        }
        CU_ASSERT_DOUBLE_EQUAL(total, stats_spending_alpha(f, alpha, t[k - 1]), 1e-6);
        /* the integration conserves mass */
        CU_ASSERT_DOUBLE_EQUAL(beyond, 1 - total, 1e-7);
        CU_ASSERT_DOUBLE_EQUAL(prob[(k - 1) * STATS_SEQ_LABELS], beyond, 0);
}

static void test_type_one_error(void)
{
        for (int f = OBF; f <= POCOCK; f++)
                for (int k = 2; k <= 10; k++) {
                        double t[10];
                        equal_looks(t, k);
                        check_spending(f, 0.025, t, k, false);
                        check_spending(f, 0.05, t, k, false);
                        check_spending(f, 0.05, t, k, true);
                }
        static const double uneven[][6] = {{0.1, 0.15, 0.4, 0.9, 0.95, 1},
                                           {0.3, 0.35, 0.5, 0.8, 0.81, 1},
                                           {0.05, 0.5, 0.55, 0.6, 0.99, 1}};
        for (int f = OBF; f <= POCOCK; f++)
                for (int i = 0; i < 3; i++) {
                        check_spending(f, 0.025, uneven[i], 6, false);
                        check_spending(f, 0.1, uneven[i], 6, true);
                        /* an interim analysis: the looks so far */
                        check_spending(f, 0.05, uneven[i], 3, false);
                }
        double t[20];
        equal_looks(t, 20);
        check_spending(OBF, 0.025, t, 20, false);
        check_spending(POCOCK, 0.025, t, 20, true);
}

/*
 * Two looks directly: P(a <= Z1 < b, Z2 >= c) = integral over [a, b) of
 * phi(z - mu1) Q((c sqrt(I2) - z sqrt(I1) - theta (I2 - I1)) / sqrt(I2 - I1)),
 * by Simpson's rule on 20000 steps (a = -inf taken as mu1 - 12).
 */
static double two_look_direct(double i1, double i2, double theta, double a, double b, double c)
{
        double mu1 = theta * sqrt(i1), di = i2 - i1;
        if (isinf(a))
                a = mu1 - 12;
        int n = 20000;
        double h = (b - a) / n, sum = 0;
        for (int i = 0; i <= n; i++) {
                double z = a + i * h;
                double w = i == 0 || i == n ? 1 : i % 2 ? 4 : 2;
                double y = (c * sqrt(i2) - z * sqrt(i1) - theta * di) / sqrt(di);
                sum += w * exp(-(z - mu1) * (z - mu1) / 2) / 2.50662827463100050242 *
                       gsl_cdf_ugaussian_Q(y);
        }
        return sum * h / 3;
}

static void test_two_looks_direct(void)
{
        /* the one-sided design's crossing probability */
        const double t[] = {0.4, 1};
        double c[2];
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(OBF, 0.025, t, 2, c), RG_OK);
        double cross =
            gsl_cdf_ugaussian_Q(c[0]) + two_look_direct(0.4, 1, 0, -INFINITY, c[0], c[1]);
        CU_ASSERT_DOUBLE_EQUAL(cross, 0.025, 1e-8);
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(POCOCK, 0.05, t, 2, c), RG_OK);
        cross = gsl_cdf_ugaussian_Q(c[0]) + two_look_direct(0.4, 1, 0, -INFINITY, c[0], c[1]);
        CU_ASSERT_DOUBLE_EQUAL(cross, 0.05, 1e-8);
        /* close looks: a narrow transition kernel */
        const double close[] = {0.9, 1};
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(OBF, 0.025, close, 2, c), RG_OK);
        cross = gsl_cdf_ugaussian_Q(c[0]) + two_look_direct(0.9, 1, 0, -INFINITY, c[0], c[1]);
        CU_ASSERT_DOUBLE_EQUAL(cross, 0.025, 1e-8);
        /*
         * OBF, one-sided .025, five equal looks, the second bound solved
         * with mpmath's quadrature of this integral: 3.357011921575
         * (gsDesign's table has 3.3569)
         */
        double t5[5], c5[5];
        equal_looks(t5, 5);
        CU_ASSERT_EQUAL_FATAL(stats_seq_bounds(OBF, 0.025, t5, 5, c5), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(c5[1], 3.357011921575, 1e-6);

        /* a drift, a futility cell (label 2) at the first look, and labels
         * swapped at the second: [-inf, 1.8) is label 3, [1.8, inf) label 1 */
        struct stats_seq_look looks[2] = {
            {.info = 30, .n_cuts = 2, .cut = {-0.2, 2.6}, .label = {2, 0, 1}},
            {.info = 75, .n_cuts = 1, .cut = {1.8}, .label = {3, 1}}};
        double theta = 0.25, mu1 = theta * sqrt(30.0), mu2 = theta * sqrt(75.0);
        double prob[2 * STATS_SEQ_LABELS], beyond = -1;
        CU_ASSERT_EQUAL_FATAL(stats_seq_exit(looks, 2, theta, prob, &beyond), RG_OK);
        double up1 = gsl_cdf_ugaussian_Q(2.6 - mu1), down1 = gsl_cdf_ugaussian_P(-0.2 - mu1);
        CU_ASSERT_DOUBLE_EQUAL(prob[1], up1, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(prob[2], down1, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(prob[3], 0, 0);
        CU_ASSERT_DOUBLE_EQUAL(prob[0], 1 - up1 - down1, 1e-12);
        double up2 = two_look_direct(30, 75, theta, -0.2, 2.6, 1.8);
        CU_ASSERT_DOUBLE_EQUAL(prob[STATS_SEQ_LABELS + 1], up2, 1e-7);
        CU_ASSERT_DOUBLE_EQUAL(prob[STATS_SEQ_LABELS + 3], 1 - up1 - down1 - up2, 1e-7);
        CU_ASSERT_DOUBLE_EQUAL(prob[STATS_SEQ_LABELS + 2], 0, 0);
        CU_ASSERT_DOUBLE_EQUAL(prob[STATS_SEQ_LABELS], 0, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(beyond, 0, 1e-15);
        /* sanity of the reference itself: with no first cut, one look at I2 */
        CU_ASSERT_DOUBLE_EQUAL(two_look_direct(30, 75, theta, -INFINITY, mu1 + 12, 1.8),
                               gsl_cdf_ugaussian_Q(1.8 - mu2), 1e-10);
}

/*
 * Power: with theta sqrt(I) = z_.975 + z_.8 = 1.959964 + 0.841621, one look
 * rejects at 1.959964 with probability 0.8 exactly; two looks where the first
 * lets everything continue give the same at the second.
 */
static void test_power(void)
{
        const double zd = 1.95996398454005, zb = 0.841621233572914;
        struct stats_seq_look one = {.info = 1, .n_cuts = 1, .cut = {zd}, .label = {0, 1}};
        double prob[2 * STATS_SEQ_LABELS], beyond = -1;
        CU_ASSERT_EQUAL_FATAL(stats_seq_exit(&one, 1, zd + zb, prob, &beyond), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(prob[1], 0.8, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(beyond, 0.2, 1e-12);
        struct stats_seq_look two[2] = {{.info = 40, .n_cuts = 0, .label = {0}},
                                        {.info = 100, .n_cuts = 1, .cut = {zd}, .label = {0, 1}}};
        double theta = (zd + zb) / 10;
        CU_ASSERT_EQUAL_FATAL(stats_seq_exit(two, 2, theta, prob, &beyond), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(prob[0], 1, 1e-12);
        CU_ASSERT_EQUAL(prob[1], 0);
        CU_ASSERT_DOUBLE_EQUAL(prob[STATS_SEQ_LABELS + 1], 0.8, 1e-7);
        CU_ASSERT_DOUBLE_EQUAL(beyond, 0.2, 1e-7);
        /* +-inf cuts give empty cells; a negative drift mirrors the picture */
        struct stats_seq_look inf[2] = {
            {.info = 40, .n_cuts = 2, .cut = {-INFINITY, INFINITY}, .label = {1, 0, 2}},
            {.info = 100, .n_cuts = 1, .cut = {-zd}, .label = {3, 0}}};
        CU_ASSERT_EQUAL_FATAL(stats_seq_exit(inf, 2, -theta, prob, &beyond), RG_OK);
        CU_ASSERT_EQUAL(prob[1], 0);
        CU_ASSERT_EQUAL(prob[2], 0);
        CU_ASSERT_DOUBLE_EQUAL(prob[STATS_SEQ_LABELS + 3], 0.8, 1e-7);
        CU_ASSERT_DOUBLE_EQUAL(beyond, 0.2, 1e-7);
}

/* stats_seq_p undoes stats_seq_nominal. */
static void test_seq_p_round_trip(void)
{
        static const double alphas[] = {0.001, 0.01, 0.05, 0.2};
        static const int ks[] = {2, 3, 5, 10, 20};
        double t[20];
        for (int f = OBF; f <= POCOCK; f++)
                for (int ik = 0; ik < 5; ik++) {
                        int k = ks[ik];
                        equal_looks(t, k);
                        for (int ia = 0; ia < 4; ia++) {
                                double a = alphas[ia];
                                double nom = stats_seq_nominal(f, a, t, k);
                                CU_ASSERT_TRUE(nom > 0 && nom < a);
                                CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(f, t, k, nom), a, 1e-7 * a);
                        }
                }
        /* an interim look, t_k < 1, unequal spacing */
        const double u[] = {0.15, 0.4, 0.45};
        for (int f = OBF; f <= POCOCK; f++)
                for (int ia = 0; ia < 4; ia++) {
                        double nom = stats_seq_nominal(f, alphas[ia], u, 3);
                        CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(f, u, 3, nom), alphas[ia],
                                               1e-7 * alphas[ia]);
                }
}

/* The decision it stands for: seq_p <= alpha exactly when p <= nominal(alpha). */
static void test_seq_p_decision(void)
{
        double t[8];
        equal_looks(t, 8);
        for (int f = OBF; f <= POCOCK; f++)
                for (int k = 2; k <= 8; k += 3) {
                        double nom = stats_seq_nominal(f, 0.025, t, k);
                        CU_ASSERT_TRUE(stats_seq_p(f, t, k, nom * (1 - 1e-4)) < 0.025);
                        CU_ASSERT_TRUE(stats_seq_p(f, t, k, nom * (1 + 1e-4)) > 0.025);
                }
}

static void test_seq_p_monotone(void)
{
        double t[6];
        equal_looks(t, 6);
        for (int f = OBF; f <= POCOCK; f++) {
                double last = 0;
                for (double p = 1e-8; p < 0.5; p *= 1.7) {
                        double q = stats_seq_p(f, t, 6, p);
                        CU_ASSERT_TRUE(q > last);
                        /* the nominal level never exceeds alpha' */
                        CU_ASSERT_TRUE(q >= p);
                        CU_ASSERT_TRUE(q <= 1);
                        last = q;
                }
        }
}

/* One look: f^-1(p), mpmath: OBF 2 - 2 Phi(sqrt(t1) Phi^-1(1 - p / 2)),
 * Pocock p / ln(1 + (e - 1) t1). */
static void test_seq_p_one_look(void)
{
        const double half[] = {0.5}, third[] = {0.3}, fifth[] = {0.2}, one[] = {1};
        CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(OBF, half, 1, 0.01), 0.0685481459365028, 1e-13);
        CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(OBF, third, 1, 0.001), 0.0714988920516108, 1e-13);
        CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(POCOCK, half, 1, 0.01), 0.0161260539590518, 1e-13);
        /* .2 / ln(1 + (e - 1) .2) = 0.677: not up to 0.5 */
        CU_ASSERT_EQUAL(stats_seq_p(POCOCK, fifth, 1, 0.2), 1);
        CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(POCOCK, fifth, 1, 0.1), 0.338530304869860, 1e-12);
        for (int f = OBF; f <= POCOCK; f++) {
                CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(f, one, 1, 0.037), 0.037, 1e-14);
                CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(f, one, 1, 0.5), 0.5, 1e-14);
                /* consistent with the nominal level */
                double nom = stats_seq_nominal(f, 0.04, third, 1);
                CU_ASSERT_DOUBLE_EQUAL(stats_seq_p(f, third, 1, nom), 0.04, 1e-12);
        }
}

static void test_seq_p_edges(void)
{
        double t[4];
        equal_looks(t, 4);
        for (int f = OBF; f <= POCOCK; f++)
                for (int k = 1; k <= 4; k += 3) {
                        CU_ASSERT_EQUAL(stats_seq_p(f, t + 4 - k, k, 0), 0);
                        CU_ASSERT_EQUAL(stats_seq_p(f, t + 4 - k, k, -0.1), 0);
                        CU_ASSERT_EQUAL(stats_seq_p(f, t + 4 - k, k, 0.9), 1);
                        CU_ASSERT_EQUAL(stats_seq_p(f, t + 4 - k, k, 1), 1);
                        CU_ASSERT_TRUE(isnan(stats_seq_p(f, t + 4 - k, k, NAN)));
                }
        /* below 1e-15 a look cannot reject: the smallest alpha' that
         * rejects any p that small is where look k's increment reaches 1e-15 */
        for (int f = OBF; f <= POCOCK; f++) {
                double a = stats_seq_p(f, t, 4, 1e-20);
                double inc = stats_spending_alpha(f, a, 1) - stats_spending_alpha(f, a, 0.75);
                CU_ASSERT_DOUBLE_EQUAL(inc, 1e-15, 1e-25);
                CU_ASSERT_EQUAL(stats_seq_p(f, t, 4, 1e-16), a);
                CU_ASSERT_TRUE(stats_seq_nominal(f, a, t, 4) >= 1e-15);
                CU_ASSERT_EQUAL(stats_seq_nominal(f, a * (1 - 1e-9), t, 4), 0);
        }
        /* nominal(0.5) of four Pocock looks is about 0.39: p = 0.4 gets 1 */
        CU_ASSERT_TRUE(stats_seq_nominal(POCOCK, 0.5, t, 4) < 0.4);
        CU_ASSERT_EQUAL(stats_seq_p(POCOCK, t, 4, 0.4), 1);
        CU_ASSERT_TRUE(stats_seq_p(POCOCK, t, 4, 0.2) < 0.5);
}

static void test_bad_input(void)
{
        double c[STATS_SEQ_MAX_LOOKS + 1] = {-7, -7, -7};
        double t[STATS_SEQ_MAX_LOOKS + 1];
        for (int j = 0; j <= STATS_SEQ_MAX_LOOKS; j++)
                t[j] = (j + 1.0) / (STATS_SEQ_MAX_LOOKS + 1);
        const double flat[] = {0.3, 0.3, 1}, down[] = {0.5, 0.4, 1}, big[] = {0.5, 1.2};
        const double zero[] = {0, 1}, nan_t[] = {NAN, 1};
        const double ok[] = {0.5, 1};
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, ok, 0, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, t, STATS_SEQ_MAX_LOOKS + 1, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, flat, 3, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, down, 3, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, big, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, zero, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, nan_t, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0, ok, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 1, ok, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(POCOCK, -0.1, ok, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds(POCOCK, NAN, ok, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds((enum stats_spending)7, 0.05, ok, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds_two_sided(OBF, 0.05, down, 3, c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_bounds_two_sided(OBF, 1.5, ok, 2, c), RG_RANGE);
        CU_ASSERT_EQUAL(c[0], -7);
        CU_ASSERT_EQUAL(c[1], -7);
        CU_ASSERT_EQUAL(stats_seq_bounds(OBF, 0.05, t, STATS_SEQ_MAX_LOOKS, c), RG_OK);

        CU_ASSERT_TRUE(isnan(stats_seq_nominal(OBF, 0.05, down, 3)));
        CU_ASSERT_TRUE(isnan(stats_seq_nominal(OBF, 0.05, ok, 0)));
        CU_ASSERT_TRUE(isnan(stats_seq_nominal(OBF, 1, ok, 2)));
        CU_ASSERT_TRUE(isnan(stats_seq_nominal(OBF, NAN, ok, 2)));
        CU_ASSERT_TRUE(isnan(stats_seq_p(OBF, down, 3, 0.01)));
        CU_ASSERT_TRUE(isnan(stats_seq_p(OBF, big, 2, 0.01)));
        CU_ASSERT_TRUE(isnan(stats_seq_p(OBF, t, STATS_SEQ_MAX_LOOKS + 1, 0.01)));
        CU_ASSERT_TRUE(isnan(stats_seq_p(OBF, ok, 0, 0.01)));

        double C = -7;
        CU_ASSERT_EQUAL(stats_seq_classical(POCOCK, 0.05, 0, &C), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_classical(POCOCK, 0.05, STATS_SEQ_MAX_LOOKS + 1, &C), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_classical(OBF, 0, 3, &C), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_classical(OBF, 1, 3, &C), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_classical(OBF, NAN, 3, &C), RG_RANGE);
        CU_ASSERT_EQUAL(C, -7);

        struct stats_seq_look good[2] = {
            {.info = 1, .n_cuts = 1, .cut = {2}, .label = {0, 1}},
            {.info = 2, .n_cuts = 2, .cut = {0, 2}, .label = {2, 0, 1}}};
        struct stats_seq_look L[2];
        double prob[2 * STATS_SEQ_LABELS], beyond;
        CU_ASSERT_EQUAL(stats_seq_exit(good, 2, 0.1, prob, &beyond), RG_OK);
        CU_ASSERT_EQUAL(stats_seq_exit(good, 0, 0.1, prob, &beyond), RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_exit(good, STATS_SEQ_MAX_LOOKS + 1, 0.1, prob, &beyond),
                        RG_RANGE);
        CU_ASSERT_EQUAL(stats_seq_exit(good, 2, NAN, prob, &beyond), RG_RANGE);
        L[0] = good[0], L[1] = good[1];
        L[1].info = 1;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
        L[1] = good[1], L[0].info = 0;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
        L[0] = good[0], L[1].cut[0] = 3;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
        L[1] = good[1], L[1].cut[1] = NAN;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
        L[1] = good[1], L[1].label[2] = STATS_SEQ_LABELS;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
        L[1] = good[1], L[1].label[0] = -1;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
        L[1] = good[1], L[1].n_cuts = STATS_SEQ_MAX_CUTS + 1;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
        L[1] = good[1], L[1].n_cuts = -1;
        CU_ASSERT_EQUAL(stats_seq_exit(L, 2, 0.1, prob, &beyond), RG_RANGE);
}

/* Runs first: a GSL failure is then a failed assertion, not an abort. */
static void test_gsl_handler_off(void)
{
        gsl_set_error_handler_off();
        CU_PASS("GSL's error handler is off");
}

TEST_MAIN("sequential", TEST(test_gsl_handler_off), TEST(test_names), TEST(test_spending_values),
          TEST(test_classical_constants), TEST(test_published_bounds),
          TEST(test_first_look_closed_form), TEST(test_negligible_look), TEST(test_type_one_error),
          TEST(test_two_looks_direct), TEST(test_power), TEST(test_seq_p_round_trip),
          TEST(test_seq_p_decision), TEST(test_seq_p_monotone), TEST(test_seq_p_one_look),
          TEST(test_seq_p_edges), TEST(test_bad_input))
