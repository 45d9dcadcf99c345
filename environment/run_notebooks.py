#!/usr/bin/python3
"""Execute the kit's notebooks headless and report what each one showed.

Every notebook runs top to bottom in a fresh kernel (the kit's `java` kernel unless --kernel says otherwise), with its
own folder as the working directory and KIT_PROFILE set to the chosen profile. For each notebook the runner writes the
executed notebook and an HTML page under OUT/notebooks/, counts the self-checks that passed (output lines starting
with "CHECK PASS:", printed by org.transferkit.Checks) and records any failure: an error output, a failed check
("CHECK FAIL:"), a stack trace printed to stderr, a cell time-out, a kernel that died, or a notebook that ran no
check at all. At the end it prints a
summary table (markdown) and writes it to OUT/summary.md and OUT/summary.csv.

Exit status: 0 when every notebook passed, 1 when any failed, 2 when nothing could run (no notebooks, kernel missing,
Jupyter libraries missing).

Uses only Debian's Jupyter packages (python3-nbclient, python3-nbformat, python3-nbconvert, python3-jupyter-client):
run it with /usr/bin/python3, e.g. `/usr/bin/python3 environment/run_notebooks.py --profile fast`.
"""

import argparse
import csv
import os
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PASS_PREFIX = "CHECK PASS:"
FAIL_PREFIX = "CHECK FAIL:"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
except ImportError as missing:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        f"run_notebooks.py: cannot import the Jupyter libraries ({missing}).\n"
        "On Debian/Ubuntu: sudo apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client\n"
        "or run `environment/kit setup`. Run this script with the Python those packages belong to (/usr/bin/python3).\n")
    sys.exit(2)


def parse_args(argv):
    p = argparse.ArgumentParser(description="Execute notebooks headless with the kit's kernel and summarise them.")
    p.add_argument("notebooks", nargs="*",
                   help="notebooks to run (default: every notebooks/*.ipynb, sorted by name)")
    p.add_argument("--profile", choices=["fast", "full"], default=os.environ.get("KIT_PROFILE") or "full",
                   help="value of KIT_PROFILE for the notebooks (default: $KIT_PROFILE, else full)")
    p.add_argument("--out", default=str(REPO / "build"),
                   help="folder for notebooks/, summary.md and summary.csv (default: build/)")
    p.add_argument("--kernel", default="java",
                   help="kernel name (default: java, the kit's kernel; other kernels are for testing this script)")
    p.add_argument("--timeout", type=int, default=int(os.environ.get("KIT_CELL_TIMEOUT", "1800")),
                   help="seconds one cell may run (default: $KIT_CELL_TIMEOUT, else 1800)")
    p.add_argument("--startup-timeout", type=int, default=int(os.environ.get("KIT_KERNEL_STARTUP_TIMEOUT", "120")),
                   help="seconds the kernel may take to start (default: $KIT_KERNEL_STARTUP_TIMEOUT, else 120)")
    p.add_argument("--allow-no-checks", action="store_true",
                   help="do not fail a notebook that ran no check (by default every notebook must pass at least one)")
    p.add_argument("--no-html", action="store_true", help="skip the HTML pages")
    p.add_argument("--jobs", type=int, default=int(os.environ.get("KIT_NOTEBOOK_JOBS", "1")),
                   help="notebooks run at once, each in its own kernel with cores/jobs OpenMP threads (default: "
                        "$KIT_NOTEBOOK_JOBS, else 1); with more than one, the longest notebooks (by the last run in OUT, "
                        "else by environment/notebook-seconds.csv) start first")
    p.add_argument("--one-lane-while", metavar="FILE", default=None,
                   help="while FILE exists, run one notebook at a time, then --jobs at once (environment/kit test "
                        "runs the notebooks beside its other tests this way)")
    args = p.parse_args(argv)
    if args.profile not in ("fast", "full"):  # argparse does not check a default (here from $KIT_PROFILE)
        p.error(f"KIT_PROFILE must be 'fast' or 'full', got '{args.profile}'")
    if args.jobs < 1:
        p.error(f"--jobs must be at least 1, got {args.jobs}")
    return args


EXPECTED_SECONDS = REPO / "environment" / "notebook-seconds.csv"  # fast profile, two lanes, for a first run


