"""Tests of the benchmark's pure helpers (the benchmark itself is not a test: `environment/kit bench`)."""
import importlib.util
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def load(name):
    spec = importlib.util.spec_from_file_location(f"kit_bench_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load("bench")
suite_timing = load("suite_timing")
torch_reference = load("torch_reference")


class SuiteTableTest(unittest.TestCase):
    def test_reads_summary_and_totals_against_budgets(self):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "summary.csv"
            path.write_text("notebook,result,seconds,checks_passed,failures\n00-tour,pass,61.5,3,\n"
                            "01-x,fail,700.0,1,CHECK FAIL\n", encoding="utf-8")
            rows = suite_timing.read_summary(path)
        self.assertEqual(rows[0]["seconds"], 61.5)
        table = suite_timing.suite_table({"fast": {"rows": rows}, "full": {"rows": rows[:1]}})
        self.assertIn("| 00-tour | 62 | 62 |", table)
        self.assertIn("| 01-x | 700 (fail) | - |", table)
        self.assertIn("12.7 min (OVER the 10 min budget)", table)
        self.assertIn("1.0 min (within the 60 min budget)", table)
        self.assertIn("No notebook timings", suite_timing.suite_table({"fast": {"rows": []}}))


class DriverTest(unittest.TestCase):
    def test_arguments_enforce_five_rounds_and_known_workloads(self):
        a = bench.parse_args(["--quick"])
        self.assertEqual((a.rounds, a.suite), (5, []))
        self.assertEqual(bench.parse_args([]).suite, ["fast", "full"])
        with self.assertRaises(SystemExit):
            bench.parse_args(["--rounds", "3"])
        with self.assertRaises(SystemExit):
            bench.parse_args(["--workloads", "W9"])

    def test_calibrate_aims_at_the_round_length(self):
        self.assertEqual(bench.calibrate(lambda n: (0.5 * n, 1), 3.0), 6)
        self.assertEqual(bench.calibrate(lambda n: (10.0 * n, 1), 3.0), 1)
        self.assertEqual(bench.calibrate(lambda n: (0.0, 1), 3.0), 1000)

    def test_update_docs_replaces_only_the_generated_block(self):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "performance.md"
            path.write_text(f"intro\n{bench.DOC_BEGIN}\nold\n{bench.DOC_END}\nlevers\n", encoding="utf-8")
            bench.update_docs("new table\n", path)
            self.assertEqual(path.read_text(encoding="utf-8"),
                             f"intro\n{bench.DOC_BEGIN}\nnew table\n{bench.DOC_END}\nlevers\n")
            path.write_text("no markers\n", encoding="utf-8")
            with self.assertRaises(SystemExit):
                bench.update_docs("x", path)

    def test_report_has_the_tables(self):
        args = bench.parse_args(["--quick", "--workloads", "W1,W5"])
        s = {"W1": {"workload": "W1", "description": "MLP", "kit_call": "Trainer.fitSteps", "plain_call": "fit",
                    "steps": 4, "kit": 900.0, "plain": 1000.0, "kit_ratio": 0.9, "torch": 2000.0,
                    "torch_ratio": 0.45, "plain_torch_ratio": 0.5},
             "W5": {"workload": "W5", "pending": "W5 is pending"}}
        mem = [{"workload": "W1", "arm": "kit", "heap_peak_mib": "20", "workspace_peak_mib": "3",
                "rss_base_mib": "100", "rss_peak_mib": "150"}]
        text = bench.report(args, {"date": "today", "cpu": "cpu", "memory": "1 GiB", "os": "os", "gpu": "none",
                                   "commit": "abc"}, {"omp_threads": "2"}, {"torch": "1.13"}, s, mem, [],
                            ([("kernel start to first result", "3 s")], ""), None, "1 1 1", "2 2 2")
        self.assertIn("| W1 | `Trainer.fitSteps` | 900 | 1,000 | 0.90 | yes | 4 |", text)
        self.assertIn("| W5 | pending |", text)
        self.assertIn("| W1 | 900 | 1,000 | 2,000 | 0.45 | **no** | 0.50 |", text)
        self.assertIn("| W1 | kit | 20 | 3 | 100 | 150 |", text)
        self.assertIn("| kernel start to first result | 3 s |", text)
        self.assertIn("load average", text.lower())


class TorchReferenceTest(unittest.TestCase):
    def test_thread_environment_is_set_before_torch_loads(self):
        saved = {k: bench.os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
        try:
            self.assertEqual(torch_reference.set_thread_env(2, 1), (2, 1))
            self.assertEqual(bench.os.environ["OMP_NUM_THREADS"], "2")
            self.assertEqual(bench.os.environ["OPENBLAS_NUM_THREADS"], "1")
        finally:
            for k, v in saved.items():
                if v is None:
                    bench.os.environ.pop(k, None)
                else:
                    bench.os.environ[k] = v

    def test_missing_torch_is_a_message_not_a_failure(self):
        import io
        from contextlib import redirect_stdout
        original = torch_reference.load_torch
        torch_reference.load_torch = lambda: (None, "PyTorch is not available (test)")
        saved = {k: bench.os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                      "MKL_NUM_THREADS", "BLIS_NUM_THREADS")}
        try:
            buf = io.StringIO()
            with redirect_stdout(buf):
                self.assertEqual(torch_reference.main(["--memory", "W1"]), 0)
            self.assertIn("BENCH skip PyTorch is not available", buf.getvalue())
        finally:
            torch_reference.load_torch = original
            for k, v in saved.items():
                if v is None:
                    bench.os.environ.pop(k, None)
                else:
                    bench.os.environ[k] = v


if __name__ == "__main__":
    unittest.main()
