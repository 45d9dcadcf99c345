#!/usr/bin/python3
"""Notebook-suite and kernel timings for the benchmark (not a test).

- The suite: runs environment/run_notebooks.py once per profile (fast, full) and reads each notebook's seconds from
  the summary.csv it writes; or reads an existing summary.csv (e.g. build/test/summary.csv from `environment/kit test`
  and build/summary.csv from `environment/kit main`) instead of running again.
- The kernel: runs tests/kernel/measure_kernel.py, which prints the kernel's start time, empty-cell round trip and
  memory as markdown rows.

Both need Jupyter's Python libraries and the installed `java` kernel (`environment/kit setup`).

  suite_timing.py [--profiles fast,full] [--from fast=build/test,full=build] [--out build/bench] [NOTEBOOK...]
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUDGET_MINUTES = {"fast": 10, "full": 60}  # the whole suite, on 2 cores (issue targets)


def read_summary(path):
    """Rows of a run_notebooks.py summary.csv: dicts with notebook, result, seconds (float), checks_passed."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            r["seconds"] = float(r["seconds"])
            rows.append(r)
    return rows


def run_suite(profile, out_dir, python=sys.executable, notebooks=(), extra=(), log=None):
    """Runs every notebook (or the given ones) with the profile into out_dir; returns (rows, wall seconds, rc)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [python, str(REPO / "environment" / "run_notebooks.py"), "--profile", profile, "--out", str(out_dir),
           "--no-html", *extra, *[str(n) for n in notebooks]]
    t0 = time.monotonic()
    with open(log or os.devnull, "w", encoding="utf-8") as sink:
        rc = subprocess.call(cmd, cwd=REPO, stdout=sink, stderr=subprocess.STDOUT)
    wall = time.monotonic() - t0
    summary = out_dir / "summary.csv"
    rows = read_summary(summary) if summary.exists() and rc != 2 else []
    return rows, wall, rc


def kernel_figures(python=sys.executable, timeout=900):
    """(name, value) rows printed by tests/kernel/measure_kernel.py, or ([], reason) when it could not run."""
    script = REPO / "tests" / "kernel" / "measure_kernel.py"
    try:
        p = subprocess.run([python, str(script)], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [], f"measure_kernel.py did not finish in {timeout} s"
    rows = []
    for line in p.stdout.splitlines():
        m = re.match(r"^\|\s*(.+?)\s*\|\s*(.+?)\s*\|$", line.strip())
        if m:
            rows.append((m.group(1), m.group(2)))
    if p.returncode != 0 or not rows:
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return rows, "measure_kernel.py failed: " + " / ".join(tail)
    return rows, ""


def suite_table(per_profile):
    """Markdown: one row per notebook with seconds per profile, then the totals against the budgets.

    per_profile: {profile: {"rows": [...], "wall": seconds or None, "source": text}}.
    """
    profiles = [p for p in ("fast", "full") if p in per_profile]
    names = []
    for p in profiles:
        for r in per_profile[p]["rows"]:
            if r["notebook"] not in names:
                names.append(r["notebook"])
    if not names:
        return "No notebook timings (no notebooks ran).\n"
    lines = ["| notebook | " + " | ".join(f"{p} (s)" for p in profiles) + " |",
             "|---|" + "---:|" * len(profiles)]
    for n in names:
        cells = []
        for p in profiles:
            r = next((r for r in per_profile[p]["rows"] if r["notebook"] == n), None)
            cells.append("-" if r is None else f"{r['seconds']:.0f}" + ("" if r["result"] == "pass" else " (fail)"))
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    totals = []
    for p in profiles:
        total = sum(r["seconds"] for r in per_profile[p]["rows"])
        budget = BUDGET_MINUTES[p]
        verdict = "within" if total <= budget * 60 else "OVER"
        totals.append(f"{total / 60:.1f} min ({verdict} the {budget} min budget)")
    lines.append("| **total** | " + " | ".join(totals) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Time the notebook suite per profile, and the kernel.")
    ap.add_argument("notebooks", nargs="*", help="notebooks (default: all of notebooks/)")
    ap.add_argument("--profiles", default="fast,full", help="profiles to run (default fast,full)")
    ap.add_argument("--from", dest="reuse", default="",
                    help="read existing summaries instead of running, e.g. fast=build/test,full=build")
    ap.add_argument("--out", default=str(REPO / "build" / "bench"), help="output folder (default build/bench)")
    ap.add_argument("--no-kernel", action="store_true", help="skip the kernel figures")
    args = ap.parse_args(argv)
    reuse = dict(kv.split("=", 1) for kv in args.reuse.split(",") if kv)
    per = {}
    for p in [p for p in args.profiles.split(",") if p]:
        if p in reuse:
            per[p] = {"rows": read_summary(Path(reuse[p]) / "summary.csv"), "wall": None}
        else:
            rows, wall, _ = run_suite(p, Path(args.out) / f"suite-{p}", notebooks=args.notebooks)
            per[p] = {"rows": rows, "wall": wall}
    print(suite_table(per))
    if not args.no_kernel:
        rows, why = kernel_figures()
        print("| kernel figure | value |\n|---|---|")
        for name, value in rows:
            print(f"| {name} | {value} |")
        if why:
            print(why)
    return 0


if __name__ == "__main__":
    sys.exit(main())
