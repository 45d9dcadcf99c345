"""The committed notebooks are clean, self-checking and listed in the README.

Every notebooks/**/*.ipynb must be valid nbformat 4 for the kit's `java` kernel, carry no outputs or execution counts
(outputs belong in build/, made by `environment/kit main`), run at least one self-check (org.transferkit.Checks) and
end with one: a check among its last three code cells; state their run time at the top and speak to a learner (no
words about how the kit was made). README.md's notebook index names every notebook.
"""

import re
import unittest
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("**/*.ipynb")) if (REPO / "notebooks").is_dir() else []
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts]
CHECK_CALL = re.compile(r"\bChecks\s*\.\s*(check|atLeast|atMost|between)\s*\(")
LAST_CELLS = 3


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


class CommittedNotebooksTest(unittest.TestCase):

    def notebooks(self):
        """(path, notebook) of every notebook; the tests check each in its own subTest."""
        return [(path, nbformat.read(str(path), as_version=nbformat.NO_CONVERT)) for path in NOTEBOOKS]

    def test_valid_nbformat_4_for_the_java_kernel(self):
        for path, nb in self.notebooks():
            with self.subTest(notebook=path.name):
                self.assertEqual(nb.nbformat, 4, f"{path.name}: nbformat {nb.nbformat}, expected 4")
                nbformat.validate(nb)
                kernel = nb.metadata.get("kernelspec", {}).get("name")
                self.assertEqual(kernel, "java", f"{path.name}: kernelspec name {kernel!r}, expected 'java'")

    def test_no_outputs_and_no_execution_counts(self):
        for path, nb in self.notebooks():
            with self.subTest(notebook=path.name):
                dirty = [i for i, c in enumerate(nb.cells)
                         if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
                self.assertEqual(dirty, [], f"{path.name}: cells {dirty} carry outputs or execution counts; clear them "
                                            "(Jupyter: Edit > Clear All Outputs, or `jupyter nbconvert --clear-output "
                                            "--inplace notebooks/*.ipynb`)")

    def test_ends_with_self_checks(self):
        for path, nb in self.notebooks():
            with self.subTest(notebook=path.name):
                cells = code_cells(nb)
                checking = [i for i, c in enumerate(cells) if CHECK_CALL.search(c.source)]
                self.assertTrue(checking, f"{path.name}: no code cell calls Checks.check/atLeast/atMost/between; every "
                                          "experiment ends by checking its claim")
                self.assertGreaterEqual(checking[-1], len(cells) - LAST_CELLS,
                                        f"{path.name}: the last check is code cell {checking[-1] + 1} of {len(cells)}; "
                                        f"one of the last {LAST_CELLS} code cells should check the notebook's claim")

    def test_states_its_run_time_at_the_top(self):
        for path, nb in self.notebooks():
            with self.subTest(notebook=path.name):
                first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
                self.assertIsNotNone(first, f"{path.name}: no markdown cell")
                self.assertRegex(first.source, r"Run time: about|Run time: under",
                                 f"{path.name}: the first markdown cell should state the run time on two cores, "
                                 "e.g. '*Run time: about 3 minutes on two CPU cores (`KIT_PROFILE=fast`: ...).*'")

    def test_speaks_to_a_learner(self):
        # the notebooks teach; how the kit was built (issues, prototypes, pilots, sessions) belongs in docs/
        words = re.compile(r"\b(prototypes?|issues?|pilots?|sessions?)\b", re.IGNORECASE)
        for path, nb in self.notebooks():
            with self.subTest(notebook=path.name):
                found = sorted({m.group(0).lower() for c in nb.cells for m in words.finditer(c.source)})
                self.assertEqual(found, [], f"{path.name}: mentions {found}; say it to a learner, or move it to "
                                            "docs/lab-notes.md")

    def test_readme_index_lists_every_notebook(self):
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        for path in NOTEBOOKS:
            with self.subTest(notebook=path.name):
                self.assertIn(path.stem, readme, f"README.md's notebook index does not mention {path.stem}")


class CiCallsTheReadmeTestCommandTest(unittest.TestCase):

    def test_ci_runs_kit_test(self):
        ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
        self.assertRegex(ci, r"(?m)^exec environment/kit test\s*$")
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        self.assertIn("environment/kit test", readme)
        self.assertIn("environment/kit main", readme)


if __name__ == "__main__":
    unittest.main()
