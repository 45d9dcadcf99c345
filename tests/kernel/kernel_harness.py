"""Drives the installed 'java' kernel through a real Jupyter client (jupyter_client, Debian's /usr/bin/python3)."""
import os
import queue
import time

import jupyter_client

KERNEL_NAME = os.environ.get("KIT_KERNEL_NAME", "java")


class Reply:
    """What one execute request produced: reply status, outputs in order, the error (if any)."""

    def __init__(self, status, outputs, reply_content):
        self.status = status
        self.outputs = outputs
        self.content = reply_content

    def stream(self):
        return "".join(o["text"] for t, o in self.outputs if t == "stream")

    def results(self):
        return [o for t, o in self.outputs if t in ("execute_result", "display_data")]

    def value(self):
        for t, o in self.outputs:
            if t == "execute_result":
                return o["data"].get("text/plain")
        return None

    def error(self):
        for t, o in self.outputs:
            if t == "error":
                return o
        return None

    def __repr__(self):
        return f"Reply({self.status}, {self.outputs})"


class Kernel:
    """One running kernel and a blocking client, with helpers for the tests."""

    def __init__(self, env=None, startup_timeout=120):
        self.km = jupyter_client.KernelManager(kernel_name=KERNEL_NAME)
        kw = {}
        if env is not None:
            full = dict(os.environ)
            full.update(env)
            kw["env"] = full
        t0 = time.monotonic()
        self.km.start_kernel(**kw)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=startup_timeout)
        self.ready_seconds = time.monotonic() - t0

    def execute(self, code, timeout=120):
        msg_id = self.kc.execute(code, allow_stdin=False)
        return self.collect(msg_id, timeout)

    def collect(self, msg_id, timeout=120):
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no idle status for {msg_id} within {timeout}s; outputs so far: {outputs}")
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status":
                if msg["content"]["execution_state"] == "idle":
                    break
                continue
            if kind != "execute_input":
                outputs.append((kind, msg["content"]))
        reply = self.shell_reply(msg_id, timeout)
        return Reply(reply["content"]["status"], outputs, reply["content"])

    def shell_reply(self, msg_id, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        raise TimeoutError(f"no shell reply for {msg_id}")

    def pid(self):
        provisioner = getattr(self.km, "provisioner", None)
        proc = getattr(provisioner, "process", None) if provisioner else getattr(self.km, "kernel", None)
        return proc.pid

    def rss_mib(self, field="VmRSS"):
        """The kernel's resident set now (VmRSS), or its high-water mark so far (field="VmHWM"), in MiB."""
        with open(f"/proc/{self.pid()}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            if self.km.is_alive():
                self.km.shutdown_kernel(now=False)


def listening_addresses(pid):
    """(ip, port) of every TCP socket the process listens on, read from /proc (no extra tools needed)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        if not os.path.exists(table):
            continue
        with open(table) as f:
            next(f)
            for line in f:
                parts = line.split()
                local, state, inode = parts[1], parts[3], parts[9]
                if state != "0A" or inode not in inodes:
                    continue
                hexip, hexport = local.split(":")
                port = int(hexport, 16)
                is_v6 = v6
                if v6 and hexip.startswith("0000000000000000FFFF0000"):
                    hexip, is_v6 = hexip[24:], False   # IPv4-mapped IPv6 (::ffff:a.b.c.d)
                if is_v6:
                    ip = "::" if set(hexip) == {"0"} else hexip
                else:
                    ip = ".".join(str(int(hexip[i:i + 2], 16)) for i in (6, 4, 2, 0))
                found.append((ip, port))
    return found
