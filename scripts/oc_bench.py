#!/usr/bin/env python3
"""Operating characteristics of `rollgate compare`: how often it gives each verdict.

Run on demand (never in CI):

    python3 scripts/oc_bench.py --rollgate build/harness/rollgate [--quick]
        [--invocations N] [--power-invocations M] [--jobs J] [--out FILE.json] [--check]

It runs `rollgate compare ... --quiet --advisory --json F --no-progress
--perf-threshold 10 --threads 1` many times with disjoint seed sets and reads
the `verdict` from each JSON report (not the exit code: --advisory exits 0;
--perf-threshold 10 keeps run time out of the verdict), then prints three
Markdown tables and writes every invocation and the summaries to --out.

1. A/A false-rollback rate: no fault injected, absolute deviation.
   NSFNet rows: --unpaired (the orchestrator gets seeds + 1000000007, so the
   two paths see different request streams), --erlang 600, for 10 x 10 000,
   5 x 2 000, 3 x 500 and 2 x 100 (replications x requests).
   DT rows: --network DT --thresholds 0.1,10 --replications 1 --requests 10000
   --erlang 150,300,450,600, once paired and once --unpaired.  (Paired with no
   fault both paths are bit-identical, so that row can only PASS unless the
   identical-runs rule breaks; the unpaired one is the noisy A/A case.)
   False-rollback rate = (PLANNED_ROLLBACK + EMERGENCY_ROLLBACK) / n, with a
   95 % Clopper-Pearson interval.
2. Power: paired, --inject drop=P for P in 0.01 .. 0.2, 10 x 10 000 at
   --erlang 600 (the default config's request count and replications, its
   highest load): share of each verdict and the BP/BBP deviation in pp
   (loads[0].metrics.X.delta_pp.mean, else decision.deviation).
   Besides the audit's grid (0.01, 0.02, 0.025, 0.03, 0.05, 0.1, 0.2) it runs
   0.035, 0.04, 0.045, 0.15, 0.165 and 0.175, which fill the grid's gaps around
   T1 = 2 pp and T2 = 10 pp (shown in brackets).
3. The paired decision band, from the power runs: per verdict, the smallest
   and largest |BP deviation| seen, over the audit's grid and over all levels.

Seeds: invocation i of a row with R replications uses --seed-base 1 + i * R,
so the seed sets within a row are disjoint (seeds 1 .. n*R); every row uses
the same rule, and the power rows share seeds across P (common random
numbers).  Everything is fixed, so two runs of the same binary give the same
tables and the same JSON apart from its "timing" member.

Exit status: 0 done; 1 an invocation failed (no JSON report, or rollgate exited
non-zero) or, with --check, an A/A row's false-rollback rate is above 5 %;
2 usage error.
"""

import argparse
import concurrent.futures
import hashlib
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CONFIG = os.path.join(REPO, "fixtures", "configs", "default.ini")

VERDICTS = ["PASS", "MONITOR", "INCONCLUSIVE", "PLANNED_ROLLBACK",
            "EMERGENCY_ROLLBACK", "HARNESS_ERROR"]
ROLLBACKS = ("PLANNED_ROLLBACK", "EMERGENCY_ROLLBACK")
ERROR = "ERROR"  # the invocation itself failed (no report): not a verdict
SHORT = {"PASS": "PASS", "MONITOR": "MON", "INCONCLUSIVE": "INC",
         "PLANNED_ROLLBACK": "PLAN", "EMERGENCY_ROLLBACK": "EMERG",
         "HARNESS_ERROR": "HARN", ERROR: "ERR"}

COMMON = ["--quiet", "--advisory", "--no-progress", "--perf-threshold", "10",
          "--threads", "1", "--deviation", "absolute"]
