#include "json_write.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "number.h"

struct cJSON *rg_json_add(struct rg_json *w, struct cJSON *o, const char *key, struct cJSON *it)
{
        if (it == NULL || o == NULL) {
                w->failed = true;
                cJSON_Delete(it);
                return NULL;
        }
        bool ok =
            cJSON_IsArray(o) ? cJSON_AddItemToArray(o, it) : cJSON_AddItemToObject(o, key, it);
        if (!ok) {
                w->failed = true;
                cJSON_Delete(it);
                return NULL;
        }
        return it;
}

struct cJSON *rg_json_object(struct rg_json *w, struct cJSON *o, const char *key)
{
        return rg_json_add(w, o, key, cJSON_CreateObject());
}

struct cJSON *rg_json_array(struct rg_json *w, struct cJSON *o, const char *key)
{
        return rg_json_add(w, o, key, cJSON_CreateArray());
}

static cJSON *exact(double v)
{
        char buf[40];
        rg_double_text(buf, sizeof(buf), v);
        return cJSON_CreateRaw(buf);
}

void rg_json_num(struct rg_json *w, struct cJSON *o, const char *key, double v)
{
        cJSON *it;
        if (isnan(v))
                it = cJSON_CreateNull();
        else if (isinf(v))
                it = cJSON_CreateString(v > 0 ? "Infinity" : "-Infinity");
        else
                it = exact(v);
        rg_json_add(w, o, key, it);
}

void rg_json_finite(struct rg_json *w, struct cJSON *o, const char *key, double v)
{
        rg_json_add(w, o, key, isfinite(v) ? exact(v) : cJSON_CreateNull());
}

void rg_json_str(struct rg_json *w, struct cJSON *o, const char *key, const char *s)
{
        rg_json_add(w, o, key, cJSON_CreateString(s ? s : ""));
}

void rg_json_bool(struct rg_json *w, struct cJSON *o, const char *key, bool b)
{
        rg_json_add(w, o, key, cJSON_CreateBool(b));
}

void rg_json_null(struct rg_json *w, struct cJSON *o, const char *key)
{
        rg_json_add(w, o, key, cJSON_CreateNull());
}

int rg_json_finish(const struct rg_json *w, struct cJSON *o, const char *what, struct rg_buf *out,
                   struct rg_errbuf *eb)
{
        char *text = w->failed ? NULL : cJSON_Print(o);
        cJSON_Delete(o);
        if (text == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the %s", what);
        rg_buf_puts(out, text);
        rg_buf_putc(out, '\n');
        free(text);
        return rg_buf_failed(out) ? rg_fail(eb, RG_NOMEM, "out of memory for the %s", what) : RG_OK;
}
