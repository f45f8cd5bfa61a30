#include "modtable.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"

static bool integral(double x)
{
        return isfinite(x) && x == floor(x);
}

/* The slot count as an int, clamped first so the cast is always defined;
 * sim_modtable_add then rejects anything outside 1..4096. */
static int slot_count(double x)
{
        return x < 0 ? -1 : x > 4097 ? 4097 : (int)x;
}

static int mod_index(struct sim_modtable *mt, const char *name, struct rg_errbuf *eb)
{
        for (int i = 0; i < mt->n_mods; i++)
                if (strcmp(mt->mod_names[i], name) == 0)
                        return i;
        if (mt->n_mods >= SIM_MAX_MODS)
                return -rg_fail(eb, RG_RANGE, "more than %d modulation formats", SIM_MAX_MODS);
        if (strlen(name) == 0 || strlen(name) >= SIM_LABEL_MAX)
                return -rg_fail(eb, RG_RANGE, "modulation name '%.30s' too long or empty", name);
        snprintf(mt->mod_names[mt->n_mods], SIM_LABEL_MAX, "%s", name);
        return mt->n_mods++;
}

int sim_modtable_class(const struct sim_modtable *mt, const char *label)
{
        char *end;
        double want = strtod(label, &end);
        bool numeric = end != label && *end == '\0';
        for (int i = 0; i < mt->n_classes; i++) {
                if (strcmp(mt->cls[i].label, label) == 0)
                        return i;
                if (numeric && mt->cls[i].gbps == want)
                        return i;
        }
        return -1;
}

int sim_modtable_add(struct sim_modtable *mt, const char *bw_label, const char *mod_name,
                     double max_km, int slots, struct rg_errbuf *eb)
{
        if (!(max_km >= 0) || !isfinite(max_km))
                return rg_fail(eb, RG_RANGE, "%s/%s: max_length must be a number >= 0", bw_label,
                               mod_name);
        if (slots < 1 || slots > 4096)
                return rg_fail(eb, RG_RANGE, "%s/%s: slots_needed must be 1..4096", bw_label,
                               mod_name);
        int c = -1;
        for (int i = 0; i < mt->n_classes; i++)
                if (strcmp(mt->cls[i].label, bw_label) == 0)
                        c = i;
        if (c < 0) {
                char *end;
                double gbps = strtod(bw_label, &end);
                if (end == bw_label || *end != '\0' || !(gbps > 0) || !isfinite(gbps))
                        return rg_fail(eb, RG_RANGE, "bandwidth '%s' is not a positive number",
                                       bw_label);
                if (strlen(bw_label) >= SIM_LABEL_MAX)
                        return rg_fail(eb, RG_RANGE, "bandwidth label '%.30s' too long", bw_label);
                if (mt->n_classes >= SIM_MAX_CLASSES)
                        return rg_fail(eb, RG_RANGE, "more than %d bandwidth classes",
                                       SIM_MAX_CLASSES);
                /* classes are found by their rate too ("050" is "50"): one
                 * rate, one class, or the second would be unreachable */
                for (int i = 0; i < mt->n_classes; i++)
                        if (mt->cls[i].gbps == gbps)
                                return rg_fail(eb, RG_PARSE,
                                               "bandwidth '%s' is the rate of class '%s' again",
                                               bw_label, mt->cls[i].label);
                c = mt->n_classes++;
                memset(&mt->cls[c], 0, sizeof(mt->cls[c]));
                snprintf(mt->cls[c].label, SIM_LABEL_MAX, "%s", bw_label);
                mt->cls[c].gbps = gbps;
        }
        struct sim_bw_class *cls = &mt->cls[c];
        int m = mod_index(mt, mod_name, eb);
        if (m < 0)
                return -m;
        for (int i = 0; i < cls->n_mods; i++)
                if (cls->mod[i] == m)
                        return rg_fail(eb, RG_PARSE, "%s/%s: listed twice", bw_label, mod_name);
        if (cls->n_mods >= SIM_MAX_MODS)
                return rg_fail(eb, RG_RANGE, "%s: too many modulation formats", bw_label);
        /* Insertion sort by reach; equal reaches keep file order (a stable
         * sort, as Python's sorted() used by FUSION). */
        int pos = cls->n_mods;
        while (pos > 0 && cls->max_km[pos - 1] > max_km) {
                cls->mod[pos] = cls->mod[pos - 1];
                cls->max_km[pos] = cls->max_km[pos - 1];
                cls->slots[pos] = cls->slots[pos - 1];
                pos--;
        }
        cls->mod[pos] = m;
        cls->max_km[pos] = max_km;
        cls->slots[pos] = slots;
        cls->n_mods++;
        return RG_OK;
}

/* rollgate's own layout: {"format": "rollgate-modulation/1", "assumptions":
 * {name: {gbps: [[modulation, reach_km, slots], ...]}}}. */
