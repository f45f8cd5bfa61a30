#include "sequential.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/*
 * Z_j is followed on theta sqrt(I_j) +- CLIP only: the mass beyond is 2 Q(8)
 * = 1.2e-15.  Normal densities and tails further out than KCUT standard
 * deviations (below 1e-18) are left out of the sums, which keeps the
 * transition from one look to the next to a band of the grid.
 */
#define CLIP 8.0
#define KCUT 9.0
/* A spending increment below this gives a look that cannot reject. */
#define NEGLIGIBLE 1e-15
/*
 * Simpson's step: at most MAX_STEP, and KERNEL_STEPS steps per standard
 * deviation of the transition kernels into and out of the look (the
 * sub-density varies on the scale of the one in, the integrand of the next
 * look on the scale of the one out), at least MIN_SUB steps per interval.
 */
#define MAX_STEP 0.05
#define KERNEL_STEPS 12.0
#define MIN_SUB 8
/* The most grid points of one look: looks closer than dI / I ~ 5e-7 cannot
 * be resolved with the step above and are refused. */
#define MAX_POINTS (1 << 18)
/* Continuation intervals of a look: runs of cells labelled 0 between cells
 * that stop. */
#define MAX_IV (STATS_SEQ_MAX_CUTS / 2 + 1)
#define SQRT_2PI 2.50662827463100050242
#define E_MINUS_1 1.71828182845904523536

const char *stats_spending_name(enum stats_spending f)
{
        switch (f) {
        case STATS_SPEND_OBF:
                return "obrien-fleming";
        case STATS_SPEND_POCOCK:
                return "pocock";
        }
        return "?";
}

bool stats_spending_from_name(const char *name, enum stats_spending *out)
{
        if (name == NULL)
                return false;
        for (int f = STATS_SPEND_OBF; f <= STATS_SPEND_POCOCK; f++)
                if (strcmp(name, stats_spending_name(f)) == 0) {
                        *out = f;
                        return true;
                }
        return false;
}

static bool spending_ok(enum stats_spending f)
{
        return f == STATS_SPEND_OBF || f == STATS_SPEND_POCOCK;
}

double stats_spending_alpha(enum stats_spending f, double alpha, double t)
{
        if (!spending_ok(f) || !(alpha > 0 && alpha < 1) || isnan(t))
                return NAN;
        if (t <= 0)
                return 0;
        if (t >= 1)
                return alpha;
        /* 2 - 2 Phi(x) as 2 Q(x): the early looks' levels are tiny */
        if (f == STATS_SPEND_OBF)
                return 2 * gsl_cdf_ugaussian_Q(gsl_cdf_ugaussian_Qinv(alpha / 2) / sqrt(t));
        return alpha * log1p(E_MINUS_1 * t);
}

/* Q(x), with the far tails taken as exactly 0 and 1. */
static double upper_tail(double x)
{
        if (x >= KCUT)
                return 0;
        if (x <= -KCUT)
                return 1;
        return gsl_cdf_ugaussian_Q(x);
}

/* P(lo <= X < hi) for X ~ N(0, 1), from the tail that keeps precision. */
static double normal_mass(double lo, double hi)
{
        if (!(hi > lo))
                return 0;
        if (lo > 0)
                return upper_tail(lo) - upper_tail(hi);
        if (hi < 0)
                return upper_tail(-hi) - upper_tail(-lo);
        return 1 - upper_tail(-lo) - upper_tail(hi);
}

/*
 * The sub-density of Z at one look on the continuation region, as Simpson
 * masses: m[i] = weight * density at point i, so that integrals over the
 * region are sums over the points.  Interval iv holds points first[iv] ..
 * first[iv + 1] - 1, equally spaced from z0[iv] by h[iv].
 */
struct grid {
        double info;
        int n_iv;
        int first[MAX_IV + 1];
        double z0[MAX_IV], h[MAX_IV];
        double *m;
        int cap;
};

struct span {
        double lo, hi;
};

/* The transition from the look of grid g to a look with information info:
 * Z = (u sp + increment) / s, the increment N(drift, sd^2). */
struct step {
        double s, sp, sd, drift;
};

static struct step step_to(const struct grid *g, double info, double theta)
{
        double di = info - g->info;
        return (struct step){sqrt(info), sqrt(g->info), sqrt(di), theta * di};
}