UNPAIRED_OFFSET = 1000000007  # rollgate's orchestrator seed offset under --unpaired
SEED_LIMIT = 2000000000
ALPHA_RATE = 0.05             # the acceptance limit on the false-rollback rate
DROPS = ["0.01", "0.02", "0.025", "0.03", "0.05", "0.1", "0.2"]   # the audit's grid
# extra levels that fill the grid's gaps around T1 = 2 pp (0.03 -> 0.05) and
# T2 = 10 pp (0.1 -> 0.2), so the decision band is not limited by the grid
EXTRA_DROPS = ["0.035", "0.04", "0.045", "0.15", "0.165", "0.175"]

FULL_AA = 1000     # A/A invocations per row (>= 200 required)
FULL_POWER = 300   # power invocations per P (>= 100 required)
QUICK = 20


def aa_rows():
    rows = []
    for reps, reqs in ((10, 10000), (5, 2000), (3, 500), (2, 100)):
        rows.append({
            "id": "aa-nsfnet-%dx%d" % (reps, reqs),
            "label": "NSFNet %d x %d, 600 E, unpaired" % (reps, reqs),
            "kind": "aa", "replications": reps, "unpaired": True,
            "args": ["--erlang", "600", "--replications", str(reps),
                     "--requests", str(reqs), "--unpaired"],
        })
    dt = ["--network", "DT", "--thresholds", "0.1,10", "--replications", "1",
          "--requests", "10000", "--erlang", "150,300,450,600"]
    rows.append({"id": "aa-dt-1x10000-paired",
                 "label": "DT 1 x 10000, 150-600 E, T1 0.1, paired",
                 "kind": "aa", "replications": 1, "unpaired": False, "args": dt})
    rows.append({"id": "aa-dt-1x10000-unpaired",
                 "label": "DT 1 x 10000, 150-600 E, T1 0.1, unpaired",
                 "kind": "aa", "replications": 1, "unpaired": True,
                 "args": dt + ["--unpaired"]})
    return rows


def power_rows():
    levels = sorted([(p, True) for p in DROPS] + [(p, False) for p in EXTRA_DROPS],
                    key=lambda x: float(x[0]))
    return [{"id": "power-drop-%s" % p, "label": "drop=%s" % p, "kind": "power",
             "drop": float(p), "audit_grid": grid, "replications": 10, "unpaired": False,
             "args": ["--erlang", "600", "--replications", "10",
                      "--requests", "10000", "--inject", "drop=" + p]}
            for p, grid in levels]


# ---------------------------------------------------------------- statistics

def binom_cdf(k, n, p):
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (lgamma)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)
    lnf = math.lgamma(n + 1)
    terms = [math.exp(lnf - math.lgamma(j + 1) - math.lgamma(n - j + 1)
                      + j * lp + (n - j) * lq) for j in range(k + 1)]
    return min(1.0, math.fsum(terms))


