#include "summary.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "../common/json_write.h"
#include "../reports/render.h"

static const char *decision_word(const struct gate_rollout_item *it)
{
        if (it->decision == GATE_ROLLBACK)
                return it->level == 1 ? "ROLLBACK (Level 1)" : "ROLLBACK (Level 2)";
        return it->decision == GATE_ENABLE ? "ENABLE" : "HOLD";
}

void gate_summary_text(const struct gate_summary *s, struct rg_buf *out)
{
        rg_buf_printf(out, "rollgate gate: %s (%d configs)\n\n", s->suite_name, s->n);
        rg_buf_printf(out, "%-20s %-9s %-19s %-19s %s\n", "config", "tier", "verdict", "decision",
                      "why");
        for (int i = 0; i < s->n; i++) {
                const struct gate_summary_config *c = &s->configs[i];
                rg_buf_printf(out, "%-20s %-9s %-19s %-19s %s\n", c->cfg->name,
                              gate_tier_name(c->cfg->tier), stats_verdict_name(c->doc->verdict),
                              decision_word(c->item), c->item->why);
        }
        rg_buf_puts(out, "\n");
        int enable = 0;
        for (int i = 0; i < s->n; i++)
                enable += s->configs[i].item->decision == GATE_ENABLE;
        rg_buf_printf(out, "may set use_orchestrator = true now:%s", enable ? "" : " none");
        for (int i = 0, k = 0; i < s->n; i++)
                if (s->configs[i].item->decision == GATE_ENABLE)
                        rg_buf_printf(out, "%s %s", k++ ? "," : "", s->configs[i].cfg->name);
        rg_buf_puts(out, "\n");
        for (int i = 0; i < s->n; i++) {
                const struct gate_summary_config *c = &s->configs[i];
                if (c->item->decision == GATE_ROLLBACK)
                        rg_buf_printf(out, "rollback %s: %s\n", c->cfg->name, c->doc->action.text);
        }
        for (int i = 0; i < s->n; i++)
                rg_buf_printf(out, "%s %s.{json,md,xml,html,txt}",
                              i ? "," : "reports:", s->configs[i].report_base);
        rg_buf_puts(out, "\n");
        rg_buf_printf(out, "\nGATE: %s (exit %d)\n", stats_verdict_name(s->verdict),
                      stats_verdict_exit_code(s->verdict));
}

void gate_summary_markdown(const struct gate_summary *s, struct rg_buf *out)
{
        rg_buf_printf(out, "## rollgate gate: %s (exit %d)\n\n", stats_verdict_name(s->verdict),
                      stats_verdict_exit_code(s->verdict));
        rg_buf_puts(out, "Suite ");
        report_put_md_cell(out, s->suite_name);
        rg_buf_printf(out,
                      ", %d configs, rolled out canary first, then standard, then "
                      "critical.\n\n",
                      s->n);
        rg_buf_puts(out, "| Config | Tier | Verdict | Decision | Why |\n|---|---|---|---|---|\n");
        for (int i = 0; i < s->n; i++) {
                const struct gate_summary_config *c = &s->configs[i];
                rg_buf_puts(out, "| ");
                report_put_md_cell(out, c->cfg->name);
                rg_buf_printf(out, " | %s | %s | **%s** | ", gate_tier_name(c->cfg->tier),
                              stats_verdict_name(c->doc->verdict), decision_word(c->item));
                report_put_md_cell(out, c->item->why);
                rg_buf_puts(out, " |\n");
        }
        rg_buf_puts(out, "\n");
        for (int i = 0; i < s->n; i++) {
                const struct gate_summary_config *c = &s->configs[i];
                if (c->doc->verdict == STATS_PASS)
                        continue;
                rg_buf_puts(out, "- **");
                report_put_md_cell(out, c->cfg->name);
                rg_buf_puts(out, "**: ");
                report_put_md_cell(out, c->doc->reason);
                rg_buf_puts(out, "\n");
        }
}

static const char *metric_outcome(enum stats_verdict v)
{
        if (v == STATS_PLANNED_ROLLBACK || v == STATS_EMERGENCY_ROLLBACK)
                return "failure";
        return v == STATS_HARNESS_ERROR ? "error" : NULL;
}

