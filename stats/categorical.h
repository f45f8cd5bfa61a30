/* Tests on counts: distributions of block reasons or modulations, and the
 * sign test for a systematic bias of one path over paired runs. */
#ifndef STATS_CATEGORICAL_H
#define STATS_CATEGORICAL_H

#include "../common/error.h"

struct stats_chisq {
        double statistic;  /* Pearson's, divided by the dispersion */
        int df;            /* categories with a non-zero total, minus 1 */
        double p_value;    /* 1 when df < 1 (nothing to compare) */
        double dispersion; /* the design effect the statistic was divided by (1: none) */
};

/* Pearson chi-square test of homogeneity on the 2 x k table of counts a[], b[]
 * (categories where both are 0 are dropped; statistic 0 when df < 1).
 * RG_RANGE for negative or non-finite counts, k < 1, or a table with a zero
 * row total. */
int stats_chisq_2xk(const double *a, const double *b, int k, struct stats_chisq *out);

/*
 * The same test on pooled counts that are over-dispersed (counts of paired,
 * bursty runs vary `phi` times as much as independent draws would): the
 * statistic is divided by phi before its p-value is read (the first-order
 * Rao-Scott correction).  RG_RANGE also for phi < 1.
 */
int stats_chisq_2xk_dispersed(const double *a, const double *b, int k, double phi,
                              struct stats_chisq *out);

struct stats_sign {
        int above; /* pairs with y > x */
        int below; /* pairs with y < x */
        int ties;
        double share;   /* max(above, below) / (above + below); 0 when no untied pair */
        double p_value; /* exact two-sided binomial sign test; 1 when no untied pair */
};

/* RG_RANGE for n < 0 or a NaN value (infinities compare normally). */
int stats_sign_test(const double *x, const double *y, int n, struct stats_sign *out);

#endif