/*
 * sum_{i = lo}^{hi} m[i] exp(-(x0 - i d)^2 / 2).  On an arithmetic
 * progression the ratios of successive Gaussian terms are themselves
 * geometric, so two products per term replace an exp; both are
 * recomputed every 32 terms so that rounding does not build up.
 */
static double gauss_sum(const double *m, int lo, int hi, double x0, double d)
{
        double r = exp(-d * d), sum = 0;
        int i = lo;
        while (i <= hi) {
                double x = x0 - i * d;
                double e = exp(-x * x / 2), q = exp(x * d - d * d / 2);
                int end = hi - i < 32 ? hi + 1 : i + 32;
                for (; i < end; i++) {
                        sum += m[i] * e;
                        e *= q;
                        q *= r;
                }
        }
        return sum;
}

/* The density of Z at point z of the next look (step st) from grid g. */
static double density_from(const struct grid *g, struct step st, double z)
{
        double xz = (z * st.s - st.drift) / st.sd, sum = 0;
        for (int iv = 0; iv < g->n_iv; iv++) {
                int cnt = g->first[iv + 1] - g->first[iv];
                double d = g->h[iv] * st.sp / st.sd;
                /* the kernel's argument at point i is x0 - i d */
                double x0 = xz - g->z0[iv] * st.sp / st.sd;
                double a = fmax(0, ceil((x0 - KCUT) / d));
                double b = fmin(cnt - 1, floor((x0 + KCUT) / d));
                if (a <= b)
                        sum += gauss_sum(g->m + g->first[iv], (int)a, (int)b, x0, d);
        }
        return sum * st.s / (st.sd * SQRT_2PI);
}

/*
 * Lays Simpson's rule with step at most h over the spans (disjoint,
 * increasing) and fills in the sub-density of Z at a look with information
 * info: from the previous look's grid prev, or at the first look (prev
 * NULL) the N(theta sqrt(info), 1) density.  g and prev are distinct.
 */
static int grid_build(struct grid *g, const struct span *sp, int n_sp, double h, double info,
                      double theta, const struct grid *prev)
{
        int sub[MAX_IV], n = 0;
        for (int iv = 0; iv < n_sp; iv++) {
                double ns = 2 * ceil((sp[iv].hi - sp[iv].lo) / (2 * h));
                if (!(ns < MAX_POINTS))
                        return RG_RANGE;
                sub[iv] = ns < MIN_SUB ? MIN_SUB : (int)ns;
                n += sub[iv] + 1;
                if (n > MAX_POINTS)
                        return RG_RANGE;
        }
        if (n > g->cap) {
                double *m = realloc(g->m, (size_t)n * sizeof *m);
                if (m == NULL)
                        return RG_NOMEM;
                g->m = m;
                g->cap = n;
        }
        g->info = info;
        g->n_iv = n_sp;
        g->first[0] = 0;
        struct step st = prev != NULL ? step_to(prev, info, theta) : (struct step){0};
        double mu = theta * sqrt(info);
        for (int iv = 0; iv < n_sp; iv++) {
                double hh = (sp[iv].hi - sp[iv].lo) / sub[iv];
                g->z0[iv] = sp[iv].lo;
                g->h[iv] = hh;
                g->first[iv + 1] = g->first[iv] + sub[iv] + 1;
                double *m = g->m + g->first[iv];
                for (int i = 0; i <= sub[iv]; i++) {
                        double z = sp[iv].lo + i * hh;
                        double w = (i == 0 || i == sub[iv] ? 1 : i % 2 ? 4 : 2) * hh / 3;
                        double x = z - mu;
                        m[i] = w * (prev != NULL ? density_from(prev, st, z)
                                                 : exp(-x * x / 2) / SQRT_2PI);
                }
        }
        return RG_OK;
}

/* P(reach the next look, step st from grid g, and land in [a, b)). */
static double cell_prob(const struct grid *g, struct step st, double a, double b)
{
        double sum = 0;
        for (int iv = 0; iv < g->n_iv; iv++)
                for (int i = g->first[iv]; i < g->first[iv + 1]; i++) {
                        double u = g->z0[iv] + (i - g->first[iv]) * g->h[iv];
                        double base = u * st.sp + st.drift;
                        sum += g->m[i] *
                               normal_mass((a * st.s - base) / st.sd, (b * st.s - base) / st.sd);
                }
        return sum;
}

