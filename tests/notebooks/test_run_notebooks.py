"""Tests of environment/run_notebooks.py, the headless notebook runner behind `environment/kit main` and `kit test`.

The runner's logic does not depend on the kernel, so these tests drive it with tiny throw-away notebooks for the
`python3` kernel (Debian's python3-ipykernel comes with jupyter-notebook) in a temporary folder: a notebook that
passes its checks, one whose check fails, one with an error, one that runs no check, one that prints a stack trace.
"""

import csv
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "environment" / "run_notebooks.py"

_spec = importlib.util.spec_from_file_location("run_notebooks", RUNNER)
run_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_notebooks)

# A stand-in for org.transferkit.Checks in Python: same lines, same failure.
CHECK_HELPER = '''import os
class CheckFailed(Exception):
    pass
def check(claim, holds, evidence):
    line = f"{claim} ({evidence})"
    print(("CHECK PASS: " if holds else "CHECK FAIL: ") + line)
    if not holds:
        raise CheckFailed("CHECK" + " FAIL: " + line)'''


def python_kernel_missing():
    try:
        KernelSpecManager().get_kernel_spec("python3")
        return False
    except NoSuchKernel:
        return True


def notebook(*sources):
    nb = new_notebook(cells=[new_markdown_cell("# test")] + [new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


class CheckLinesTest(unittest.TestCase):

    def test_counts_printed_passes_and_failed_claims_once(self):
        cell = {"outputs": [
            {"output_type": "stream", "name": "stdout", "text": "CHECK PASS: a (1)\nother\nCHECK PASS: b\n"},
            {"output_type": "display_data", "data": {"text/plain": "CHECK PASS: c"}},
            {"output_type": "stream", "name": "stdout", "text": "CHECK FAIL: d (2 vs 3)\n"},
            {"output_type": "error", "ename": "CheckFailed", "evalue": "CHECK FAIL: d (2 vs 3)",
             "traceback": ["\x1b[31morg.transferkit.Checks$CheckFailed: CHECK FAIL: d (2 vs 3)\x1b[0m",
                           "    print(\"CHECK FAIL: \" + line)", "\tat org.transferkit.Checks.check(Checks.java:55)"]},
        ]}
        passed, failed = run_notebooks.check_lines(cell)
        self.assertEqual(passed, ["a (1)", "b", "c"])
        self.assertEqual(failed, ["d (2 vs 3)"])

    def test_a_check_failure_only_in_the_error_counts(self):
        cell = {"outputs": [{"output_type": "error", "ename": "Checks$CheckFailed",
                             "evalue": "CHECK FAIL: e (x)", "traceback": []}]}
        self.assertEqual(run_notebooks.check_lines(cell), ([], ["e (x)"]))

    def test_lines_that_only_mention_checks_do_not_count(self):
        cell = {"outputs": [{"output_type": "stream", "name": "stdout",
                             "text": "the next cell prints CHECK PASS: lines\n"}]}
        self.assertEqual(run_notebooks.check_lines(cell), ([], []))


class StderrTraceTest(unittest.TestCase):

    def stderr(self, text):
        return {"outputs": [{"output_type": "stream", "name": "stderr", "text": text}]}

    def test_finds_the_headline_of_a_java_stack_trace(self):
        cell = self.stderr('[main] INFO org.nd4j.linalg.factory.Nd4jBackend - Loaded [CpuBackend] backend\n'
                           'Exception in thread "main" java.lang.InternalError: boom\n'
                           '\tat jdk.jshell/jdk.jshell.TaskFactory.analyze(TaskFactory.java:393)\n')
        self.assertEqual(run_notebooks.stderr_trace(cell), 'Exception in thread "main" java.lang.InternalError: boom')

    def test_finds_a_python_traceback(self):
        cell = self.stderr("Traceback (most recent call last):\n  File \"x.py\", line 1\nZeroDivisionError\n")
        self.assertEqual(run_notebooks.stderr_trace(cell), "Traceback (most recent call last):")

    def test_plain_log_lines_are_fine(self):
        cell = self.stderr("[main] WARN org.deeplearning4j - at most 2 threads (cores: 2)\nSLF4J: done\n")
        self.assertIsNone(run_notebooks.stderr_trace(cell))


@unittest.skipIf(python_kernel_missing(), "the python3 Jupyter kernel (python3-ipykernel) is not installed")
class LaneGateTest(unittest.TestCase):
    """`kit test` runs the notebooks one at a time while its other tests run, then two at a time."""

    def test_one_lane_while_the_file_exists_then_all(self):
        import threading
        import time
        with tempfile.TemporaryDirectory() as tmp:
            hold = Path(tmp) / "hold"
            hold.touch()
            gate = run_notebooks.LaneGate(hold)
            started, release = [], threading.Event()

            def job(name):
                started.append(name)
                release.wait(10)

            threads = [threading.Thread(target=run_notebooks.gated, args=(gate, job, n)) for n in ("a", "b")]
            for t in threads:
                t.start()
            time.sleep(1.5)
            self.assertEqual(len(started), 1, "the second lane must wait while the file exists")
            hold.unlink()
            for _ in range(50):
                if len(started) == 2:
                    break
                time.sleep(0.1)
            self.assertEqual(sorted(started), ["a", "b"], "the second lane opens when the file is gone")
            release.set()
            for t in threads:
                t.join(10)

    def test_without_a_file_every_lane_runs(self):
        gate = run_notebooks.LaneGate(None)
        gate.enter()
        gate.enter()  # returns at once: no hold
        self.assertEqual(gate.running, 2)
        gate.leave()
        gate.leave()
        self.assertEqual(gate.running, 0)


class RunnerTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, nb):
        path = self.dir / name
        nbformat.write(nb, str(path))
        return path

    def run_runner(self, *args):
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        env.pop("KIT_PROFILE", None)
        return subprocess.run([sys.executable, str(RUNNER), "--kernel", "python3", "--out", str(self.dir / "out"),
                               "--timeout", "120", *map(str, args)],
                              capture_output=True, text=True, env=env, timeout=300)

    def summary(self):
        with open(self.dir / "out" / "summary.csv", encoding="utf-8") as f:
            return {row["notebook"]: row for row in csv.DictReader(f)}

    def test_passes_fails_and_reports_every_notebook(self):
        good = self.write("a-good.ipynb", notebook(
            CHECK_HELPER,
            "print('profile', os.environ['KIT_PROFILE'])\nprint('cwd', os.getcwd())",
            "check('one is one', 1 == 1, 'x=1')\ncheck('two is two', 2 == 2, 'y=2')"))
        failing = self.write("b-check-fails.ipynb", notebook(
            CHECK_HELPER, "check('one beats two', 1 > 2, '1 vs 2')", "print('never runs')"))
        error = self.write("c-error.ipynb", notebook(CHECK_HELPER, "check('fine', True, 'ok')", "1 / 0"))
        unchecked = self.write("d-no-checks.ipynb", notebook("print('hello')"))
        traced = self.write("e-stderr-trace.ipynb", notebook(
            CHECK_HELPER, "import traceback\ntry:\n    {}['missing']\nexcept KeyError:\n    traceback.print_exc()",
            "check('fine', True, 'ok')"))

        result = self.run_runner("--profile", "fast", good, failing, error, unchecked, traced)

        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("notebooks: 1 passed, 4 failed", result.stdout.splitlines()[-1])
        rows = self.summary()
        self.assertEqual([rows[n]["result"] for n in ("a-good", "b-check-fails", "c-error", "d-no-checks",
                                                      "e-stderr-trace")],
                         ["pass", "fail", "fail", "fail", "fail"])
        self.assertIn("stack trace on stderr in cell 2", rows["e-stderr-trace"]["failures"])
        self.assertEqual(rows["a-good"]["checks_passed"], "2")
        self.assertGreater(float(rows["a-good"]["kernel_peak_mib"]), 10)  # the kernel's resident-set high-water mark
        self.assertEqual(rows["b-check-fails"]["failures"], "check failed: one beats two (1 vs 2)")
        self.assertIn("ZeroDivisionError", rows["c-error"]["failures"])
        self.assertEqual(rows["c-error"]["checks_passed"], "1")
        self.assertIn("no check ran", rows["d-no-checks"]["failures"])
        for name in rows:
            self.assertTrue((self.dir / "out" / "notebooks" / f"{name}.ipynb").is_file(), name)
            self.assertTrue((self.dir / "out" / "notebooks" / f"{name}.html").is_file(), name)
        markdown = (self.dir / "out" / "summary.md").read_text(encoding="utf-8")
        self.assertIn("| a-good | pass |", markdown)
        self.assertIn("| b-check-fails | FAIL |", markdown)

        executed = nbformat.read(str(self.dir / "out" / "notebooks" / "a-good.ipynb"), as_version=4)
        printed = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
        self.assertIn("profile fast", printed)
        self.assertIn(f"cwd {self.dir.resolve()}", printed)

    def test_all_passing_exits_zero_and_unknown_kernel_exits_two(self):
        good = self.write("good.ipynb", notebook(CHECK_HELPER, "check('fine', True, 'ok')"))
        result = self.run_runner("--no-html", good)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout.splitlines()[-1], "notebooks: 1 passed, 0 failed")
        self.assertIn("KIT_PROFILE=full", result.stdout)

        missing = subprocess.run([sys.executable, str(RUNNER), "--kernel", "no-such-kernel-xyz",
                                  "--out", str(self.dir / "out2"), str(good)], capture_output=True, text=True)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("environment/kit setup", missing.stderr)

    def test_two_jobs_run_notebooks_at_once_and_report_them_in_the_given_order(self):
        # each notebook sleeps, then records when it ran and the thread count its kernel was given
        probe = ("import os, time\nstart = time.time()\ntime.sleep(3)\n"
                 "check('ran', True, f\"{start:.3f} {time.time():.3f} {os.environ.get('KIT_OMP_THREADS')}\")")
        paths = [self.write(f"{n}.ipynb", notebook(CHECK_HELPER, probe)) for n in ("n1", "n2", "n3")]
        result = self.run_runner("--no-html", "--jobs", "2", *paths)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("2 notebooks at a time", result.stdout)
        rows = self.summary()
        self.assertEqual(list(rows), ["n1", "n2", "n3"])
        spans = {}
        for name in rows:
            executed = nbformat.read(str(self.dir / "out" / "notebooks" / f"{name}.ipynb"), as_version=4)
            text = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
            start, end, threads = text.split("(")[-1].split(")")[0].split()
            spans[name] = (float(start), float(end))
            self.assertEqual(threads, str(max(1, (os.cpu_count() or 1) // 2)))
        overlapping = sum(1 for a in spans for b in spans if a < b
                          and spans[a][0] < spans[b][1] and spans[b][0] < spans[a][1])
        self.assertGreaterEqual(overlapping, 1, f"no two notebooks ran at the same time: {spans}")

    def test_several_jobs_start_the_longest_notebooks_of_the_last_run_first(self):
        out = self.dir / "out"
        out.mkdir()
        (out / "summary.csv").write_text("notebook,result,seconds\na,pass,5.0\nb,pass,50.0\n", encoding="utf-8")
        paths = [Path("a.ipynb"), Path("b.ipynb"), Path("c.ipynb")]
        self.assertEqual(run_notebooks.schedule(paths, out, 2), [Path("b.ipynb"), Path("a.ipynb"), Path("c.ipynb")])
        self.assertEqual(run_notebooks.schedule(paths, out, 1), paths)
        nothing = self.dir / "nothing-here"
        self.assertEqual(run_notebooks.schedule(paths, nothing, 2, expected=nothing / "none.csv"), paths)
        # a first run (no summary in OUT) falls back to the kit's measured times
        expected = self.dir / "expected.csv"
        expected.write_text("notebook,seconds\nc,9.0\na,1.0\n", encoding="utf-8")
        self.assertEqual(run_notebooks.schedule(paths, nothing, 2, expected=expected),
                         [Path("c.ipynb"), Path("a.ipynb"), Path("b.ipynb")])
        self.assertEqual(run_notebooks.schedule(paths, out, 2, expected=expected)[0], Path("b.ipynb"))

    def test_an_unknown_profile_is_refused_before_any_kernel_starts(self):
        good = self.write("good.ipynb", notebook(CHECK_HELPER, "check('fine', True, 'ok')"))
        env = dict(os.environ, KIT_PROFILE="quick")
        result = subprocess.run([sys.executable, str(RUNNER), "--kernel", "python3", "--no-html",
                                 "--out", str(self.dir / "out"), str(good)], capture_output=True, text=True, env=env)
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn("KIT_PROFILE must be 'fast' or 'full', got 'quick'", result.stderr)
        self.assertFalse((self.dir / "out" / "summary.csv").exists())


if __name__ == "__main__":
    unittest.main()