void gate_summary_junit(const struct gate_summary *s, struct rg_buf *out)
{
        int tests = 0, failures = 0, errors = 0;
        for (int i = 0; i < s->n; i++)
                for (int li = 0; li < s->configs[i].doc->n_loads; li++)
                        for (int k = 0; k < REPORT_METRICS; k++) {
                                const char *o =
                                    metric_outcome(s->configs[i].doc->loads[li].metric[k].verdict);
                                tests++;
                                failures += o && o[0] == 'f';
                                errors += o && o[0] == 'e';
                        }
        rg_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"");
        report_put_xml(out, s->suite_name);
        rg_buf_printf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\">\n", tests,
                      failures, errors);
        for (int i = 0; i < s->n; i++) {
                const struct gate_summary_config *c = &s->configs[i];
                const struct report_doc *d = c->doc;
                int f = 0, e = 0;
                for (int li = 0; li < d->n_loads; li++)
                        for (int k = 0; k < REPORT_METRICS; k++) {
                                const char *o = metric_outcome(d->loads[li].metric[k].verdict);
                                f += o && o[0] == 'f';
                                e += o && o[0] == 'e';
                        }
                rg_buf_puts(out, "  <testsuite name=\"");
                report_put_xml(out, c->cfg->name);
                rg_buf_printf(out,
                              "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\" "
                              "time=\"%.6f\">\n",
                              d->n_loads * REPORT_METRICS, f, e,
                              d->timing.wall_seconds >= 0 ? d->timing.wall_seconds : 0);
                rg_buf_printf(out,
                              "    <properties>\n      <property name=\"tier\" value=\"%s\"/>\n"
                              "      <property name=\"verdict\" value=\"%s\"/>\n"
                              "      <property name=\"decision\" value=\"%s\"/>\n"
                              "      <property name=\"config\" value=\"",
                              gate_tier_name(c->cfg->tier), stats_verdict_name(d->verdict),
                              gate_decision_name(c->item->decision));
                report_put_xml(out, c->cfg->config);
                rg_buf_puts(out, "\"/>\n    </properties>\n");
                for (int li = 0; li < d->n_loads; li++)
                        for (int k = 0; k < REPORT_METRICS; k++) {
                                const struct report_metric *m = &d->loads[li].metric[k];
                                const char *o = metric_outcome(m->verdict);
                                rg_buf_printf(out,
                                              "    <testcase name=\"erlang %g %s\" classname=\"",
                                              d->loads[li].erlang, report_metric_label(k));
                                report_put_xml(out, c->cfg->name);
                                rg_buf_puts(out, "\" time=\"0\">\n");
                                if (o) {
                                        rg_buf_printf(out, "      <%s type=\"%s\" message=\"", o,
                                                      stats_verdict_name(m->verdict));
                                        report_put_xml(out, m->reason);
                                        rg_buf_printf(out, "\"/>\n");
                                }
                                rg_buf_printf(
                                    out, "      <system-out>%s: ", stats_verdict_name(m->verdict));
                                report_put_xml(out, m->reason);
                                rg_buf_puts(out, "</system-out>\n    </testcase>\n");
                        }
                rg_buf_puts(out, "    <system-out>");
                report_put_xml(out, c->item->why);
                rg_buf_puts(out, "</system-out>\n  </testsuite>\n");
        }
        rg_buf_puts(out, "</testsuites>\n");
}

int gate_summary_json(const struct gate_summary *s, struct rg_buf *out)
{
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        w.failed = o == NULL;
        rg_json_num(&w, o, "schema_version", 1);
        rg_json_str(&w, o, "tool", "rollgate gate");
        rg_json_str(&w, o, "version", s->version);
        rg_json_str(&w, o, "suite", s->suite_name);
        rg_json_str(&w, o, "suite_file", s->suite_path);
        rg_json_str(&w, o, "verdict", stats_verdict_name(s->verdict));
        rg_json_num(&w, o, "exit_code", stats_verdict_exit_code(s->verdict));
        cJSON *arr = rg_json_array(&w, o, "configs");
        for (int i = 0; arr && i < s->n; i++) {
                const struct gate_summary_config *c = &s->configs[i];
                cJSON *x = rg_json_object(&w, arr, NULL);
                rg_json_str(&w, x, "name", c->cfg->name);
                rg_json_str(&w, x, "tier", gate_tier_name(c->cfg->tier));
                rg_json_str(&w, x, "config", c->cfg->config);
                rg_json_str(&w, x, "verdict", stats_verdict_name(c->doc->verdict));
                rg_json_num(&w, x, "exit_code", c->doc->exit_code);
                rg_json_str(&w, x, "reason", c->doc->reason);
                rg_json_str(&w, x, "action", c->doc->action.text);
                rg_json_str(&w, x, "decision", gate_decision_name(c->item->decision));
                rg_json_num(&w, x, "rollback_level", c->item->level);
                rg_json_str(&w, x, "why", c->item->why);
                rg_json_str(&w, x, "reports", c->report_base);
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        return rg_json_finish(&w, o, "suite summary", out, &eb);
}