/* Simpson's step at a look of information at, between looks at before (0
 * at the first look, whose density is N(mu, 1)) and after. */
static double step_size(double before, double at, double after)
{
        double sd = fmin(sqrt((at - before) / at), sqrt((after - at) / at));
        return fmin(MAX_STEP, sd / KERNEL_STEPS);
}

static void grid_free(struct grid *g)
{
        free(g[0].m);
        free(g[1].m);
}

int stats_seq_exit(const struct stats_seq_look *looks, int k, double theta, double *prob,
                   double *beyond)
{
        if (looks == NULL || prob == NULL || k < 1 || k > STATS_SEQ_MAX_LOOKS || !isfinite(theta))
                return RG_RANGE;
        for (int j = 0; j < k; j++) {
                const struct stats_seq_look *L = &looks[j];
                if (!(L->info > 0) || !isfinite(L->info) ||
                    (j > 0 && !(L->info > looks[j - 1].info)))
                        return RG_RANGE;
                if (L->n_cuts < 0 || L->n_cuts > STATS_SEQ_MAX_CUTS)
                        return RG_RANGE;
                for (int i = 0; i < L->n_cuts; i++)
                        if (isnan(L->cut[i]) || (i > 0 && L->cut[i] < L->cut[i - 1]))
                                return RG_RANGE;
                for (int i = 0; i <= L->n_cuts; i++)
                        if (L->label[i] < 0 || L->label[i] >= STATS_SEQ_LABELS)
                                return RG_RANGE;
        }
        struct grid g[2] = {{0}};
        const struct grid *prev = NULL;
        int rc = RG_OK;
        for (int j = 0; j < k && rc == RG_OK; j++) {
                const struct stats_seq_look *L = &looks[j];
                double mu = theta * sqrt(L->info);
                double edge[STATS_SEQ_MAX_CUTS + 2];
                edge[0] = -INFINITY;
                for (int i = 0; i < L->n_cuts; i++)
                        edge[i + 1] = L->cut[i];
                edge[L->n_cuts + 1] = INFINITY;
                double *pj = prob + j * STATS_SEQ_LABELS;
                for (int l = 0; l < STATS_SEQ_LABELS; l++)
                        pj[l] = 0;
                struct step st = prev != NULL ? step_to(prev, L->info, theta) : (struct step){0};
                for (int i = 0; i <= L->n_cuts; i++)
                        pj[L->label[i]] += prev != NULL
                                               ? cell_prob(prev, st, edge[i], edge[i + 1])
                                               : normal_mass(edge[i] - mu, edge[i + 1] - mu);
                if (j + 1 == k)
                        break;
                struct span sp[MAX_IV];
                int n_sp = 0;
                for (int i = 0; i <= L->n_cuts; i++) {
                        if (L->label[i] != 0)
                                continue;
                        int e = i;
                        while (e < L->n_cuts && L->label[e + 1] == 0)
                                e++;
                        double lo = fmax(edge[i], mu - CLIP), hi = fmin(edge[e + 1], mu + CLIP);
                        if (hi > lo)
                                sp[n_sp++] = (struct span){lo, hi};
                        i = e;
                }
                struct grid *next = &g[j % 2];
                double h = step_size(j > 0 ? looks[j - 1].info : 0, L->info, looks[j + 1].info);
                rc = grid_build(next, sp, n_sp, h, L->info, theta, prev);
                prev = next;
        }
        grid_free(g);
        if (rc == RG_OK && beyond != NULL)
                *beyond = prob[(k - 1) * STATS_SEQ_LABELS];
        return rc;
}

static bool looks_ok(enum stats_spending f, const double *t, int k)
{
        if (!spending_ok(f) || t == NULL || k < 1 || k > STATS_SEQ_MAX_LOOKS)
                return false;
        for (int j = 0; j < k; j++)
                if (!(t[j] > 0 && t[j] <= 1) || (j > 0 && !(t[j] > t[j - 1])))
                        return false;
        return true;
}

/*
 * Under H0: P(reach the next look, step st from g, and Z >= c), plus
 * P(... Z <= -c) for the two-sided design; *slope is its derivative in c.
 */
