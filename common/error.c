#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const descriptions[] = {
#define RG_ERR_DESC(name, desc) [RG_##name] = desc,
    RG_ERRNO_MAP(RG_ERR_DESC)
#undef RG_ERR_DESC
};

const char *rg_strerror(int err)
{
        if (err < 0 || err >= RG_ERROR_COUNT)
                return "unknown error";
        return descriptions[err];
}

bool rg_error_is_input(int err)
{
        switch (err) {
        case RG_IO:
        case RG_PARSE:
        case RG_RANGE:
        case RG_UNSUPPORTED:
        case RG_USAGE:
        case RG_NOTFOUND:
                return true;
        default:
                return false;
        }
}

void rg_errbuf_init(struct rg_errbuf *eb)
{
        eb->code = RG_OK;
        eb->msg[0] = '\0';
}

/* One line whatever the input quoted in a message held: control characters
 * (a newline in a JSON string, a name) become '?'. */
void rg_one_line(char *msg)
{
        for (char *p = msg; *p; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f)
                        *p = '?';
}

int rg_fail(struct rg_errbuf *eb, int code, const char *fmt, ...)
{
        if (eb == NULL || eb->code != RG_OK)
                return code;
        eb->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
        va_end(ap);
        rg_one_line(eb->msg);
        return code;
}
