"""The course lab (environment/kit lab): JupyterHub with the kit, driven as students drive it.

It starts a lab of its own (KIT_LAB_DIR=/var/lib/transfer-kit-lab-test, accounts kittest1-3, port 18700, fast
profile), so an instructor's lab on the same machine is left alone, and removes it (hub stopped, accounts and homes
deleted) at the end. Checks:

- in a real browser (Debian's chromium + chromium-driver, driven by Selenium): a student logs in through the hub's
  login form, opens 00-tour, runs it with Cell > Run All, and every cell runs; the charts decode and are not blank
  (tests/reliability/browser_check.py's canvas probe, run on the live page); the training progress is one output
  updated in place; the check cells print CHECK PASS and none CHECK FAIL; an endless cell is stopped with the
  toolbar's interrupt button and the kernel keeps the notebook's definitions. Screenshots in build/lab/.
- faults: a wrong password is refused; a student cannot read another student's files (shell, kernel, hub URL); a
  kernel killed with SIGKILL, and one that runs out of heap and of ND4J off-heap memory, leave the hub and the other
  students' kernels running with their state.

Skipped only where the lab cannot be installed: not Debian/Ubuntu (no apt-get), or not root. No timing thresholds.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "environment" / "lab"))
sys.path.insert(0, str(REPO / "tests" / "reliability"))
import labclient  # noqa: E402
import browser_check  # noqa: E402

LAB_DIR = "/var/lib/transfer-kit-lab-test"
PREFIX, PORT, STUDENTS = "kittest", 18700, 3
SHOTS = REPO / "build" / "lab"
TOUR = "transfer-kit/00-tour.ipynb"
RUN_ALL_TIMEOUT = int(os.environ.get("KIT_LAB_RUN_TIMEOUT", "1800"))  # seconds for Run All (a hang, not a timing)


def cannot_install():
    if not (shutil.which("apt-get") and shutil.which("dpkg-query")):
        return "the lab installs JupyterHub from Debian/Ubuntu packages and this machine has no apt-get"
    if os.geteuid() != 0:
        return "the lab creates accounts and a system-wide kernel spec, which needs root (run the tests as root)"
    return None


def kit_lab(*args, timeout=1200):
    env = dict(os.environ, KIT_LAB_DIR=LAB_DIR, KIT_SKIP_SETUP="1")
    done = subprocess.run([str(REPO / "environment" / "kit"), "lab", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"environment/kit lab {' '.join(args)} failed ({done.returncode}):\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def log(message):
    print(f"\n[lab] {message}", file=sys.stderr, flush=True)


@unittest.skipIf(cannot_install(), cannot_install() or "")
class LabTest(unittest.TestCase):
    """One lab for every test of the class (started in setUpClass, removed in tearDownClass)."""

    @classmethod
    def setUpClass(cls):
        t0 = time.monotonic()
        kit_lab("--stop", "--prefix", PREFIX)  # a test lab left by an interrupted run restarts from scratch
        cls.start_output = kit_lab("--students", str(STUDENTS), "--prefix", PREFIX, "--port", str(PORT),
                                   "--profile", "fast", "--heap", "2g", "--cull", "0")
        cls.lab = labclient.Lab(LAB_DIR)
        log(f"test lab up in {time.monotonic() - t0:.0f} s at {cls.lab.url}")

    @classmethod
    def tearDownClass(cls):
        kit_lab("--remove", "--prefix", PREFIX)

    # ----------------------------------------------------------------------------------------------- the command
    def test_a_second_run_changes_nothing_and_binds_to_loopback(self):
        out = kit_lab("--students", str(STUDENTS), "--prefix", PREFIX, "--port", str(PORT), "--profile", "fast",
                      "--heap", "2g", "--cull", "0")
        self.assertIn("already running", out)
        self.assertIn("(0 new)", out)
        port_hex = f"{PORT:04X}"
        ours = []
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            lines = Path(table).read_text().splitlines()[1:] if Path(table).exists() else []
            ours += [line.split()[1] for line in lines
                     if line.split()[3] == "0A" and line.split()[1].endswith(":" + port_hex)]  # 0A: LISTEN
        self.assertEqual(ours, ["0100007F:" + port_hex], f"the hub should listen on 127.0.0.1 only: {ours}")
        mode = os.stat(Path(LAB_DIR) / "passwords").st_mode & 0o777
        self.assertEqual(mode, 0o600, "the passwords file must be readable by root only")
        spec = Path("/usr/local/share/jupyter/kernels/java")
        for user in self.lab.students:
            self.assertEqual(self.as_user(user, f"test -r {spec}/kernel.json && ls {spec}/lib | head -1").returncode,
                             0, f"{user} cannot read the kernel spec")

    # ------------------------------------------------------------------------------------------------------ faults
    def test_wrong_password_is_refused(self):
        user = self.lab.students[2]
        ok, where = self.lab.login(user, self.lab.password(user) + "x")
        self.assertFalse(ok, f"a wrong password logged in (ended at {where})")
        ok, where = self.lab.login(user, "")
        self.assertFalse(ok, "an empty password logged in")
        ok, where = self.lab.login("root", "root")
        self.assertFalse(ok, "root logged in")
        ok, where = self.lab.login(user, self.lab.password(user))
        self.assertTrue(ok, f"the right password did not log in (ended at {where})")

    def as_user(self, user, command):
        return subprocess.run(["runuser", "-u", user, "--", "/bin/bash", "-c", command], capture_output=True,
                              text=True, timeout=60)

    def test_a_student_cannot_read_another_students_files(self):
        owner, other = self.lab.students[0], self.lab.students[1]
        home = Path("/home") / owner
        target = home / TOUR
        self.assertTrue(target.is_file())
        self.assertEqual(self.as_user(owner, f"head -c 10 {target}").returncode, 0, "the owner cannot read it")
        for command in (f"cat {target}", f"ls {home}", f"touch {home}/intruder"):
            r = self.as_user(other, command)
            self.assertNotEqual(r.returncode, 0, f"{other} could run `{command}` on {owner}'s home")
            self.assertIn("Permission denied", r.stderr)
        # from the other student's kernel, which runs as that student
        self.lab.start_server(other)
        kernel = self.lab.kernel(other)
        try:
            reply = kernel.execute(f'java.nio.file.Files.readString(java.nio.file.Path.of("{target}"))', timeout=300)
            self.assertEqual(reply.status, "error")
            self.assertIn("AccessDenied", reply.text())
        finally:
            kernel.shutdown()
        # and through the hub: the other student's session does not open the owner's (running) server
        self.lab.start_server(owner)
        ok, _ = self.lab.login(other, self.lab.password(other))
        self.assertTrue(ok)
        status = self.lab_get_as(other, f"/user/{owner}/api/contents/{TOUR}")
        self.assertNotEqual(status, 200, f"{other}'s browser session read {owner}'s notebook through the hub")

    def lab_get_as(self, user, path):
        """HTTP status of a GET through the hub with the user's login cookies (no redirects followed)."""
        import http.cookiejar
        import urllib.error
        import urllib.parse
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.lab.url + "/hub/login", timeout=30).read().decode()
        form = {"username": user, "password": self.lab.password(user)}
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
        if xsrf:
            form["_xsrf"] = xsrf.group(1)
        opener.open(self.lab.url + "/hub/login", data=urllib.parse.urlencode(form).encode(), timeout=60).read()
        strict = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        try:
            with strict.open(self.lab.url + path, timeout=60) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    def test_a_killed_or_out_of_memory_kernel_leaves_the_hub_and_the_others_running(self):
        victim, neighbour = self.lab.students[1], self.lab.students[2]
        for user in (victim, neighbour):
            self.lab.start_server(user)
        kv, kn = self.lab.kernel(victim), self.lab.kernel(neighbour)
        try:
            for k in (kv, kn):
                self.assertEqual(k.execute("int kept = 7;", timeout=300).status, "ok")
            pid = kv.pid()
            self.assertIsNotNone(pid, "the victim's kernel process was not found")
            os.kill(pid, signal.SIGKILL)
            log(f"killed {victim}'s kernel (pid {pid})")
            time.sleep(3)
            self.assertTrue(self.lab.hub_alive(), "the hub died with a student's kernel")
            self.assertEqual(kn.execute("kept").value(), "7", "the neighbour's kernel lost its state")
            self.assertEqual(self.lab.request("GET", f"/user/{victim}/api/status")[0], 200,
                             "the victim's server died with its kernel")
            # the victim's server restarts the kernel (Jupyter's auto-restart); it answers again, fresh
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and (kv.pid() in (None, pid)):
                time.sleep(2)
            self.assertNotIn(kv.pid(), (None, pid), "the killed kernel was not restarted")
            kv.reconnect()
            reply = kv.execute("1 + 1", timeout=300)
            self.assertEqual(reply.value(), "2")

            # out of heap (the lab's 2g cap), then out of native memory (ND4J arrays past the resident-memory cap of
            # twice the heap): an error in that cell, and the kernel keeps its state
            oom = kn.execute("java.util.List<long[]> hog = new java.util.ArrayList<>();\n"
                             "while (true) hog.add(new long[50_000_000]);", timeout=600)
            self.assertEqual(oom.status, "error")
            self.assertIn("OutOfMemoryError", oom.text())
            self.assertEqual(kn.execute("hog.clear();").status, "ok")
            self.assertEqual(kn.execute("kept").value(), "7")
            native = kn.execute(
                "java.util.List<org.nd4j.linalg.api.ndarray.INDArray> offHeap = new java.util.ArrayList<>();\n"
                "while (true) offHeap.add(org.nd4j.linalg.factory.Nd4j.create("
                "org.nd4j.linalg.api.buffer.DataType.FLOAT, 64_000_000));", timeout=600)
            _, peak = kn.memory_mib()
            self.assertEqual(native.status, "error")
            self.assertIn("OutOfMemoryError", native.text())
            log(f"native memory cell stopped at {peak:,.0f} MiB resident: {native.text()[:200]!r}")
            self.assertEqual(kn.execute("offHeap.clear(); System.gc();").status, "ok")
            self.assertEqual(kn.execute("kept").value(), "7")
            self.assertTrue(self.lab.hub_alive())
            self.assertEqual(kv.execute("1 + 2").value(), "3", "the other student's kernel stopped answering")
        finally:
            kv.shutdown()
            kn.shutdown()

    # ----------------------------------------------------------------------------------------------- the browser
    def test_browser_run_all_of_the_tour(self):
        kit_lab("--browser-tools")  # chromium, chromium-driver, python3-selenium
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        SHOTS.mkdir(parents=True, exist_ok=True)
        user = self.lab.students[0]
        options = webdriver.ChromeOptions()
        options.binary_location = browser_check.find_chromium()
        for flag in browser_check.FLAGS:
            options.add_argument(flag)
        options.add_argument("--window-size=1400,1800")
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                  options=options)
        t0 = time.monotonic()

        def js(script, *args):
            return driver.execute_script(script, *args)

        def shot(name):
            driver.save_screenshot(str(SHOTS / name))

        def wait(condition, timeout, what):
            return WebDriverWait(driver, timeout, poll_frequency=1).until(lambda d: condition(), what)

        try:
            # log in through the form
            driver.get(self.lab.url + "/hub/login")
            driver.find_element(By.ID, "username_input").send_keys(user)
            driver.find_element(By.ID, "password_input").send_keys(self.lab.password(user))
            shot("01-login.png")
            driver.find_element(By.ID, "login_submit").click()
            wait(lambda: f"/user/{user}/tree" in driver.current_url, 180, "the student's server did not open")
            shot("02-files.png")

            # open the tour, wait for its kernel
            driver.get(f"{self.lab.url}/user/{user}/notebooks/{TOUR}")
            idle = ("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
                    "Jupyter.notebook.kernel.is_connected() && "
                    "document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon'))")
            wait(lambda: js(idle), 180, "the kernel did not start")
            n_code = js("return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length")

            # Cell > Run All, through the menu
            driver.find_element(By.ID, "celllink").click()
            driver.find_element(By.CSS_SELECTOR, "#run_all_cells > a").click()
            t_run = time.monotonic()
            state = ("var cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');"
                     "return {running: document.querySelectorAll('.code_cell.running').length,"
                     " counted: cells.filter(c => c.input_prompt_number !== null && c.input_prompt_number !== '*'"
                     "   && c.input_prompt_number !== undefined).length,"
                     " errors: document.querySelectorAll('.output_error').length}")
            progress_seen = set()
            progress_js = ("return Array.from(document.querySelectorAll('.output_area'))"
                           ".map(a => a.innerText).filter(t => t.indexOf('MLP on MNIST [') >= 0)")
            deadline = time.monotonic() + RUN_ALL_TIMEOUT
            quiet = 0
            while time.monotonic() < deadline:
                s = js(state)
                progress_seen.update(js(progress_js))
                quiet = quiet + 1 if s["running"] == 0 and js(idle) else 0
                if quiet >= 3 or s["errors"]:
                    break
                time.sleep(1)
            run_s = time.monotonic() - t_run
            shot("03-run-all-done.png")
            s = js(state)
            errors = js("return Array.from(document.querySelectorAll('.output_error')).map(e => e.innerText)")
            self.assertEqual(errors, [], "a cell failed:\n" + "\n".join(e[:1500] for e in errors))
            self.assertEqual(s["running"], 0, f"Run All did not finish in {RUN_ALL_TIMEOUT} s")
            self.assertEqual(s["counted"], n_code, "not every code cell ran")
            log(f"Run All of 00-tour (fast) in the browser: {run_s:.0f} s, {n_code} code cells")

            # the check cells
            text = js("return Array.from(document.querySelectorAll('.output_area')).map(a => a.innerText).join('\\n')")
            nb = self.lab.notebook(user, TOUR)
            expected_checks = sum(c.count("Checks.check(") for c in labclient.code_cells(nb))
            passes = text.count("CHECK PASS")
            self.assertNotIn("CHECK FAIL", text)
            self.assertGreaterEqual(passes, expected_checks, f"{passes} CHECK PASS lines, {expected_checks} checks")

            # charts: every image of the outputs decodes and is not blank, measured in this browser
            report = js("return (" + browser_check.IMAGE_REPORT_JS + ")"
                        "(document.querySelectorAll('.output_area img'));")
            pngs = sum(1 for c in nb["cells"] if c["cell_type"] == "code"
                       for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
            self.assertGreaterEqual(len(report["images"]), max(pngs, 5), "fewer charts than expected")
            self.assertEqual(browser_check.image_problems(report), [])

            # the progress display: one output of the training cell, updated in place to its last step
            index = next(i for i, c in enumerate(nb["cells"])
                         if c["cell_type"] == "code" and "Progress.start(\"MLP on MNIST\"" in "".join(c["source"]))
            outputs = js("var el = Jupyter.notebook.get_cell(arguments[0]).element[0];"
                         "return Array.from(el.querySelectorAll('.output_area')).map(a => a.innerText);", index)
            progress = [o for o in outputs if "MLP on MNIST [" in o]
            self.assertEqual(len(progress), 1, f"the progress is {len(progress)} outputs: {outputs[:5]}")
            self.assertLessEqual(len(outputs), 4, f"the training cell has {len(outputs)} outputs")
            m = re.search(r"\[#{10}\] 100% step (\d+)/(\d+)", progress[0])
            self.assertTrue(m and m.group(1) == m.group(2), f"the progress did not reach its end: {progress[0]}")
            cell = js("return Jupyter.notebook.get_cell(arguments[0]).element[0]", index)
            js("arguments[0].scrollIntoView()", cell)
            cell.screenshot(str(SHOTS / "04-training-cell.png"))
            log(f"progress: 1 output of {len(outputs)} in its cell; {len(progress_seen)} states seen while running")

            # an endless cell, interrupted from the toolbar; the kernel keeps the notebook's definitions
            js("Jupyter.notebook.select(Jupyter.notebook.ncells() - 1)")
            driver.find_element(By.ID, "insertlink").click()
            driver.find_element(By.CSS_SELECTOR, "#insert_cell_below > a").click()
            endless = "long spins = 0; while (true) { spins++; }"
            new = js("return Jupyter.notebook.get_selected_cell().element[0]")
            new.find_element(By.CSS_SELECTOR, ".CodeMirror").click()
            new.find_element(By.CSS_SELECTOR, ".CodeMirror textarea").send_keys(endless)
            self.assertEqual(js("return Jupyter.notebook.get_selected_cell().get_text()"), endless)
            run_button = "button[data-jupyter-action='jupyter-notebook:run-cell-and-select-next']"
            driver.find_element(By.CSS_SELECTOR, run_button).click()
            time.sleep(5)
            self.assertEqual(js("return document.querySelectorAll('.code_cell.running').length"), 1,
                             "the endless cell is not running")
            shot("05-endless-cell-running.png")
            driver.find_element(By.CSS_SELECTOR,
                                "button[data-jupyter-action='jupyter-notebook:interrupt-kernel']").click()
            wait(lambda: js("return document.querySelectorAll('.code_cell.running').length") == 0 and js(idle),
                 120, "the interrupt did not stop the endless cell")
            self.assertIn("interrupted", new.text.lower(), "the endless cell does not say it was interrupted")
            after = "mlp.getClass().getSimpleName() + \" \" + rounds"
            last = js("return Jupyter.notebook.get_selected_cell().element[0]")
            last.find_element(By.CSS_SELECTOR, ".CodeMirror").click()
            last.find_element(By.CSS_SELECTOR, ".CodeMirror textarea").send_keys(after)
            driver.find_element(By.CSS_SELECTOR, run_button).click()
            wait(lambda: "MultiLayerNetwork" in last.text, 120, "the kernel did not answer after the interrupt")
            self.assertRegex(last.text, r"MultiLayerNetwork \d+")
            js("arguments[0].scrollIntoView()", last)
            shot("06-after-interrupt.png")
            log(f"browser test done in {time.monotonic() - t0:.0f} s; screenshots in {SHOTS.relative_to(REPO)}/")
        except Exception:
            shot("99-failure.png")
            raise
        finally:
            driver.quit()


if __name__ == "__main__":
    unittest.main()