static double tail_mass(const struct grid *g, struct step st, double c, bool two_sided,
                        double *slope)
{
        double sum = 0, dens = 0;
        for (int iv = 0; iv < g->n_iv; iv++)
                for (int i = g->first[iv]; i < g->first[iv + 1]; i++) {
                        double u = g->z0[iv] + (i - g->first[iv]) * g->h[iv];
                        double y = (c * st.s - u * st.sp) / st.sd;
                        sum += g->m[i] * upper_tail(y);
                        if (fabs(y) < KCUT)
                                dens += g->m[i] * exp(-y * y / 2);
                        if (!two_sided)
                                continue;
                        y = (c * st.s + u * st.sp) / st.sd;
                        sum += g->m[i] * upper_tail(y);
                        if (fabs(y) < KCUT)
                                dens += g->m[i] * exp(-y * y / 2);
                }
        *slope = -dens * st.s / (st.sd * SQRT_2PI);
        return sum;
}

/*
 * The bound c at which tail_mass is target, by Newton's method on log
 * tail_mass from the unconditional quantile, which lies above the root (the
 * tail mass is at most the plain normal tail).  One-sided, the tail mass is
 * log-concave (Prekopa: the sub-densities are normals truncated and convolved
 * with normal kernels), so the iterates come down to the root without
 * overshooting; bisection guards the bracket for the two-sided sum.
 */
static double solve_bound(const struct grid *g, struct step st, bool two_sided, double target)
{
        double lo = two_sided ? 0 : -(CLIP + KCUT), hi = CLIP + KCUT;
        double c = gsl_cdf_ugaussian_Qinv(two_sided ? target / 2 : target);
        for (int it = 0; it < 200; it++) {
                double slope, e = tail_mass(g, st, c, two_sided, &slope);
                if (e == target)
                        return c;
                if (e > target)
                        lo = c;
                else
                        hi = c;
                double next = e > 0 && slope < 0 ? c - log(e / target) * e / slope : NAN;
                if (fabs(next - c) < 1e-12)
                        return next;
                if (!(next > lo && next < hi))
                        next = lo + (hi - lo) / 2;
                if (hi - lo < 1e-12)
                        return next;
                c = next;
        }
        return c;
}

static int design_bounds(enum stats_spending f, double alpha, const double *t, int k,
                         bool two_sided, double *out)
{
        if (!looks_ok(f, t, k) || !(alpha > 0 && alpha < 1) || out == NULL)
                return RG_RANGE;
        double c[STATS_SEQ_MAX_LOOKS];
        struct grid g[2] = {{0}};
        const struct grid *prev = NULL;
        double spent = 0;
        bool cut = false; /* an earlier look can reject */
        int rc = RG_OK;
        for (int j = 0; j < k && rc == RG_OK; j++) {
                double total = stats_spending_alpha(f, alpha, t[j]);
                double inc = total - spent;
                spent = total;
                if (!(inc >= NEGLIGIBLE))
                        c[j] = INFINITY;
                else if (!cut) /* nothing stopped before: Z_j is plain N(0, 1) */
                        c[j] = gsl_cdf_ugaussian_Qinv(two_sided ? inc / 2 : inc);
                else
                        c[j] = solve_bound(prev, step_to(prev, t[j], 0), two_sided, inc);
                cut = cut || isfinite(c[j]);
                if (j + 1 == k)
                        break;
                struct span sp = {two_sided ? fmax(-c[j], -CLIP) : -CLIP, fmin(c[j], CLIP)};
                struct grid *next = &g[j % 2];
                rc = grid_build(next, &sp, sp.hi > sp.lo,
                                step_size(j > 0 ? t[j - 1] : 0, t[j], t[j + 1]), t[j], 0, prev);
                prev = next;
        }
        grid_free(g);
        if (rc == RG_OK)
                memcpy(out, c, (size_t)k * sizeof *c);
        return rc;
}

int stats_seq_bounds(enum stats_spending f, double alpha, const double *t, int k, double *c)
{
        return design_bounds(f, alpha, t, k, false, c);
}

int stats_seq_bounds_two_sided(enum stats_spending f, double alpha, const double *t, int k,
                               double *c)
{
        return design_bounds(f, alpha, t, k, true, c);
}

