#!/usr/bin/python3
"""Opens executed notebooks' HTML pages in headless Chromium and checks that every image (chart, image grid) decodes
and is not blank; saves a full-page screenshot of each.

For each page it loads a copy with a small script added that, once the page has loaded, draws every <img> onto a
canvas and counts its distinct colours; Chromium's --dump-dom returns the page with that report. A second Chromium
run takes the screenshot (the original page, window as tall as the page, capped). Used by
tests/reliability/test_browser.py, and on its own for the HTML of `environment/kit main` or `kit test`:

    /usr/bin/python3 tests/reliability/browser_check.py build/notebooks/*.html        # screenshots in build/screenshots/

Exit status 0 when every image of every page decoded and is not blank, 1 otherwise, 2 when Chromium is missing.
Chromium: the Debian package `chromium` (environment/kit setup installs it), or set KIT_CHROMIUM to a binary.
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pngcheck  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
         "--allow-file-access-from-files"]
WIDTH = 1200
MAX_HEIGHT = 16000  # Chromium's screenshots get unreliable beyond about 16k pixels
TIMEOUT = 180
REPORT_ID = "kit-image-report"

# Measures images in the browser: a JavaScript function of a list of <img> elements that draws each onto a canvas
# and returns a report, the page height and per image its natural size, distinct colours, the share of the most
# common colour and any error (the form image_problems() reads). PROBE runs it on a page's images; a test driving a
# live page runs it through WebDriver (tests/lab/test_lab.py: "return (" + IMAGE_REPORT_JS + ")(images);").
IMAGE_REPORT_JS = """function (images) {
  var report = {images: [], height: Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)};
  Array.prototype.forEach.call(images, function (img, i) {
    var r = {index: i, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight,
             colours: 0, dominant: 1, alt: (img.alt || '').slice(0, 80)};
    try {
      if (img.complete && img.naturalWidth > 0 && img.naturalHeight > 0) {
        var canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
        var g = canvas.getContext('2d');
        g.drawImage(img, 0, 0);
        var d = g.getImageData(0, 0, canvas.width, canvas.height).data;
        var counts = new Map(), top = 0;
        for (var p = 0; p < d.length; p += 4) {
          var key = ((d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]) >>> 0;
          var c = (counts.get(key) || 0) + 1;
          counts.set(key, c);
          if (c > top) top = c;
        }
        r.colours = counts.size;
        r.dominant = top / (d.length / 4);
      }
    } catch (e) {
      r.error = String(e);
    }
    report.images.push(r);
  });
  return report;
}"""

# Runs after the page (and its data: images) has loaded; writes the report into <pre id="kit-image-report">.
PROBE = """
<script>
window.addEventListener('load', function () {
  var report = (""" + IMAGE_REPORT_JS + """)(document.images);
  var pre = document.createElement('pre');
  pre.id = 'kit-image-report';
  pre.textContent = JSON.stringify(report);
  document.body.appendChild(pre);
});
</script>
"""


class BrowserError(RuntimeError):
    """Chromium could not be run, or did not return what was expected."""


def find_chromium():
    """Path of a Chromium binary: $KIT_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH; or None."""
    configured = os.environ.get("KIT_CHROMIUM")
    if configured:
        return configured if shutil.which(configured) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(chromium, args, profile_dir):
    cmd = [chromium, *FLAGS, f"--user-data-dir={profile_dir}", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        raise BrowserError(f"Chromium did not finish in {TIMEOUT} s: {' '.join(cmd)}") from e
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise BrowserError(f"Chromium exited with {done.returncode}: {' '.join(cmd)}\n" + "\n".join(tail))
    return done.stdout.decode("utf-8", "replace")


def inspect_page(html_path, chromium=None):
    """Loads the page in headless Chromium and returns the probe's report: the page height and, per <img>, its
    natural size, distinct colours, the share of the most common colour and any error."""
    chromium = chromium or find_chromium()
    if not chromium:
        raise BrowserError("Chromium not found (install the Debian package chromium, or set KIT_CHROMIUM)")
    page = Path(html_path).read_text(encoding="utf-8")
    at = page.lower().rfind("</body>")
    probed = page[:at] + PROBE + page[at:] if at >= 0 else page + PROBE
    with tempfile.TemporaryDirectory(prefix="kit-browser-") as tmp:
        copy = Path(tmp) / Path(html_path).name
        copy.write_text(probed, encoding="utf-8")
        dom = _run(chromium, ["--virtual-time-budget=10000", "--dump-dom", copy.as_uri()], Path(tmp) / "profile")
    match = re.search(r'<pre id="' + REPORT_ID + r'">(.*?)</pre>', dom, re.S)
    if not match:
        raise BrowserError(f"the page {html_path} did not produce an image report (the probe script did not run)")
    return json.loads(html.unescape(match.group(1)))


def screenshot(html_path, png_path, height, chromium=None):
    """Saves a screenshot of the page, WIDTH pixels wide and as tall as the page (at most MAX_HEIGHT)."""
    chromium = chromium or find_chromium()
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    height = max(600, min(MAX_HEIGHT, int(height)))
    with tempfile.TemporaryDirectory(prefix="kit-browser-") as tmp:
        _run(chromium, [f"--window-size={WIDTH},{height}", "--virtual-time-budget=15000",
                        f"--screenshot={png_path}", Path(html_path).resolve().as_uri()], Path(tmp) / "profile")
    if not png_path.is_file():
        raise BrowserError(f"Chromium wrote no screenshot to {png_path}")
    return png_path


def image_problems(report):
    """What is wrong with the images of one page's report, as sentences (empty when all is well)."""
    problems = []
    for img in report["images"]:
        where = f"image {img['index'] + 1} of {len(report['images'])}"
        if img.get("error"):
            problems.append(f"{where}: could not be read back ({img['error']})")
        elif not img["complete"] or img["width"] == 0 or img["height"] == 0:
            problems.append(f"{where}: did not decode (natural size {img['width']}x{img['height']})")
        elif pngcheck.is_blank(img["colours"], img["dominant"]):
            problems.append(f"{where}: blank ({img['colours']} colours, {img['dominant']:.2%} of pixels one colour, "
                            f"{img['width']}x{img['height']})")
    return problems


