"""The kernel under abuse, through a real client. Each case prints its figure (cells survived, restarts, rejections)."""
import os
import sys
import tempfile
import time
import unittest

from jupyter_client.session import Session

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the harness sits beside this file
from kernel_harness import Kernel

FIGURES = []


def figure(text):
    FIGURES.append(text)
    print(f"\nFIGURE: {text}", flush=True)


class KernelAbuseTest(unittest.TestCase):
    @classmethod
    def tearDownClass(cls):
        out = os.path.join(os.path.dirname(__file__), "..", "..", "build", "kernel-abuse.md")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w") as f:
            f.write("# Kernel under abuse\n\n" + "\n".join(f"- {t}" for t in FIGURES) + "\n")

    def test_thousand_failing_cells_then_a_normal_one(self):
        k = Kernel()
        try:
            k.execute("int survivor = 1;")
            failed = 0
            kinds = ['throw new RuntimeException("cell %d");', 'int broken%d = "not an int";', 'undefinedName%d + 1']
            for i in range(1000):
                r = k.execute(kinds[i % 3] % i)
                failed += r.status == "error"
            self.assertEqual(failed, 1000)
            r = k.execute("survivor + 41")
            self.assertEqual(r.value(), "42")
            figure(f"1,000 failing cells in a row (runtime, compile and unresolved errors): {failed} errors reported, "
                   f"then a normal cell answered correctly with earlier definitions kept")
        finally:
            k.close()

    def test_twenty_restarts_in_a_row(self):
        k = Kernel()
        try:
            times = []
            for i in range(20):
                t0 = time.monotonic()
                k.km.restart_kernel(now=False)
                k.kc.wait_for_ready(timeout=120)
                self.assertEqual(k.execute(f"{i} + 1").value(), str(i + 1))
                times.append(time.monotonic() - t0)
            times.sort()
            figure(f"20 restarts in a row: 20 of 20 answered their first cell; restart-to-answer median "
                   f"{times[10]:.1f} s, max {times[-1]:.1f} s")
        finally:
            k.close()

    def test_forged_and_unsigned_messages(self):
        k = Kernel()
        try:
            with tempfile.TemporaryDirectory() as d:
                socket = k.kc.shell_channel.socket
                sent = 0
                for i in range(10):
                    for key in (b"wrong-key", b""):
                        marker = os.path.join(d, f"ran-{i}-{len(key)}")
                        code = f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "x");'
                        bad = Session(key=key, username="mallory")
                        bad.send(socket, bad.msg("execute_request", content={
                            "code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False}))
                        sent += 1
                # control channel too: a forged shutdown must not stop the kernel
                bad = Session(key=b"wrong-key")
                bad.send(k.kc.control_channel.socket, bad.msg("shutdown_request", content={"restart": False}))
                sent += 1
                time.sleep(2)
                self.assertEqual(k.execute('"signed request answered"').value(), "signed request answered")
                executed = len(os.listdir(d))
                self.assertEqual(executed, 0)
                self.assertTrue(k.km.is_alive())
                figure(f"forged messages (wrong HMAC) and unsigned ones: {sent} sent (10 forged + 10 unsigned execute "
                       f"requests, 1 forged shutdown), {executed} executed, kernel alive and answering the next signed request")
        finally:
            k.close()

    def test_oom_interrupt_and_exit_cells(self):
        k = Kernel()
        try:
            k.execute("int kept = 9;")
            oom = k.execute("java.util.List<long[]> hog = new java.util.ArrayList<>();\n"
                            "while (true) hog.add(new long[50_000_000]);", timeout=300)
            self.assertIn("OutOfMemoryError", "\n".join(oom.error()["traceback"]))
            msg_id = k.kc.execute("long n = 0; while (true) { n++; }")
            time.sleep(1)
            k.km.interrupt_kernel()
            interrupted = k.collect(msg_id, timeout=60)
            self.assertEqual(interrupted.status, "error")
            exit_cell = k.execute("System.exit(0);")
            self.assertEqual(exit_cell.status, "error")
            self.assertEqual(k.execute("kept").value(), "9")
            figure("an OutOfMemoryError cell (heap filled), an endless loop interrupted, and a System.exit cell "
                   "(refused): the kernel survived all three and kept earlier definitions")
        finally:
            k.close()


if __name__ == "__main__":
    unittest.main()
