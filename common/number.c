#include "number.h"

#include <stdio.h>
#include <stdlib.h>

void rg_double_text(char *out, size_t cap, double v)
{
        /* from 15 digits: below that %g writes whole numbers in exponent
         * form (1.375e+06); 15 digits trimmed of zeros are the shortest
         * exact text wherever one that short exists */
        for (int prec = 15; prec <= 17; prec++) {
                snprintf(out, cap, "%.*g", prec, v);
                if (strtod(out, NULL) == v)
                        return;
        }
}