double stats_seq_nominal(enum stats_spending f, double alpha, const double *t, int k)
{
        double c[STATS_SEQ_MAX_LOOKS];
        if (design_bounds(f, alpha, t, k, false, c) != RG_OK)
                return NAN;
        return isinf(c[k - 1]) ? 0 : gsl_cdf_ugaussian_Q(c[k - 1]);
}

/*
 * A root of g in [a, b], where g(a) and g(b) have opposite signs (either may
 * be infinite), by the Illinois variant of regula falsi: an end that stays
 * twice in a row has its value halved, which keeps the convergence
 * superlinear.  The first point with |g| <= gtol, or b once the bracket is
 * narrower than xtol.
 */
static int illinois(int (*g)(void *ctx, double x, double *gx), void *ctx, double a, double ga,
                    double b, double gb, double gtol, double xtol, double *root)
{
        bool neg_a = ga < 0;
        int side = 0;
        for (int it = 0; it < 200 && b - a > xtol; it++) {
                double x =
                    isfinite(ga) && isfinite(gb) ? (a * gb - b * ga) / (gb - ga) : a + (b - a) / 2;
                if (!(x > a && x < b))
                        x = a + (b - a) / 2;
                double gx;
                int rc = g(ctx, x, &gx);
                if (rc != RG_OK)
                        return rc;
                if (fabs(gx) <= gtol) {
                        *root = x;
                        return RG_OK;
                }
                if ((gx < 0) != neg_a) {
                        b = x;
                        gb = gx;
                        if (side == 1)
                                ga /= 2;
                        side = 1;
                } else {
                        a = x;
                        ga = gx;
                        if (side == -1)
                                gb /= 2;
                        side = -1;
                }
        }
        *root = b;
        return RG_OK;
}

struct p_problem {
        enum stats_spending f;
        const double *t;
        int k;
        double p;
};

/* log(nominal level / p) is brought to within P_TOL of P_TOL, not of 0: the
 * alpha' found then rejects, by a relative margin of at most 2 P_TOL. */
#define P_TOL 5e-9

/* log(nominal level / p) - P_TOL at alpha' = e^x: the nominal level spans
 * decades and is close to a power of alpha', so this is nearly linear. */
static int p_excess(void *ctx, double x, double *gx)
{
        const struct p_problem *pr = ctx;
        double nom = stats_seq_nominal(pr->f, exp(x), pr->t, pr->k);
        if (isnan(nom))
                return RG_NOMEM;
        *gx = nom > 0 ? log(nom / pr->p) - P_TOL : -INFINITY;
        return RG_OK;
}

/*
 * The smallest alpha' (to 1e-13 relative) at which the spending increment
 * of look k reaches target, or 1 if alpha' = 0.5 does not reach it.  By
 * bisection with the very arithmetic design_bounds uses, so that the
 * design at the answer does have that increment.
 */
static double increment_inverse(enum stats_spending f, const double *t, int k, double target)
{
        double before = k > 1 ? t[k - 2] : 0;
#define INCREMENT(a) (stats_spending_alpha(f, (a), t[k - 1]) - stats_spending_alpha(f, (a), before))
        /* the increment is at most alpha' itself */
        double lo = target, hi = 0.5;
        if (!(INCREMENT(hi) >= target))
                return 1;
        while (hi / lo - 1 > 1e-13) {
                double mid = sqrt(lo * hi);
                if (mid <= lo || mid >= hi)
                        break;
                if (INCREMENT(mid) >= target)
                        hi = mid;
                else
                        lo = mid;
        }
#undef INCREMENT
        return hi;
}

