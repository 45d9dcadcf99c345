"""Rendered output: every chart and image of an executed notebook decodes and is not blank, in a real browser.

Self-contained: it uses the first fast-profile run of each notebook that test_reproducibility.py also uses
(tests/reliability/notebook_runs.py executes it once for both), opens its HTML page in headless Chromium, checks that
every <img> decoded (natural size > 0) and is not blank (drawn onto a canvas: more than one colour, no colour on more
than 99.9% of the pixels), and saves a screenshot of the page as build/screenshots/<notebook>.png. As a second check,
independent of the browser, every image/png output of the executed notebook is decoded in Python (zlib and the PNG
row filters, tests/reliability/pngcheck.py) with the same blankness rule.
"""

import base64
import struct
import sys
import unittest
import zlib
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_check  # noqa: E402
import notebook_runs  # noqa: E402
import pngcheck  # noqa: E402

NOTEBOOKS = notebook_runs.NOTEBOOKS
SCREENSHOTS = notebook_runs.REPO / "build" / "screenshots"


def encode_png(width, height, colour, rows, filters, depth=8, palette=None):
    """A PNG of the given raw rows (bytes per row), each row written with the given filter type (0-4)."""
    bpp = max(1, pngcheck.CHANNELS[colour] * depth // 8)
    raw = bytearray()
    prev = bytes(len(rows[0]))
    for row, f in zip(rows, filters):
        out = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) >> 1, pngcheck._paeth(a, b, c)][f]
            out.append((x - predictor) & 0xFF)
        raw += bytes([f]) + out
        prev = row

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    png = pngcheck.SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
    if palette:
        png += chunk(b"PLTE", b"".join(bytes(p) for p in palette))
    return png + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b"")


def png_outputs(executed):
    """(cell number, PNG bytes) of every image/png output of an executed notebook."""
    nb = nbformat.read(str(executed), as_version=4)
    found = []
    for n, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                found.append((n, base64.b64decode(notebook_runs._text(data["image/png"]))))
    return found


class PngDecoderTest(unittest.TestCase):
    """The stdlib PNG decoder used for the second check (no kernel or browser needed)."""

    def test_every_filter_type_round_trips(self):
        rows = [bytes((x * 37 + y * 11 + c * 5) % 256 for x in range(6) for c in range(3)) for y in range(5)]
        png = encode_png(6, 5, 2, rows, filters=[0, 1, 2, 3, 4])
        width, height, pixels = pngcheck.decode(png)
        self.assertEqual((width, height), (6, 5))
        self.assertEqual(pixels, [[tuple(row[x * 3:x * 3 + 3]) for x in range(6)] for row in rows])

    def test_grey_alpha_rgba_and_palette(self):
        grey = pngcheck.decode(encode_png(2, 1, 0, [bytes([0, 255])], [1]))[2]
        self.assertEqual(grey, [[(0,), (255,)]])
        rgba = pngcheck.decode(encode_png(1, 2, 6, [bytes([1, 2, 3, 4]), bytes([5, 6, 7, 8])], [4, 4]))[2]
        self.assertEqual(rgba, [[(1, 2, 3, 4)], [(5, 6, 7, 8)]])
        pal = pngcheck.decode(encode_png(3, 1, 3, [bytes([0b00011000])], [0], depth=2,
                                         palette=[(0, 0, 0), (9, 9, 9), (200, 0, 0)]))[2]
        self.assertEqual(pal, [[(0, 0, 0), (9, 9, 9), (200, 0, 0)]])

    def test_blank_and_not_blank(self):
        blank = encode_png(40, 40, 2, [bytes([255] * 120)] * 40, [2] * 40)
        self.assertTrue(pngcheck.is_blank(*pngcheck.colour_stats(blank)[2:]))
        rows = [bytes([255] * 120)] * 39 + [bytes([0] * 120)]
        self.assertFalse(pngcheck.is_blank(*pngcheck.colour_stats(encode_png(40, 40, 2, rows, [0] * 40))[2:]))
        speck = [bytes([255] * 120)] * 39 + [bytes([0, 0, 0] + [255] * 117)]  # 1 pixel in 1,600: still blank
        self.assertTrue(pngcheck.is_blank(*pngcheck.colour_stats(encode_png(40, 40, 2, speck, [0] * 40))[2:]))

    def test_damaged_data_is_reported(self):
        png = bytearray(encode_png(2, 2, 2, [bytes(6), bytes(6)], [0, 0]))
        png[-20] ^= 0xFF  # inside the IDAT payload: the CRC no longer matches
        with self.assertRaisesRegex(pngcheck.PngError, "CRC"):
            pngcheck.decode(bytes(png))
        with self.assertRaisesRegex(pngcheck.PngError, "signature"):
            pngcheck.decode(b"GIF89a")


@unittest.skipIf(notebook_runs.kernel_missing(), notebook_runs.kernel_missing() or "")
class NotebookImagesTest(unittest.TestCase):

    def executed_notebooks(self):
        present = [s for s in NOTEBOOKS if notebook_runs.notebook_path(s).is_file()]
        if not present:
            self.skipTest("none of the notebooks " + ", ".join(NOTEBOOKS) + " is present")
        for stem in present:
            r = notebook_runs.run_together(stem, (1, 2))[0]  # the reproducibility test compares the pair
            self.assertTrue(r.passed, f"{stem} failed (exit {r.returncode}):\n{r.log[-3000:]}")
            yield stem, r

    def test_every_png_output_decodes_and_is_not_blank(self):
        for stem, r in self.executed_notebooks():
            images = png_outputs(r.executed)
            self.assertTrue(images, f"{stem} shows no chart or image")
            for k, (cell, png) in enumerate(images, 1):
                with self.subTest(notebook=stem, image=k):
                    width, height, colours, dominant = pngcheck.colour_stats(png)
                    self.assertFalse(pngcheck.is_blank(colours, dominant),
                                     f"{stem}: image {k} (cell {cell}) is blank: {width}x{height}, {colours} colours, "
                                     f"{dominant:.2%} of pixels one colour")

    @unittest.skipIf(browser_check.find_chromium() is None,
                     "Chromium not found (Debian package chromium; environment/kit setup installs it)")
    def test_every_image_decodes_and_is_not_blank_in_chromium(self):
        for stem, r in self.executed_notebooks():
            with self.subTest(notebook=stem):
                self.assertTrue(r.html.is_file(), f"{stem}: no HTML page at {r.html}")
                report, problems = browser_check.check_page(r.html, SCREENSHOTS)
                expected = len(png_outputs(r.executed))
                self.assertGreaterEqual(len(report["images"]), expected,
                                        f"{stem}: the browser sees {len(report['images'])} images, the notebook "
                                        f"has {expected} PNG outputs")
                self.assertEqual(problems, [], f"{stem}: " + "; ".join(problems))
                shot = Path(report["screenshot"])
                width, height, _, _ = pngcheck.header(shot.read_bytes())
                self.assertEqual(width, browser_check.WIDTH)
                self.assertGreaterEqual(height, 600)
                print(f"\n[reliability] {stem}: {len(report['images'])} images decode and are not blank in Chromium; "
                      f"screenshot {shot.relative_to(notebook_runs.REPO)} ({width}x{height})",
                      file=sys.stderr, flush=True)


if __name__ == "__main__":
    unittest.main()
