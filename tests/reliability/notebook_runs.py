"""Executes notebooks for the reliability tests, once per (notebook, run) for the whole test session.

Both reliability tests need executed notebooks: test_reproducibility.py runs each notebook twice and compares the
result tables, test_browser.py opens the HTML of the first runs in Chromium. They share the runs through this module
(imported once, so its cache is shared), so each notebook is executed exactly twice however the tests are ordered.
Runs go through environment/run_notebooks.py (nbclient, the kit's `java` kernel, KIT_PROFILE=fast) into
build/reliability/run-N/, which also holds the HTML pages and the runner's summary.

Result cells: code cells whose metadata has `"tags": ["result"]` (Jupyter: View > Cell Toolbar > Tags). Their outputs
are what must not change between two runs with the same seed.
"""

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "environment" / "run_notebooks.py"
OUT = REPO / "build" / "reliability"
KERNEL = "java"
RESULT_TAG = "result"
RUN_TIMEOUT = int(os.environ.get("KIT_RELIABILITY_TIMEOUT", "1800"))  # seconds per notebook run
# The notebooks both tests execute (fast profile, twice each); one not in notebooks/ is skipped.
NOTEBOOKS = os.environ.get("KIT_REPRO_NOTEBOOKS", "00-tour").split()


@dataclass
class Run:
    """One execution of a notebook by the runner."""
    notebook: str
    number: int
    returncode: int
    seconds: float
    log: str
    executed: Path  # the executed .ipynb
    html: Path

    @property
    def passed(self):
        return self.returncode == 0 and self.executed.is_file()


_runs = {}


def kernel_missing():
    """Why the kit's kernel cannot be used, or None when it is installed."""
    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
        return None
    except NoSuchKernel:
        return f"the Jupyter kernel '{KERNEL}' is not installed (run environment/kit setup)"


def notebook_path(stem):
    return REPO / "notebooks" / f"{stem}.ipynb"


def run_together(stem, numbers, profile="fast"):
    """Executes the runs `numbers` of notebooks/<stem>.ipynb at the same time, each kernel on its share of the cores
    (the same OpenMP thread count for every run, so that their numbers may be compared), and returns them. Runs
    already made in this session are reused, so every caller must ask for the same group."""
    threads = os.environ.get("KIT_OMP_THREADS") or str(max(1, (os.cpu_count() or 1) // len(numbers)))
    with ThreadPoolExecutor(max_workers=len(numbers)) as pool:
        return list(pool.map(lambda n: run(stem, n, profile, threads), numbers))


def run(stem, number, profile="fast", threads=None):
    """The `number`-th execution (1, 2, ...) of notebooks/<stem>.ipynb in this session; executes it on first use
    (with `threads` OpenMP threads in its kernel when given)."""
    key = (stem, number, profile)
    if key not in _runs:
        out = OUT / f"run-{number}"
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        if threads:
            env["KIT_OMP_THREADS"] = str(threads)
        start = time.monotonic()
        print(f"\n[reliability] executing {stem} (run {number}, profile {profile}) ...", file=sys.stderr, flush=True)
        try:
            done = subprocess.run([sys.executable, str(RUNNER), "--profile", profile, "--out", str(out),
                                   str(notebook_path(stem))],
                                  capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT)
            code, log = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as e:
            code, log = -1, f"the run took longer than {RUN_TIMEOUT} s (KIT_RELIABILITY_TIMEOUT)\n{e.stdout or ''}"
        seconds = time.monotonic() - start
        print(f"[reliability] {stem} run {number}: exit {code} in {seconds:.0f} s", file=sys.stderr, flush=True)
        _runs[key] = Run(stem, number, code, seconds, log, out / "notebooks" / f"{stem}.ipynb",
                         out / "notebooks" / f"{stem}.html")
    return _runs[key]


def result_cells(nb):
    """Indices (among all cells) of the code cells tagged as results."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and RESULT_TAG in c.get("metadata", {}).get("tags", [])]


def normalised_outputs(cell):
    """A cell's outputs in a form that is equal for equal results: stream text; for rich outputs the HTML and PNG
    (and the plain text only when there is neither, since a chart's plain text is an object identity such as
    org.knowm.xchart.XYChart@1b2c3d that differs from run to run); error name and message."""
    out = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            out.append(("stream", o.get("name"), _text(o.get("text", ""))))
        elif kind in ("execute_result", "display_data"):
            data = o.get("data", {})
            rich = {m: _text(data[m]) for m in ("text/html", "image/png", "text/markdown", "text/latex") if m in data}
            if not rich and "text/plain" in data:
                rich["text/plain"] = _text(data["text/plain"])
            out.append(("data", tuple(sorted(rich.items()))))
        elif kind == "error":
            out.append(("error", o.get("ename"), o.get("evalue")))
    return out


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def results(executed_path):
    """{cell index: normalised outputs} of the result cells of an executed notebook."""
    nb = nbformat.read(str(executed_path), as_version=4)
    return {i: normalised_outputs(nb.cells[i]) for i in result_cells(nb)}


def describe_difference(a, b):
    """First difference between two normalised output lists, as a short readable text."""
    if len(a) != len(b):
        return f"{len(a)} outputs vs {len(b)}"
    for k, (x, y) in enumerate(zip(a, b)):
        if x != y:
            tx, ty = str(x), str(y)
            at = next((i for i, (p, q) in enumerate(zip(tx, ty)) if p != q), min(len(tx), len(ty)))
            return f"output {k + 1} differs at character {at}: ...{tx[max(0, at - 80):at + 80]!r} vs " \
                   f"...{ty[max(0, at - 80):at + 80]!r}"
    return "no difference"
