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
                    "torch_ratio": 0.45, "plain_torch_ratio": 0.5, "default": 300.0, "kit_default_ratio": 3.1,
                    "default_torch_ratio": 0.15},
             "W5": {"workload": "W5", "pending": "W5 is pending"}}
        mem = [{"workload": "W1", "arm": "kit", "heap_peak_mib": "20", "workspace_peak_mib": "3",
                "rss_base_mib": "100", "rss_peak_mib": "150"}]
        text = bench.report(args, {"date": "today", "cpu": "cpu", "memory": "1 GiB", "os": "os", "gpu": "none",
                                   "commit": "abc"}, {"omp_threads": "2"}, {"torch": "1.13"}, s, mem, [],
                            ([("kernel start to first result", "3 s")], ""), None, "1 1 1", "2 2 2",
                            {"native_build": "default (no oneDNN)"}, [("throughput", "0.5", "1.9")])
        self.assertIn("| W1 | `Trainer.fitSteps` | 900 | 1,000 | 0.90 | yes | 4 |", text)
        self.assertIn("| W5 | pending |", text)
        self.assertIn("| W1 | 900 | 300 | 2,000 | 3.10 | 0.45 | **no** | 0.15 |", text)
        self.assertIn("`KIT_ONEDNN=0`): native build default (no oneDNN)", text)
        self.assertIn("throughput 0.5 -> 1.9", text)
        self.assertIn("| W1 | kit | 20 | 3 | 100 | 150 |", text)
        self.assertIn("| kernel start to first result | 3 s |", text)
        self.assertIn("load average", text.lower())


class TorchReferenceTest(unittest.TestCase):
    def test_pytorch_runs_on_the_openmp_openblas_where_installed(self):
        env = bench.torch_env()
        if (bench.OPENMP_OPENBLAS / "libblas.so.3").exists():
            self.assertEqual(env["LD_LIBRARY_PATH"].split(":")[0], str(bench.OPENMP_OPENBLAS))
        self.assertNotIn("KIT_ONEDNN", env)
        self.assertEqual(bench.child_env(default_build=True)["KIT_ONEDNN"], "0")

    def test_gradient_reversal_flips_and_scales_the_gradient(self):
        torch, why = torch_reference.load_torch()
        if torch is None:
            self.skipTest(why)
        h = torch.tensor([[1.0, -2.0, 3.0]], requires_grad=True)
        y = torch_reference.gradient_reversal(torch)(h, 0.5)
        self.assertTrue(torch.equal(y, h))  # identity forward
        (y * torch.tensor([[1.0, 2.0, 4.0]])).sum().backward()
        self.assertEqual(h.grad.tolist(), [[-0.5, -1.0, -2.0]])  # backward: incoming gradient times -lambda

    def test_w5_trains_on_64_source_and_64_target_rows(self):
        torch, why = torch_reference.load_torch()
        if torch is None:
            self.skipTest(why)
        w = torch_reference.Workload(torch, "W5", 256)
        self.assertEqual(w.batch, 128)
        before = [p.detach().clone() for p in w.model.parameters()]
        self.assertGreater(w.steps(2), 0)
        self.assertTrue(all(not torch.equal(a, b) for a, b in zip(before, w.model.parameters())))

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