static int parse_rollgate(const char *path, const cJSON *root, const char *format,
                          const char *assumption, struct sim_modtable *out, struct rg_errbuf *eb)
{
        if (strcmp(format, "rollgate-modulation/1") != 0)
                return rg_fail(eb, RG_PARSE, "%s: key 'format': unknown format '%s'", path, format);
        const cJSON *all = cJSON_GetObjectItemCaseSensitive(root, "assumptions");
        const cJSON *table = cJSON_GetObjectItemCaseSensitive(all, assumption);
        if (!cJSON_IsObject(table))
                return rg_fail(eb, RG_NOTFOUND,
                               "%s: key 'assumptions.%s': no such modulation assumption", path,
                               assumption);
        snprintf(out->assumption, SIM_LABEL_MAX, "%s", assumption);
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        const cJSON *bw;
        cJSON_ArrayForEach(bw, table)
        {
                const cJSON *mod;
                if (!cJSON_IsArray(bw) || cJSON_GetArraySize(bw) == 0)
                        return rg_fail(eb, RG_PARSE,
                                       "%s: key 'assumptions.%s.%s' must be a non-empty array",
                                       path, assumption, bw->string);
                int i = 0;
                cJSON_ArrayForEach(mod, bw)
                {
                        const cJSON *name = cJSON_GetArrayItem(mod, 0);
                        const cJSON *reach = cJSON_GetArrayItem(mod, 1);
                        const cJSON *slots = cJSON_GetArrayItem(mod, 2);
                        if (cJSON_GetArraySize(mod) != 3 || !cJSON_IsString(name) ||
                            !cJSON_IsNumber(reach) || !cJSON_IsNumber(slots) ||
                            !integral(slots->valuedouble))
                                return rg_fail(eb, RG_PARSE,
                                               "%s: key 'assumptions.%s.%s[%d]' must be "
                                               "[\"name\", reach_km, slots]",
                                               path, assumption, bw->string, i);
                        int rc =
                            sim_modtable_add(out, bw->string, name->valuestring, reach->valuedouble,
                                             slot_count(slots->valuedouble), &local);
                        if (rc != RG_OK)
                                return rg_fail(eb, rc, "%s: key 'assumptions.%s.%s[%d]': %s", path,
                                               assumption, bw->string, i, local.msg);
                        i++;
                }
        }
        if (out->n_classes == 0)
                return rg_fail(eb, RG_PARSE, "%s: key 'assumptions.%s' has no bandwidth classes",
                               path, assumption);
        return RG_OK;
}

int sim_modtable_parse(const char *path, const char *text, const char *assumption,
                       struct sim_modtable *out, struct rg_errbuf *eb)
{
        memset(out, 0, sizeof(*out));
        cJSON *root = cJSON_ParseWithOpts(text, NULL, 1); /* nothing may follow */
        if (root == NULL) {
                const char *at = cJSON_GetErrorPtr();
                int line = at && at >= text ? rg_text_line_of(text, (size_t)(at - text)) : 1;
                return rg_fail(eb, RG_PARSE, "%s:%d: malformed JSON", path, line);
        }
        int rc = RG_OK;
        const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
        if (cJSON_IsString(format)) {
                rc = parse_rollgate(path, root, format->valuestring, assumption, out, eb);
                goto out;
        }
        const cJSON *table = cJSON_GetObjectItemCaseSensitive(root, assumption);
        if (!cJSON_IsObject(table)) {
                rc = rg_fail(eb, RG_NOTFOUND, "%s: key '%s': no such modulation assumption", path,
                             assumption);
                goto out;
        }
        snprintf(out->assumption, SIM_LABEL_MAX, "%s", assumption);
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        const cJSON *bw;
        cJSON_ArrayForEach(bw, table)
        {
                if (!cJSON_IsObject(bw) || cJSON_GetArraySize(bw) == 0) {
                        rc = rg_fail(eb, RG_PARSE, "%s: key '%s.%s' must be a non-empty object",
                                     path, assumption, bw->string);
                        goto out;
                }
                const cJSON *mod;
                cJSON_ArrayForEach(mod, bw)
                {
                        const cJSON *len = cJSON_GetObjectItemCaseSensitive(mod, "max_length");
                        const cJSON *slots = cJSON_GetObjectItemCaseSensitive(mod, "slots_needed");
                        if (!cJSON_IsNumber(len) || !cJSON_IsNumber(slots) ||
                            !integral(slots->valuedouble)) {
                                rc = rg_fail(eb, RG_PARSE,
                                             "%s: key '%s.%s.%s' needs numeric max_length and "
                                             "integer slots_needed",
                                             path, assumption, bw->string, mod->string);
                                goto out;
                        }
                        rc = sim_modtable_add(out, bw->string, mod->string, len->valuedouble,
                                              slot_count(slots->valuedouble), &local);
                        if (rc != RG_OK) {
                                rg_fail(eb, rc, "%s: key '%s.%s': %s", path, assumption, bw->string,
                                        local.msg);
                                goto out;
                        }
                }
        }
        if (out->n_classes == 0)
                rc = rg_fail(eb, RG_PARSE, "%s: key '%s' has no bandwidth classes", path,
                             assumption);
out:
        cJSON_Delete(root);
        return rc;
}

int sim_modtable_load(const char *path, const char *assumption, struct sim_modtable *out,
                      struct rg_errbuf *eb)
{
        char *text;
        size_t len;
        int rc = rg_file_read(path, &text, &len, eb);
        if (rc != RG_OK)
                return rc;
        rc = sim_modtable_parse(path, text, assumption, out, eb);
        free(text);
        return rc;
}