def schedule(paths, out_dir, jobs, expected=EXPECTED_SECONDS):
    """The order to start notebooks in: as given for one job; for several, longest first by the seconds each took in
    the last run recorded in OUT/summary.csv, else by `expected` (the kit's measured times, so that a fresh clone
    starts its longest notebooks first too); notebooks neither lists keep their given order, after the known ones."""
    if jobs == 1:
        return list(paths)
    seconds = {}
    for source in (out_dir / "summary.csv", expected):
        try:
            with open(source, newline="", encoding="utf-8") as f:
                seconds = {row["notebook"]: float(row["seconds"]) for row in csv.DictReader(f)}
        except (OSError, KeyError, ValueError):
            seconds = {}
        if seconds:
            break
    known = sorted((p for p in paths if display_name(p) in seconds), key=lambda p: -seconds[display_name(p)])
    return known + [p for p in paths if display_name(p) not in seconds]


class LaneGate:
    """Lets one notebook run at a time while a file exists, any number once it is gone: `kit test` starts the
    notebooks beside its JUnit and Python tests, which leave about a core idle, and opens the other lanes after them."""

    def __init__(self, hold_file=None):
        self.hold = Path(hold_file) if hold_file else None
        self.running = 0
        self.cond = threading.Condition()

    def enter(self):
        with self.cond:
            while self.running >= 1 and self.hold is not None and self.hold.exists():
                self.cond.wait(timeout=1.0)
            self.running += 1

    def leave(self):
        with self.cond:
            self.running -= 1
            self.cond.notify_all()


def gated(gate, fn, *fn_args):
    gate.enter()
    try:
        return fn(*fn_args)
    finally:
        gate.leave()


def default_notebooks():
    return sorted((REPO / "notebooks").glob("*.ipynb"))


def display_name(path):
    """Path of a notebook relative to notebooks/ (or to the repository, or as given) without .ipynb."""
    path = Path(path).resolve()
    for base in (REPO / "notebooks", REPO):
        try:
            return str(path.relative_to(base).with_suffix(""))
        except ValueError:
            pass
    return path.stem


def output_lines(output):
    """Text lines a reader sees for one output: streams, plain-text results and displays, error messages."""
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
    elif kind in ("execute_result", "display_data"):
        text = output.get("data", {}).get("text/plain", "")
    elif kind == "error":
        text = "\n".join([f"{output.get('ename', '')}: {output.get('evalue', '')}"] + list(output.get("traceback", [])))
    else:
        text = ""
    if isinstance(text, list):
        text = "".join(text)
    return ANSI.sub("", text).splitlines()


FAIL_IN_ERROR = re.compile(r"(?:^|:\s)" + re.escape(FAIL_PREFIX) + r"\s*(.+)$")


def check_lines(cell):
    """The claims of the CHECK PASS and CHECK FAIL lines in a cell's outputs (each failed claim once).

    Printed lines count when they start with the prefix; in an error output a failed check is the exception's
    message ("...CheckFailed: CHECK FAIL: claim (evidence)"), never source code quoted by a traceback."""
    passed, failed = [], []
    for output in cell.get("outputs", []):
        is_error = output.get("output_type") == "error"
        for line in output_lines(output):
            line = line.strip()
            if is_error:
                match = FAIL_IN_ERROR.search(line)
                claim = match.group(1).strip() if match else None
            elif line.startswith(PASS_PREFIX):
                passed.append(line[len(PASS_PREFIX):].strip())
                continue
            else:
                claim = line[len(FAIL_PREFIX):].strip() if line.startswith(FAIL_PREFIX) else None
            if claim and claim not in failed:
                failed.append(claim)
    return passed, failed


STACK_FRAME = re.compile(r"^\s+at [\w$.<>/]+\(.*\)\s*$|^Traceback \(most recent call last\):")


