#!/usr/bin/python3
"""Measures the lab's capacity: K simulated students at once, each running a notebook through the hub.

For each K (default 1, 2, 4) it starts K students' kernels through the hub's REST API at the same moment and runs
every code cell of the notebook (default notebooks/00-tour, in the lab's profile) in each, as Run All does; it
records per student the notebook's wall time, the kernel's peak resident memory (VmHWM of its JVM) and whether the
notebook failed (an error, a CHECK FAIL, no CHECK PASS, a timeout), and per K the machine's load and its lowest
available memory. Results: build/lab/load.md (a table) and build/lab/load.csv.

Bounded: K <= 8, one notebook per student per round, every cell and the whole run under a time limit, loopback only
(the lab must listen on 127.0.0.1; the script makes no other connection). By default it runs on its own lab
(KIT_LAB_DIR=/var/lib/transfer-kit-lab-load, accounts kitload1.., port 18800, fast profile), started through
`environment/kit lab` and stopped (accounts removed) at the end; --lab-dir DIR uses a running lab instead.

    sudo /usr/bin/python3 environment/lab/load.py --students 1,2,4      # docs/lab.md has the figures
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import labclient  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "lab"
OWN_LAB = dict(dir="/var/lib/transfer-kit-lab-load", prefix="kitload", port="18800")
MAX_K = 8


def mem_available_mib():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def run_student(lab, user, cells, cell_timeout, result, start_gate):
    """One simulated student: a fresh kernel, every code cell in order (stops at the first error), then shutdown."""
    r = result
    try:
        lab.start_server(user)
        start_gate.wait()
        t0 = time.monotonic()
        kernel = lab.kernel(user)
        try:
            first = kernel.execute("1 + 1", timeout=300)
            r["kernel_start_s"] = time.monotonic() - t0
            if first.status != "ok":
                raise labclient.LabError(f"the kernel did not answer: {first.text()[:200]}")
            text, t1 = [], time.monotonic()
            for n, code in enumerate(cells):
                reply = kernel.execute(code, timeout=cell_timeout)
                text.append(reply.text())
                _, peak = kernel.memory_mib()
                r["peak_mib"] = max(r.get("peak_mib") or 0, peak or 0)
                if reply.status != "ok":
                    r["failure"] = f"cell {n + 1}: {reply.status}: {reply.text()[-300:]}"
                    break
            r["notebook_s"] = time.monotonic() - t1
            joined = "".join(text)
            r["checks"] = joined.count("CHECK PASS")
            if "failure" not in r and ("CHECK FAIL" in joined or r["checks"] == 0):
                r["failure"] = "a check failed" if "CHECK FAIL" in joined else "no CHECK PASS"
        finally:
            kernel.shutdown()
    except Exception as e:  # a student's failure is a result, not the end of the measurement
        r["failure"] = f"{type(e).__name__}: {e}"
        start_gate.abort()


def round_of(lab, k, cells, cell_timeout):
    results = [{"k": k, "student": user} for user in lab.students[:k]]
    gate = threading.Barrier(k)
    threads = [threading.Thread(target=run_student, args=(lab, r["student"], cells, cell_timeout, r, gate))
               for r in results]
    low = [mem_available_mib()]
    load_before = os.getloadavg()[0]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        low.append(mem_available_mib())
        time.sleep(2)
    for t in threads:
        t.join()
    machine = {"k": k, "round_s": time.monotonic() - t0, "mem_available_min_mib": min(low),
               "load1_before": load_before, "load1_after": os.getloadavg()[0]}
    return results, machine


def summary_rows(all_results, machines):
    rows = []
    base = None
    for m in machines:
        rs = [r for r in all_results if r["k"] == m["k"]]
        ok = [r for r in rs if "failure" not in r and r.get("notebook_s")]
        walls = [r["notebook_s"] for r in ok]
        mean = statistics.mean(walls) if walls else float("nan")
        if base is None and walls:
            base = mean
        rows.append({
            "K": m["k"], "failed": len(rs) - len(ok),
            "notebook s (mean)": mean, "notebook s (max)": max(walls) if walls else float("nan"),
            "slowdown vs K=1": mean / base if base else float("nan"),
            "kernel start s (max)": max((r.get("kernel_start_s") or 0) for r in rs),
            "kernel peak MiB (max)": max((r.get("peak_mib") or 0) for r in rs),
            "lowest MemAvailable MiB": m["mem_available_min_mib"],
            "load1 after": m["load1_after"],
        })
    return rows


def write(rows, all_results, notes):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "load.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["k", "student", "kernel_start_s", "notebook_s", "peak_mib", "checks",
                                          "failure"], extrasaction="ignore")
        w.writeheader()
        for r in all_results:
            w.writerow(r)
    keys = list(rows[0].keys())
    lines = ["| " + " | ".join(keys) + " |", "|" + "---:|" * len(keys)]
    for row in rows:
        lines.append("| " + " | ".join(f"{v:,.1f}" if isinstance(v, float) else str(v) for v in row.values()) + " |")
    text = "\n".join(notes + [""] + lines) + "\n"
    (OUT / "load.md").write_text(text)
    return text


def kit_lab(env, *args):
    cmd = [str(REPO / "environment" / "kit"), "lab", *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", default="1,2,4", help="the values of K, comma-separated (each at most 8)")
    p.add_argument("--notebook", default="transfer-kit/00-tour.ipynb", help="path in each student's home")
    p.add_argument("--cell-timeout", type=int, default=900, help="seconds per cell (default 900)")
    p.add_argument("--time-limit", type=int, default=3600, help="no new round after this many seconds (default 3600)")
    p.add_argument("--lab-dir", help="measure this running lab (its profile applies) instead of starting one")
    p.add_argument("--heap", default="2g", help="heap and off-heap cap per kernel of the script's own lab")
    args = p.parse_args(argv)
    ks = [int(x) for x in args.students.split(",")]
    if any(k < 1 or k > MAX_K for k in ks):
        p.error(f"each K must be 1..{MAX_K}")
    if os.geteuid() != 0:
        p.error("run as root (the lab's folder, its token and the kernels' /proc entries are root's to read)")
    own = args.lab_dir is None
    env = dict(os.environ, KIT_SKIP_SETUP=os.environ.get("KIT_SKIP_SETUP", "1"))
    if own:
        env["KIT_LAB_DIR"] = OWN_LAB["dir"]
        kit_lab(env, "--students", str(max(ks)), "--prefix", OWN_LAB["prefix"], "--port", OWN_LAB["port"],
                "--profile", "fast", "--heap", args.heap, "--cull", "0")
    all_results, machines, t_start = [], [], time.monotonic()
    notes = []
    try:
        lab = labclient.Lab(env.get("KIT_LAB_DIR", args.lab_dir) if own else args.lab_dir)
        if not lab.url.startswith(("http://127.", "https://127.")):
            p.error(f"the lab listens on {lab.url}: the load script runs on loopback labs only")
        if len(lab.students) < max(ks):
            p.error(f"the lab has {len(lab.students)} students, K goes up to {max(ks)}")
        lab.start_server(lab.students[0])
        cells = labclient.code_cells(lab.notebook(lab.students[0], args.notebook))
        notes += [f"# Lab load: {args.notebook}, profile {lab.settings['PROFILE']}, heap {lab.settings['HEAP']}, "
                  f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
                  "", f"uptime before: {uptime()}"]
        print(notes[0], flush=True)
        print(notes[2], flush=True)
        for k in ks:
            if time.monotonic() - t_start > args.time_limit:
                print(f"time limit reached; K = {k} not run", flush=True)
                break
            peaks = [r.get("peak_mib") or 0 for r in all_results]
            need = k * (max(peaks) if peaks else 3000) * 1.2
            if mem_available_mib() < need:  # a shared machine: never push other work into the OOM killer
                note = (f"K = {k} not run: {mem_available_mib():,.0f} MiB available, about {need:,.0f} MiB needed "
                        f"({k} kernels at the peak seen so far, plus 20 %)")
                print(note, flush=True)
                notes.append(note)
                break
            results, machine = round_of(lab, k, cells, args.cell_timeout)
            all_results += results
            machines.append(machine)
            for r in results:
                print(f"K={k} {r['student']}: notebook {r.get('notebook_s', float('nan')):.1f} s, kernel start "
                      f"{r.get('kernel_start_s', float('nan')):.1f} s, peak {r.get('peak_mib') or 0:,.0f} MiB, "
                      f"checks {r.get('checks', 0)}" + (f", FAILED: {r['failure']}" if "failure" in r else ""),
                      flush=True)
    finally:
        notes.append(f"uptime after: {uptime()}")
        if machines:
            print(write(summary_rows(all_results, machines), all_results, notes), flush=True)
        if own:
            kit_lab(env, "--remove", "--prefix", OWN_LAB["prefix"])
    return 1 if any("failure" in r for r in all_results) else 0


if __name__ == "__main__":
    sys.exit(main())
