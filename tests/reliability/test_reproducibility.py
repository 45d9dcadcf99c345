"""Reproducibility: running a notebook twice with the same seed gives the same result tables.

Executes each notebook of KIT_REPRO_NOTEBOOKS (default: 00-tour; e.g. "00-tour 01-inductive-transfer"; one not in notebooks/ is
skipped) twice with the fast profile through environment/run_notebooks.py (nbclient, kernel `java`), each run in a
fresh kernel, and compares the outputs of the cells tagged `result` (tables as HTML, charts as PNG bytes) between the
two runs. They must be identical: same seed, same machine, same settings (README.md, "Reproducibility", says what
may change across thread counts and backends). The executed notebooks and their HTML stay in build/reliability/.
"""

import sys
import unittest
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_output

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_runs  # noqa: E402

NOTEBOOKS = notebook_runs.NOTEBOOKS


class ResultCellsTest(unittest.TestCase):
    """How result cells are found and compared (no kernel needed)."""

    def test_only_tagged_code_cells_are_results(self):
        nb = nbformat.v4.new_notebook(cells=[new_code_cell("a"), new_code_cell("b", metadata={"tags": ["result"]}),
                                             nbformat.v4.new_markdown_cell("c", metadata={"tags": ["result"]}),
                                             new_code_cell("d", metadata={"tags": ["other", "result"]})])
        self.assertEqual(notebook_runs.result_cells(nb), [1, 3])

    def test_chart_identity_text_is_ignored_but_tables_and_pixels_count(self):
        def chart(ident, png):
            return new_code_cell("c", outputs=[new_output("execute_result", execution_count=1, data={
                "text/plain": f"org.knowm.xchart.XYChart@{ident}", "image/png": png})])

        def table(html):
            return new_code_cell("t", outputs=[new_output("execute_result", execution_count=1, data={
                "text/plain": "t", "text/html": html})])

        norm = notebook_runs.normalised_outputs
        self.assertEqual(norm(chart("1a2b", "AAAA")), norm(chart("9f8e", "AAAA")))
        self.assertNotEqual(norm(chart("1a2b", "AAAA")), norm(chart("1a2b", "AAAB")))
        self.assertNotEqual(norm(table("<td>0.9265</td>")), norm(table("<td>0.9266</td>")))
        self.assertIn("differs at character", notebook_runs.describe_difference(norm(table("<td>0.9265</td>")),
                                                                                 norm(table("<td>0.9266</td>"))))

    def test_the_tour_tags_its_result_tables(self):
        path = notebook_runs.notebook_path("00-tour")
        if not path.is_file():
            self.skipTest("notebooks/00-tour.ipynb is not present")
        nb = nbformat.read(str(path), as_version=4)
        self.assertGreaterEqual(len(notebook_runs.result_cells(nb)), 2, "00-tour should tag its result tables")


@unittest.skipIf(notebook_runs.kernel_missing(), notebook_runs.kernel_missing() or "")
class SameSeedSameResultsTest(unittest.TestCase):
    """Two fast-profile runs of the same notebook give identical result cells."""

    def assert_reproducible(self, stem):
        if stem not in NOTEBOOKS:
            self.skipTest(f"{stem} is not in KIT_REPRO_NOTEBOOKS")
        if not notebook_runs.notebook_path(stem).is_file():
            self.skipTest(f"notebooks/{stem}.ipynb is not present")
        first, second = notebook_runs.run_together(stem, (1, 2))  # at once: same code, same threads
        for r in (first, second):
            self.assertTrue(r.passed, f"{stem} run {r.number} failed (exit {r.returncode}):\n{r.log[-3000:]}")
        a, b = notebook_runs.results(first.executed), notebook_runs.results(second.executed)
        self.assertTrue(a, f"{stem} has no cell tagged 'result'; tag the cells whose outputs are its results "
                           "(cell metadata \"tags\": [\"result\"])")
        self.assertEqual(sorted(a), sorted(b))
        for index in a:
            with self.subTest(notebook=stem, cell=index):
                self.assertTrue(a[index], f"{stem}: result cell {index} has no output")
                self.assertEqual(a[index], b[index],
                                 f"{stem}: result cell {index} differs between two runs with the same seed: "
                                 + notebook_runs.describe_difference(a[index], b[index]))
        print(f"\n[reliability] {stem}: {len(a)} result cells identical in two runs "
              f"({first.seconds:.0f} s and {second.seconds:.0f} s)", file=sys.stderr, flush=True)

    def test_00_tour(self):
        self.assert_reproducible("00-tour")

    def test_01_inductive_transfer(self):
        self.assert_reproducible("01-inductive-transfer")


if __name__ == "__main__":
    unittest.main()