def stderr_trace(cell):
    """The headline of the first stack trace a cell printed to stderr (an exception the notebook did not show as
    an error, e.g. from another thread or a failing start-up), or None. Plain log lines on stderr are fine."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")
    lines = ANSI.sub("", text).splitlines()
    for i, line in enumerate(lines):
        if STACK_FRAME.match(line):
            headline = lines[i - 1].strip() if i > 0 and not line.startswith("Traceback") else line.strip()
            return headline[:200]
    return None


def first_error(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            evalue = ANSI.sub("", str(output.get("evalue", ""))).strip().splitlines()
            return f"{output.get('ename', 'error')}: {evalue[0] if evalue else ''}".strip()
    return None


class Ticker:
    """Shows which notebooks and cells run and for how long: one updating line on a terminal, sparse lines in a log.

    With several notebooks running at once (--jobs), each job's notebook is tracked on its own (keyed by thread)."""

    def __init__(self, stream=sys.stdout):
        self.stream = stream
        self.tty = stream.isatty()
        self.lock = threading.Lock()
        self.active = {}  # thread id -> {"label", "cell", "nb_start", "cell_start"}
        self.last_line = 0.0
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        interval = 1.0 if self.tty else 60.0
        while not self.stop_event.wait(interval):
            with self.lock:
                if not self.active:
                    continue
                now = time.monotonic()
                if self.tty:
                    status = " | ".join(f"{a['label']} {a['cell']} {now - a['nb_start']:.0f} s"
                                        for a in self.active.values())
                    self.stream.write("\r\x1b[K  " + status[:max(20, self._columns() - 3)])
                    self.stream.flush()
                elif now - self.last_line >= 60:
                    for a in self.active.values():
                        self.stream.write(f"  {a['label']}  {a['cell']}  {now - a['nb_start']:6.0f} s (still running; "
                                          f"this cell {now - a['cell_start']:.0f} s)\n")
                    self.stream.flush()
                    self.last_line = now

    @staticmethod
    def _columns():
        try:
            return os.get_terminal_size().columns
        except OSError:
            return 120

    def begin_notebook(self, label):
        with self.lock:
            now = time.monotonic()
            self.active[threading.get_ident()] = {"label": label, "cell": "starting kernel", "nb_start": now,
                                                  "cell_start": now}
            self.last_line = now

    def begin_cell(self, index, total):
        with self.lock:
            a = self.active.get(threading.get_ident())
            if a is not None:
                a["cell"] = f"cell {index}/{total}"
                a["cell_start"] = time.monotonic()

    def say(self, line):
        """Prints a line of its own (a check result, a notebook's verdict), above the status line on a terminal."""
        with self.lock:
            if self.tty:
                self.stream.write("\r\x1b[K")
            self.stream.write(line + "\n")
            self.stream.flush()
            self.last_line = time.monotonic()

    def end_notebook(self):
        with self.lock:
            self.active.pop(threading.get_ident(), None)
            if self.tty:
                self.stream.write("\r\x1b[K")
                self.stream.flush()

    def close(self):
        self.stop_event.set()
        self.thread.join(timeout=2)


def kernel_peak_mib(client):
    """The kernel process's resident-set high-water mark (VmHWM) in MiB, or None where it cannot be read."""
    try:
        pid = client.km.provisioner.process.pid  # a local kernel; the kit's launch.sh execs the JVM in place
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (AttributeError, OSError, ValueError):
        pass
    return None


