/* Numbers as text that reads back as the same double. */
#ifndef RG_NUMBER_H
#define RG_NUMBER_H

#include <stddef.h>

/*
 * The shortest "%.Ng" text (N from 15 to 17: no exponent for whole numbers
 * below 1e15) of a finite `v` that strtod reads back as exactly `v` ("300",
 * "1375000", "0.1319", "1828.4759820297202"), locale-free as
 * long as nobody calls setlocale(LC_NUMERIC).  cJSON's own printing takes
 * 15 digits whenever they read back within an epsilon, which loses bits.
 */
void rg_double_text(char *out, size_t cap, double v);

#endif
