/* Multiple-testing correction across loads x metrics. */
#ifndef STATS_MULTIPLE_H
#define STATS_MULTIPLE_H

#include "../common/error.h"

/* Holm's step-down adjusted p-values (monotone, capped at 1) for m p-values;
 * adjusted[i] corresponds to p[i].  RG_RANGE for m < 1 or p outside [0, 1]. */
int stats_holm(const double *p, int m, double *adjusted);

#endif