def check_page(html_path, screenshot_dir, chromium=None):
    """Inspects one page and saves its screenshot as screenshot_dir/<page name>.png; returns (report, problems)."""
    report = inspect_page(html_path, chromium)
    shot = Path(screenshot_dir) / (Path(html_path).stem + ".png")
    screenshot(html_path, shot, report["height"], chromium)
    report["screenshot"] = str(shot)
    return report, image_problems(report)


def main(argv=None):
    p = argparse.ArgumentParser(description="Check every image of notebook HTML pages in headless Chromium.")
    p.add_argument("pages", nargs="+", help="HTML pages written by environment/run_notebooks.py")
    p.add_argument("--screenshots", default=str(REPO / "build" / "screenshots"),
                   help="folder for one screenshot per page (default: build/screenshots/)")
    args = p.parse_args(argv)
    chromium = find_chromium()
    if not chromium:
        print("browser_check.py: Chromium not found; install the Debian package chromium (environment/kit setup "
              "does) or set KIT_CHROMIUM to a Chromium binary", file=sys.stderr)
        return 2
    failed = 0
    for page in args.pages:
        try:
            report, problems = check_page(page, args.screenshots, chromium)
        except (BrowserError, OSError, ValueError) as e:
            report, problems = {"images": []}, [str(e)]
        verdict = "FAIL" if problems else "ok"
        print(f"{Path(page).stem}: {len(report['images'])} images, {verdict}"
              + (f"; screenshot {report['screenshot']}" if "screenshot" in report else ""))
        for problem in problems:
            print(f"    {problem}")
        failed += bool(problems)
    print(f"browser check: {len(args.pages) - failed} pages passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