def _bisect(f, target, increasing):
    """p in [0, 1] with f(p) = target, f monotone."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if (f(mid) < target) == increasing:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    return 0.5 * (lo + hi)


def clopper_pearson(k, n, conf=0.95):
    """Exact two-sided interval for a binomial proportion k / n."""
    if n <= 0:
        return [0.0, 1.0]
    a = (1.0 - conf) / 2.0
    # lower: P(X >= k; p) = a, increasing in p
    lower = 0.0 if k == 0 else _bisect(lambda p: 1.0 - binom_cdf(k - 1, n, p), a, True)
    # upper: P(X <= k; p) = a, decreasing in p
    upper = 1.0 if k == n else _bisect(lambda p: binom_cdf(k, n, p), a, False)
    return [lower, upper]


def _selftest():
    # closed forms at the edges
    for n in (1, 20, 200, 1000):
        lo, hi = clopper_pearson(0, n)
        assert lo == 0.0 and abs(hi - (1 - 0.025 ** (1.0 / n))) < 1e-9, (n, hi)
        lo, hi = clopper_pearson(n, n)
        assert hi == 1.0 and abs(lo - 0.025 ** (1.0 / n)) < 1e-9, (n, lo)
    # symmetry and a textbook value (k = 5, n = 20: [0.0866, 0.4910])
    lo, hi = clopper_pearson(5, 20)
    assert abs(lo - 0.08657) < 1e-4 and abs(hi - 0.49105) < 1e-4, (lo, hi)
    lo2, hi2 = clopper_pearson(15, 20)
    assert abs(lo2 - (1 - hi)) < 1e-9 and abs(hi2 - (1 - lo)) < 1e-9


def mean_sd(xs):
    if not xs:
        return None, None
    m = math.fsum(xs) / len(xs)
    if len(xs) < 2:
        return m, None
    return m, math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1))


# ---------------------------------------------------------------- running

def metric_summary(m):
    if not m:
        return None
    dec = m.get("decision") or {}
    dpp = m.get("delta_pp")
    dev = dpp["mean"] if isinstance(dpp, dict) and dpp.get("mean") is not None \
        else dec.get("deviation")
    return {"deviation_pp": dev, "decision_deviation": dec.get("deviation"),
            "interval": dec.get("interval"), "basis": dec.get("basis"),
            "verdict": dec.get("verdict")}


def run_one(rollgate, config, row, i, workdir):
    seed_base = 1 + i * row["replications"]
    jpath = os.path.join(workdir, "%s-%05d.json" % (row["id"], i))
    argv = [rollgate, "compare", "--config", config] + row["args"] + COMMON + \
        ["--seed-base", str(seed_base), "--json", jpath]
    rec = {"row": row["id"], "i": i, "seed_base": seed_base}
    try:
        p = subprocess.run(argv, cwd=workdir, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=600)
        rec["exit_code"] = p.returncode
        doc = None
        if os.path.exists(jpath):
            with open(jpath, encoding="utf-8") as f:
                doc = json.load(f)
            os.unlink(jpath)
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        rec.update(exit_code=None, verdict=ERROR, error=str(e))
        return rec
    if doc is None or p.returncode != 0 or doc.get("verdict") not in VERDICTS:
        rec["verdict"] = ERROR
        rec["error"] = (p.stderr.strip().splitlines() or ["no JSON report"])[-1]
        if doc is not None:
            rec["report_verdict"] = doc.get("verdict")
        return rec
    rec["verdict"] = doc["verdict"]
    rec["complete"] = doc.get("complete")
    rec["reason"] = doc.get("reason")
    rec["version"] = doc.get("version")
    loads = []
    for ld in doc.get("loads") or []:
        met = ld.get("metrics") or {}
        loads.append({"erlang": ld.get("erlang"), "verdict": ld.get("verdict"),
                      "identical": ld.get("identical"),
                      "low_signal": ld.get("low_signal"),
                      "bp": metric_summary(met.get("bp")),
                      "bbp": metric_summary(met.get("bbp"))})
    rec["loads"] = loads
    return rec


def check_seeds(rows, counts):
    for row in rows:
        n = counts[row["id"]]
        top = 1 + (n - 1) * row["replications"] + row["replications"] - 1
        if row["unpaired"]:
            top += UNPAIRED_OFFSET
        if top >= SEED_LIMIT:
            sys.exit("oc_bench: row %s would use seed %d (>= %d); lower --invocations"
                     % (row["id"], top, SEED_LIMIT))


# ---------------------------------------------------------------- summaries

def count_verdicts(recs):
    c = {v: 0 for v in VERDICTS + [ERROR]}
    for r in recs:
        c[r["verdict"]] += 1
    return c


def summarise_aa(row, recs):
    c = count_verdicts(recs)
    n = len(recs) - c[ERROR]
    k = c["PLANNED_ROLLBACK"] + c["EMERGENCY_ROLLBACK"]
    rate = k / n if n else None
    ci = clopper_pearson(k, n) if n else [None, None]
    return {"id": row["id"], "label": row["label"], "args": row["args"],
            "invocations": n, "errors": c[ERROR], "counts": c,
            "false_rollbacks": k, "rate": rate, "ci95": ci,
            "rate_le_5pct": rate is not None and rate <= ALPHA_RATE,
            "upper_le_5pct": ci[1] is not None and ci[1] <= ALPHA_RATE,
            "seed_bases": "1 + i * %d, i = 0..%d" % (row["replications"], len(recs) - 1)}


def bp_dev(r):
    try:
        return r["loads"][0]["bp"]["deviation_pp"]
    except (KeyError, IndexError, TypeError):
        return None


def bbp_dev(r):
    try:
        return r["loads"][0]["bbp"]["deviation_pp"]
    except (KeyError, IndexError, TypeError):
        return None


def summarise_power(row, recs):
    c = count_verdicts(recs)
    ok = [r for r in recs if r["verdict"] != ERROR]
    n = len(ok)
    bp = [d for d in map(bp_dev, ok) if d is not None]
    bbp = [d for d in map(bbp_dev, ok) if d is not None]
    bpm, bps = mean_sd(bp)
    bbm, bbs = mean_sd(bbp)
    return {"id": row["id"], "drop": row["drop"], "audit_grid": row["audit_grid"],
            "args": row["args"],
            "invocations": n, "errors": c[ERROR], "counts": c,
            "shares": {v: (c[v] / n if n else None) for v in VERDICTS},
            "bp_deviation_pp": {"mean": bpm, "sd": bps,
                                "min": min(bp) if bp else None,
                                "max": max(bp) if bp else None},
            "bbp_deviation_pp": {"mean": bbm, "sd": bbs,
                                 "min": min(bbp) if bbp else None,
                                 "max": max(bbp) if bbp else None},
            "seed_bases": "1 + i * 10, i = 0..%d" % (len(recs) - 1)}


def summarise_band(recs):
    per = {}
    for r in recs:
        d = bp_dev(r)
        if r["verdict"] == ERROR or d is None:
            continue
        per.setdefault(r["verdict"], []).append(abs(d))
    by = {v: {"n": len(per[v]), "min_abs_bp_pp": min(per[v]), "max_abs_bp_pp": max(per[v])}
          for v in VERDICTS if v in per}

    def ext(v, f):
        return by[v][f] if v in by else None
    rollback = per.get("PLANNED_ROLLBACK", []) + per.get("EMERGENCY_ROLLBACK", [])
    nonpass = [x for v, xs in per.items() if v != "PASS" for x in xs]
    below_planned = [x for v, xs in per.items() if v in ("PASS", "MONITOR", "INCONCLUSIVE")
                     for x in xs]
    return {
        "by_verdict": by,
        "largest_pass": ext("PASS", "max_abs_bp_pp"),
        "smallest_planned": ext("PLANNED_ROLLBACK", "min_abs_bp_pp"),
        "largest_planned": ext("PLANNED_ROLLBACK", "max_abs_bp_pp"),
        "smallest_emergency": ext("EMERGENCY_ROLLBACK", "min_abs_bp_pp"),
        # "always PASS below" / "always a rollback above" as the audit put it
        "always_pass_below": min(nonpass) if nonpass else None,
        "always_rollback_from": max(below_planned) if below_planned else None,
        "smallest_rollback": min(rollback) if rollback else None,
    }


# ---------------------------------------------------------------- output

def pct(x, digits=2):
    return "-" if x is None else ("%.*f %%" % (digits, 100.0 * x))


def num(x, fmt="%.3f"):
    return "-" if x is None else fmt % x


def markdown(aa, power, band, meta):
    out = []
    out.append("### A/A false-rollback rate (no fault, absolute deviation)\n")
    out.append("| configuration | n | PASS | MON | INC | PLAN | EMERG | HARN | ERR "
               "| false rollbacks | rate | 95 % CP interval | rate <= 5 % | upper <= 5 % |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|")
    for s in aa:
        c = s["counts"]
        out.append("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | [%s, %s] | %s | %s |" % (
            s["label"], s["invocations"], c["PASS"], c["MONITOR"], c["INCONCLUSIVE"],
            c["PLANNED_ROLLBACK"], c["EMERGENCY_ROLLBACK"], c["HARNESS_ERROR"], c[ERROR],
            s["false_rollbacks"], pct(s["rate"]), pct(s["ci95"][0]), pct(s["ci95"][1]),
            "yes" if s["rate_le_5pct"] else "**no**",
            "yes" if s["upper_le_5pct"] else "no"))
    out.append("")
    out.append("### Power: paired, --inject drop=P, NSFNet 10 x 10000 at 600 E\n")
    out.append("(P in brackets: gap fillers, not in the audit's grid)\n")
    out.append("| P | n | PASS | INCONCLUSIVE | PLANNED | EMERGENCY | other "
               "| mean BP dev pp (sd) | BP dev range pp | mean BBP dev pp |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for s in power:
        c, sh, b = s["counts"], s["shares"], s["bp_deviation_pp"]
        other = c["MONITOR"] + c["HARNESS_ERROR"] + c[ERROR]
        out.append("| %s | %d | %s | %s | %s | %s | %d | %s (%s) | [%s, %s] | %s |" % (
            ("%g" % s["drop"]) if s["audit_grid"] else ("(%g)" % s["drop"]), s["invocations"], pct(sh["PASS"], 1), pct(sh["INCONCLUSIVE"], 1),
            pct(sh["PLANNED_ROLLBACK"], 1), pct(sh["EMERGENCY_ROLLBACK"], 1), other,
            num(b["mean"]), num(b["sd"]), num(b["min"]), num(b["max"]),
            num(s["bbp_deviation_pp"]["mean"])))
    out.append("")
    for key, title in (("audit_grid", "the audit's P grid"),
                       ("all_levels", "all P levels, with the gap fillers")):
        b = band[key]
        out.append("### Paired decision band: |BP deviation| in pp, %s\n" % title)
        out.append("| verdict | n | smallest | largest |")
        out.append("|---|---:|---:|---:|")
        for v in VERDICTS:
            if v in b["by_verdict"]:
                e = b["by_verdict"][v]
                out.append("| %s | %d | %.3f | %.3f |" % (v, e["n"], e["min_abs_bp_pp"],
                                                          e["max_abs_bp_pp"]))
        out.append("")
        out.append("Largest |deviation| that PASSed: %s pp; smallest that was PLANNED: %s pp; "
                   "largest PLANNED: %s pp; smallest EMERGENCY: %s pp. Always PASS below "
                   "%s pp; always a rollback above %s pp." % (
                       num(b["largest_pass"]), num(b["smallest_planned"]),
                       num(b["largest_planned"]), num(b["smallest_emergency"]),
                       num(b["always_pass_below"]), num(b["always_rollback_from"])))
        out.append("")
    out.append("rollgate %s; seed base 1 + i x replications; %s" % (
        meta.get("version") or "?", meta["counts_note"]))
    return "\n".join(out) + "\n"


def write_atomic(path, doc):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".oc_bench.", dir=d)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rollgate", required=True, help="path to the rollgate binary")
    ap.add_argument("--config", default=DEFAULT_CONFIG,
                    help="base config (default: fixtures/configs/default.ini of this tree)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: %d invocations per row" % QUICK)
    ap.add_argument("--invocations", type=int,
                    help="A/A invocations per row (default %d, --quick %d)" % (FULL_AA, QUICK))
    ap.add_argument("--power-invocations", type=int,
                    help="power invocations per drop level (default %d, --quick %d)"
                    % (FULL_POWER, QUICK))
    ap.add_argument("--jobs", type=int, default=2, help="parallel rollgate processes (default 2)")
    ap.add_argument("--out", help="write everything to this JSON file")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when an A/A row's false-rollback rate is above 5 %%")
    args = ap.parse_args()

    _selftest()
    rollgate = os.path.abspath(args.rollgate)
    if not os.access(rollgate, os.X_OK):
        ap.error("--rollgate %s is not an executable" % args.rollgate)
    config = os.path.abspath(args.config)
    if not os.path.isfile(config):
        ap.error("--config %s not found" % args.config)
    n_aa = args.invocations or (QUICK if args.quick else FULL_AA)
    n_pw = args.power_invocations or (QUICK if args.quick else FULL_POWER)
    if n_aa < 1 or n_pw < 1 or args.jobs < 1:
        ap.error("--invocations, --power-invocations and --jobs must be positive")
    if not args.quick and (n_aa < 200 or n_pw < 100):
        print("oc_bench: warning: below the audit's sizes (>= 200 A/A, >= 100 power)",
              file=sys.stderr)

    rows_aa, rows_pw = aa_rows(), power_rows()
    counts = {r["id"]: n_aa for r in rows_aa}
    counts.update({r["id"]: n_pw for r in rows_pw})
    check_seeds(rows_aa + rows_pw, counts)

    tasks = [(row, i) for row in rows_aa + rows_pw for i in range(counts[row["id"]])]
    results = {}
    t0 = time.monotonic()
    done_per_row = {}
    with tempfile.TemporaryDirectory(prefix="oc_bench.") as work:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            futs = {ex.submit(run_one, rollgate, config, row, i, work): (row["id"], i)
                    for row, i in tasks}
            for f in concurrent.futures.as_completed(futs):
                key = futs[f]
                results[key] = f.result()
                done_per_row[key[0]] = done_per_row.get(key[0], 0) + 1
                if done_per_row[key[0]] == counts[key[0]]:
                    print("oc_bench: %-26s %5d invocations done (%.0f s)"
                          % (key[0], counts[key[0]], time.monotonic() - t0), file=sys.stderr)
    wall = time.monotonic() - t0

    def recs(row):
        return [results[(row["id"], i)] for i in range(counts[row["id"]])]

    aa = [summarise_aa(r, recs(r)) for r in rows_aa]
    power = [summarise_power(r, recs(r)) for r in rows_pw]
    band = {"audit_grid": summarise_band([x for r in rows_pw if r["audit_grid"]
                                          for x in recs(r)]),
            "all_levels": summarise_band([x for r in rows_pw for x in recs(r)])}
    all_recs = [results[(row["id"], i)] for row, i in tasks]
    versions = sorted({r.get("version") for r in all_recs if r.get("version")})
    meta = {"version": ", ".join(versions),
            "counts_note": "%d A/A invocations per row, %d power invocations per P"
            % (n_aa, n_pw)}
    md = markdown(aa, power, band, meta)
    sys.stdout.write(md)
    errors = sum(1 for r in all_recs if r["verdict"] == ERROR)
    print("\n%d invocations in %.1f s with %d jobs%s" % (
        len(all_recs), wall, args.jobs,
        "; %d FAILED (see the JSON)" % errors if errors else ""))

    if args.out:
        doc = {
            "schema": "rollgate-oc-bench/1",
            "command": ["python3", "scripts/oc_bench.py"] + sys.argv[1:],
            "rollgate": {"path": rollgate, "versions": versions,
                         "sha256": sha256(rollgate)},
            "config": {"path": config, "sha256": sha256(config)},
            "common_args": COMMON,
            "seed_rule": "seed_base = 1 + i * replications (replication r uses "
                         "seed_base + r; --unpaired orchestrator seeds + %d)" % UNPAIRED_OFFSET,
            "settings": {"quick": args.quick, "aa_invocations": n_aa,
                         "power_invocations": n_pw, "jobs": args.jobs},
            "aa": aa, "power": power, "band": band,
            "markdown": md,
            "invocations": all_recs,
            "timing": {"wall_s": round(wall, 3), "jobs": args.jobs,
                       "host": platform.node(), "cpus": os.cpu_count()},
        }
        write_atomic(args.out, doc)
        print("wrote %s" % args.out, file=sys.stderr)

    rc = 1 if errors else 0
    if args.check and any(s["rate"] is None or s["rate"] > ALPHA_RATE for s in aa):
        rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
