"""A small client for the kit's course lab (environment/lab/lab.sh): log in as a student, start a student's server,
and run cells in a student's kernel through the hub, as a browser does (HTTP through the hub's proxy, the kernel's
websocket). Used by the load script (environment/lab/load.py) and the lab's tests (tests/lab/). Standard library and
Tornado (a dependency of Jupyter Notebook) only; run it with /usr/bin/python3, as root (the lab folder is root's).
"""

import asyncio
import http.cookiejar
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tornado import httpclient, websocket

LAB_DIR = Path(os.environ.get("KIT_LAB_DIR", "/var/lib/transfer-kit-lab"))


class LabError(RuntimeError):
    """The hub or a student's server did not answer as expected."""


def read_settings(lab_dir=LAB_DIR):
    values = {}
    for line in (Path(lab_dir) / "settings.env").read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip():
            values[key.strip()] = value.strip()
    return values


class Lab:
    """One running lab, described by its folder (settings, passwords, the service's token)."""

    def __init__(self, lab_dir=LAB_DIR):
        self.dir = Path(lab_dir)
        self.settings = read_settings(self.dir)
        host = self.settings["IP"]
        host = "127.0.0.1" if host in ("0.0.0.0", "") else host
        scheme = "https" if self.settings.get("SSL_CERT") else "http"
        self.url = f"{scheme}://{host}:{self.settings['PORT']}"
        self.token = (self.dir / "service-token").read_text().strip()
        self.students = [f"{self.settings['PREFIX']}{i}" for i in range(1, int(self.settings["STUDENTS"]) + 1)]

    def password(self, user):
        for line in (self.dir / "passwords").read_text().splitlines():
            name, _, pw = line.partition(" ")
            if name == user:
                return pw.strip()
        raise LabError(f"no password for {user} in {self.dir / 'passwords'}")

    # ------------------------------------------------------------------------------------------ the hub's REST API
    def request(self, method, path, body=None, timeout=60):
        """(status, parsed JSON or text) of a request to the hub or through it, with the service's token."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                status, text = r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode("utf-8", "replace")
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, text

    def hub_alive(self):
        try:
            return self.request("GET", "/hub/api", timeout=10)[0] == 200
        except OSError:
            return False

    def start_server(self, user, timeout=180):
        """Starts the student's server (if not running) and waits until it answers; returns the seconds it took."""
        t0 = time.monotonic()
        status, reply = self.request("POST", f"/hub/api/users/{user}/server")
        if status not in (201, 202, 400):  # 400: already running
            raise LabError(f"starting {user}'s server: HTTP {status} {str(reply)[:300]}")
        while time.monotonic() - t0 < timeout:
            status, info = self.request("GET", f"/hub/api/users/{user}")
            server = (info or {}).get("servers", {}).get("", {}) if status == 200 else {}
            if server.get("ready"):
                if self.request("GET", f"/user/{user}/api/status")[0] == 200:
                    return time.monotonic() - t0
            time.sleep(1)
        raise LabError(f"{user}'s server did not become ready in {timeout} s")

    def stop_server(self, user, timeout=60):
        self.request("DELETE", f"/hub/api/users/{user}/server")
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            status, info = self.request("GET", f"/hub/api/users/{user}")
            if status == 200 and not info.get("servers"):
                return
            time.sleep(1)

    def notebook(self, user, path):
        """The notebook at path (relative to the student's home) as a dict, through the student's contents API."""
        status, reply = self.request("GET", f"/user/{user}/api/contents/{urllib.parse.quote(path)}")
        if status != 200:
            raise LabError(f"reading {path} of {user}: HTTP {status} {str(reply)[:300]}")
        return reply["content"]

    def kernel(self, user, name="java"):
        return Kernel(self, user, name)

    # ------------------------------------------------------------------------------------------------ the login form
    def login(self, user, password):
        """Logs in through the hub's login form, as a browser does. Returns (logged_in, final_url)."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(self.url + "/hub/login", timeout=30) as r:
            page = r.read().decode("utf-8", "replace")
        form = {"username": user, "password": password}
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
        if xsrf:
            form["_xsrf"] = xsrf.group(1)
        data = urllib.parse.urlencode(form).encode()
        try:
            with opener.open(self.url + "/hub/login?next=%2Fhub%2Fhome", data=data, timeout=60) as r:
                final = r.geturl()
                status = r.status
        except urllib.error.HTTPError as e:
            final, status = e.geturl(), e.code
        logged_in = status == 200 and any(c.name.startswith("jupyterhub-session") or c.name == "jupyterhub-hub-login"
                                          for c in jar) and "/hub/login" not in final
        return logged_in, final


# ------------------------------------------------------------------------------------------------------- kernels
@dataclass
class Reply:
    """What one executed cell gave: its status and its outputs (as in a notebook)."""
    status: str
    outputs: list = field(default_factory=list)
    seconds: float = 0.0

    def text(self):
        parts = []
        for o in self.outputs:
            if o["output_type"] == "stream":
                parts.append(o["text"])
            elif o["output_type"] in ("execute_result", "display_data"):
                parts.append(o["data"].get("text/plain", ""))
            elif o["output_type"] == "error":
                parts.append(f"{o['ename']}: {o['evalue']}")
        return "".join(parts)

    def value(self):
        for o in self.outputs:
            if o["output_type"] == "execute_result":
                return o["data"].get("text/plain", "")
        return None


class Kernel:
    """A kernel in a student's server, started through the hub's proxy and driven over its websocket."""

    def __init__(self, lab, user, name="java"):
        self.lab, self.user = lab, user
        status, reply = lab.request("POST", f"/user/{user}/api/kernels", {"name": name})
        if status not in (200, 201):
            raise LabError(f"starting a {name} kernel for {user}: HTTP {status} {str(reply)[:300]}")
        self.id = reply["id"]
        self.session = uuid.uuid4().hex
        self.loop = asyncio.new_event_loop()
        self.ws = None

    async def _connect(self):
        if self.ws is None:
            ws_url = self.lab.url.replace("http", "ws", 1) + \
                f"/user/{self.user}/api/kernels/{self.id}/channels?session_id={self.session}"
            req = httpclient.HTTPRequest(ws_url, headers={"Authorization": f"token {self.lab.token}"},
                                         validate_cert=False, connect_timeout=60)
            self.ws = await websocket.websocket_connect(req, max_message_size=256 * 1024 * 1024)

    def execute(self, code, timeout=1800):
        """Runs code as one cell; returns its Reply (status "ok", "error", or "timeout")."""
        return self.loop.run_until_complete(self._execute(code, timeout))

    async def _execute(self, code, timeout):
        await self._connect()
        msg_id = uuid.uuid4().hex
        self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": self.user, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        reply, outputs, idle, t0 = None, [], False, time.monotonic()
        displays = {}  # display id -> index in outputs, for update_display_data
        while reply is None or not idle:
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                return Reply("timeout", outputs, time.monotonic() - t0)
            try:
                raw = await asyncio.wait_for(self.ws.read_message(), left)
            except asyncio.TimeoutError:
                return Reply("timeout", outputs, time.monotonic() - t0)
            if raw is None:
                raise LabError(f"{self.user}'s kernel websocket closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "execute_reply":
                reply = content.get("status", "error")
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("execute_result", "display_data"):
                outputs.append({"output_type": kind, "data": content.get("data", {})})
                did = content.get("transient", {}).get("display_id")
                if did:
                    displays[did] = len(outputs) - 1
            elif kind == "update_display_data":
                did = content.get("transient", {}).get("display_id")
                if did in displays:
                    outputs[displays[did]]["data"] = content.get("data", {})
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": content.get("ename", ""),
                                "evalue": content.get("evalue", ""), "traceback": content.get("traceback", [])})
        return Reply(reply, outputs, time.monotonic() - t0)

    def interrupt(self):
        return self.lab.request("POST", f"/user/{self.user}/api/kernels/{self.id}/interrupt")[0]

    def reconnect(self):
        """Drops the websocket; the next execute opens a new one (after the kernel was restarted)."""
        self._close_ws()

    def restart(self):
        self._close_ws()
        return self.lab.request("POST", f"/user/{self.user}/api/kernels/{self.id}/restart", timeout=180)[0]

    def alive(self):
        status, reply = self.lab.request("GET", f"/user/{self.user}/api/kernels/{self.id}")
        return status == 200

    def pid(self):
        """The process id of the kernel's JVM (its command line names the kernel's connection file), or None."""
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if f"kernel-{self.id}.json".encode() in cmd and b"java" in cmd.split(b" ")[0]:
                return int(proc.name)
        return None

    def memory_mib(self):
        """(current, peak) resident memory of the kernel's JVM in MiB (VmRSS, VmHWM), or (None, None)."""
        pid = self.pid()
        if pid is None:
            return None, None
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None, None
        kib = {k: int(v.split()[0]) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
        return kib.get("VmRSS", 0) / 1024, kib.get("VmHWM", 0) / 1024

    def _close_ws(self):
        async def close(ws):
            ws.close()
            await asyncio.sleep(0.2)  # let the connection finish closing
        if self.ws is not None:
            ws, self.ws = self.ws, None
            self.loop.run_until_complete(close(ws))

    def shutdown(self):
        try:
            self._close_ws()
        finally:
            self.lab.request("DELETE", f"/user/{self.user}/api/kernels/{self.id}")
            self.loop.close()


def code_cells(nb):
    """The sources of a notebook's code cells, in order."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = cell["source"]
            cells.append("".join(src) if isinstance(src, list) else src)
    return cells