def run_one(path, args, out_dir, ticker, index, count):
    """Executes one notebook; returns its result row."""
    name = display_name(path)
    label = f"[{index}/{count}] {name}"
    ticker.say(f"{label} ...")
    ticker.begin_notebook(label)
    nb = nbformat.read(str(path), as_version=4)
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    position = {cell_index: n + 1 for n, cell_index in enumerate(code_cells)}
    row = {"notebook": name, "passed": False, "seconds": 0.0, "checks": 0, "failures": [], "peak_mib": None}
    checks_passed, checks_failed = [], []
    current = {"cell": "start-up"}

    def on_cell_execute(cell, cell_index, **_):
        current["cell"] = position.get(cell_index, "?")
        ticker.begin_cell(current["cell"], len(code_cells))

    def on_cell_executed(cell, cell_index, **_):
        peak = kernel_peak_mib(client)  # the high-water mark only grows: the last reading is the notebook's peak
        if peak is not None:
            row["peak_mib"] = peak
        passed, failed = check_lines(cell)
        for claim in passed:
            ticker.say(f"    {PASS_PREFIX} {claim}")
        for claim in failed:
            ticker.say(f"    {FAIL_PREFIX} {claim}")
        checks_passed.extend(passed)
        checks_failed.extend(c for c in failed if c not in checks_failed)

    client = NotebookClient(
        nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=args.startup_timeout,
        record_timing=True, resources={"metadata": {"path": str(Path(path).resolve().parent)}},
        on_cell_execute=on_cell_execute, on_cell_executed=on_cell_executed)
    start = time.monotonic()
    try:
        client.execute()
    except CellTimeoutError:
        row["failures"].append(f"cell {current['cell']} ran longer than {args.timeout} s "
                               "(raise --timeout or KIT_CELL_TIMEOUT)")
    except DeadKernelError:
        row["failures"].append(f"the kernel died in cell {current['cell']} (out of memory? see Troubleshooting in "
                               "README.md)")
    except CellExecutionError:
        pass  # the error output is in the notebook; reported below
    except Exception as e:  # kernel start-up failures and the like
        row["failures"].append(f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}")
    finally:
        ticker.end_notebook()
    row["seconds"] = time.monotonic() - start

    for claim in checks_failed:
        row["failures"].append(f"check failed: {claim}")
    stopped = bool(row["failures"])  # a time-out or a dead kernel: the interrupted cell's error says no more
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        error = None if stopped else first_error(cell)
        if error and not any(c in error for c in checks_failed):
            row["failures"].append(f"error in cell {position.get(n, n)}: {error}")
        trace = stderr_trace(cell)
        if trace:
            row["failures"].append(f"stack trace on stderr in cell {position.get(n, n)}: {trace}")
    row["checks"] = len(checks_passed)
    if not row["failures"] and not checks_passed and not args.allow_no_checks:
        row["failures"].append("no check ran (every notebook ends with Checks.check cells)")
    row["passed"] = not row["failures"]

    target = out_dir / "notebooks" / (name + ".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    if not args.no_html:
        try:
            from nbconvert import HTMLExporter
            body, _ = HTMLExporter().from_notebook_node(nb)
            target.with_suffix(".html").write_text(body, encoding="utf-8")
        except Exception as e:
            row["failures"].append(f"HTML export failed: {type(e).__name__}: {e}")
            row["passed"] = False

    verdict = "PASS" if row["passed"] else "FAIL"
    ticker.say(f"{label} {verdict} in {row['seconds']:.1f} s, {row['checks']} checks passed"
               + "".join(f"\n    {failure}" for failure in row["failures"]))
    return row


def summary_markdown(rows, profile, kernel, total_seconds):
    passed = sum(r["passed"] for r in rows)
    lines = [
        f"# Notebook run: profile {profile}, kernel {kernel}",
        "",
        f"{passed} of {len(rows)} notebooks passed in {total_seconds:.0f} s.",
        "",
        "| notebook | result | seconds | kernel peak MiB | checks passed | failures |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in rows:
        failures = "; ".join(r["failures"]).replace("|", "\\|")
        if len(failures) > 200:
            failures = failures[:197] + "..."
        peak = "-" if r.get("peak_mib") is None else f"{r['peak_mib']:.0f}"
        lines.append(f"| {r['notebook']} | {'pass' if r['passed'] else 'FAIL'} | {r['seconds']:.1f} | {peak} | "
                     f"{r['checks']} | {failures} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = [Path(p) for p in args.notebooks] or default_notebooks()
    if not paths:
        print(f"run_notebooks.py: no notebooks found in {REPO / 'notebooks'}", file=sys.stderr)
        return 2
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"run_notebooks.py: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        spec = KernelSpecManager().get_kernel_spec(args.kernel)
    except NoSuchKernel:
        print(f"run_notebooks.py: the Jupyter kernel '{args.kernel}' is not installed "
              "(`jupyter kernelspec list` shows the installed ones). Run `environment/kit setup`, "
              "which builds the kit and installs the kernel.", file=sys.stderr)
        return 2

    os.environ["KIT_PROFILE"] = args.profile  # inherited by every kernel the runner starts
    out_dir = Path(args.out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"Running {len(paths)} notebook(s) with KIT_PROFILE={args.profile}, kernel {args.kernel} "
          f"({spec.display_name}); output in {out_dir}/notebooks", flush=True)

    order = schedule(paths, out_dir, args.jobs)
    if args.jobs > 1:
        # each kernel gets its share of the cores (launch.sh reads KIT_OMP_THREADS); one set by the caller wins
        threads = max(1, (os.cpu_count() or 1) // args.jobs)
        os.environ.setdefault("KIT_OMP_THREADS", str(threads))
        print(f"{args.jobs} notebooks at a time, {os.environ['KIT_OMP_THREADS']} OpenMP thread(s) per kernel; "
              f"order: {', '.join(display_name(p) for p in order)}", flush=True)
    ticker = Ticker()
    start = time.monotonic()
    try:
        gate = LaneGate(args.one_lane_while)
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {p: pool.submit(gated, gate, run_one, p, args, out_dir, ticker, i, len(order))
                       for i, p in enumerate(order, 1)}
            done = {p: f.result() for p, f in futures.items()}
    finally:
        ticker.close()
    rows = [done[p] for p in paths]  # the summary keeps the given order
    total = time.monotonic() - start

    table = summary_markdown(rows, args.profile, args.kernel, total)
    (out_dir / "summary.md").write_text(table, encoding="utf-8")
    with open(out_dir / "summary.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["notebook", "result", "seconds", "checks_passed", "failures", "kernel_peak_mib"])
        for r in rows:
            w.writerow([r["notebook"], "pass" if r["passed"] else "fail", f"{r['seconds']:.1f}", r["checks"],
                        "; ".join(r["failures"]), "" if r.get("peak_mib") is None else f"{r['peak_mib']:.0f}"])
    print()
    print(table)
    print(f"Executed notebooks and HTML: {out_dir / 'notebooks'}; summary: {out_dir / 'summary.md'}")
    failed = sum(not r["passed"] for r in rows)
    print(f"notebooks: {len(rows) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