double stats_seq_p(enum stats_spending f, const double *t, int k, double p)
{
        if (!looks_ok(f, t, k) || isnan(p))
                return NAN;
        if (p <= 0)
                return 0;
        /* the nominal level never exceeds alpha' (below) */
        if (p > 0.5)
                return 1;
        if (k == 1) {
                /* f(t1; alpha') = p solved for alpha'; a look cannot reject
                 * with a level below NEGLIGIBLE */
                double q = fmax(p, NEGLIGIBLE), a;
                if (f == STATS_SPEND_OBF)
                        a = 2 * gsl_cdf_ugaussian_Q(sqrt(t[0]) * gsl_cdf_ugaussian_Qinv(q / 2));
                else
                        a = q / log1p(E_MINUS_1 * t[0]);
                return a <= 0.5 ? a : 1;
        }
        /*
         * The nominal level Q(c_k) is at least the last look's spending
         * increment and at most alpha' (Z_k >= c_k is one way of rejecting at
         * some look).  So alpha' cannot reject below p, nor while the
         * increment is below NEGLIGIBLE (c_k infinite), and once the
         * increment reaches NEGLIGIBLE it rejects any p up to that.
         */
        double a_min = increment_inverse(f, t, k, NEGLIGIBLE);
        if (p <= NEGLIGIBLE || a_min > 0.5)
                return a_min <= 0.5 ? a_min : 1;
        struct p_problem pr = {f, t, k, p};
        const double xmax = log(0.5);
        double xa = log(fmax(p, a_min)), ga, x, gx;
        if (p_excess(&pr, xa, &ga) != RG_OK)
                return NAN;
        if (ga >= -P_TOL)
                return exp(xa);
        /*
         * Secant steps up from there, the first on slope 1 (the nominal level
         * grows about as fast as alpha'), until the root is met or passed;
         * then regula falsi in the bracket.
         */
        x = isfinite(ga) ? xa - ga : xmax;
        for (int it = 0; it < 30; it++) {
                x = fmin(x, xmax);
                if (p_excess(&pr, x, &gx) != RG_OK)
                        return NAN;
                if (fabs(gx) <= P_TOL)
                        return exp(x);
                if (gx > 0)
                        break;
                if (x == xmax)
                        return 1;
                double slope = (gx - ga) / (x - xa);
                if (!(slope > 0 && isfinite(slope)))
                        slope = 1;
                xa = x;
                ga = gx;
                x = xa - ga / slope;
        }
        if (!(gx > 0)) {
                x = xmax;
                if (p_excess(&pr, x, &gx) != RG_OK)
                        return NAN;
                if (gx < 0)
                        return 1;
        }
        if (illinois(p_excess, &pr, xa, ga, x, gx, P_TOL, 1e-12, &x) != RG_OK)
                return NAN;
        return exp(x);
}

struct classical_problem {
        enum stats_spending shape;
        int k;
        double alpha;
};

/* The two-sided crossing probability under H0 of the constant-shape
 * boundaries with constant C, less alpha. */
static int classical_excess(void *ctx, double C, double *gx)
{
        const struct classical_problem *pr = ctx;
        struct stats_seq_look looks[STATS_SEQ_MAX_LOOKS];
        double prob[STATS_SEQ_MAX_LOOKS * STATS_SEQ_LABELS], beyond;
        for (int j = 0; j < pr->k; j++) {
                double c = pr->shape == STATS_SPEND_POCOCK ? C : C * sqrt((double)pr->k / (j + 1));
                looks[j] = (struct stats_seq_look){
                    .info = j + 1, .n_cuts = 2, .cut = {-c, c}, .label = {1, 0, 1}};
        }
        int rc = stats_seq_exit(looks, pr->k, 0, prob, &beyond);
        if (rc != RG_OK)
                return rc;
        double sum = 0;
        for (int j = 0; j < pr->k; j++)
                sum += prob[j * STATS_SEQ_LABELS + 1];
        *gx = sum - pr->alpha;
        return RG_OK;
}

int stats_seq_classical(enum stats_spending shape, double alpha, int k, double *C)
{
        if (!spending_ok(shape) || !(alpha > 0 && alpha < 1) || k < 1 || k > STATS_SEQ_MAX_LOOKS ||
            C == NULL)
                return RG_RANGE;
        /* The last look alone crosses with alpha at lo (c_k = C for both
         * shapes); Bonferroni over the looks keeps the crossing below
         * alpha at hi (c_j >= C). */
        double lo = gsl_cdf_ugaussian_Qinv(alpha / 2);
        if (k == 1) {
                *C = lo;
                return RG_OK;
        }
        double hi = gsl_cdf_ugaussian_Qinv(alpha / (2 * k)), glo, ghi;
        struct classical_problem pr = {shape, k, alpha};
        int rc = classical_excess(&pr, lo, &glo);
        if (rc == RG_OK)
                rc = classical_excess(&pr, hi, &ghi);
        if (rc == RG_OK)
                rc = illinois(classical_excess, &pr, lo, glo, hi, ghi, 1e-13, 1e-11, C);
        return rc;
}
