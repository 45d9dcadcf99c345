# JupyterHub configuration of the kit's course lab (JupyterHub 3.0, Debian's package). Started by
# environment/lab/lab.sh, which passes the lab's folder in KIT_LAB_DIR; the settings come from settings.env there
# (written by lab.sh from its options). docs/lab.md explains each choice.
#
# - local accounts (PAM) made by lab.sh, only those may log in; each student's server runs as that student
#   (LocalProcessSpawner), in the student's home, which only the student can read
# - the kit's kernel `java` from the system-wide kernel spec: one OpenMP thread, heap and native memory capped
# - kernels idle for CULL minutes are shut down, and so are servers with nothing running for as long
# - bound to 127.0.0.1 unless lab.sh was given --ip; hub API and proxy API always on 127.0.0.1

import os
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

LAB = Path(os.environ.get("KIT_LAB_DIR", "/var/lib/transfer-kit-lab"))
SHARE = os.environ.get("KIT_LAB_SHARE", "/usr/local/share/transfer-kit")


def settings():
    values = {}
    for line in (LAB / "settings.env").read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip():
            values[key.strip()] = value.strip()
    return values


S = settings()
PORT = int(S["PORT"])
STUDENTS = [f"{S['PREFIX']}{i}" for i in range(1, int(S["STUDENTS"]) + 1)]
CULL_SECONDS = int(S["CULL"]) * 60
HEAP = S["HEAP"]
BYTES = int(HEAP[:-1]) * (1 << 30 if HEAP.endswith("g") else 1 << 20)

# ---------------------------------------------------------------------------------------------- network and state
c.JupyterHub.ip = S["IP"]
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
c.ConfigurableHTTPProxy.pid_file = str(LAB / "proxy.pid")
# Debian's configurable-http-proxy finds its modules in /usr/share/nodejs; a node from elsewhere (NodeSource) needs
# to be told. The proxy inherits the hub's environment.
os.environ.setdefault("NODE_PATH", "/usr/share/nodejs")
if S.get("SSL_CERT"):
    c.JupyterHub.ssl_cert = S["SSL_CERT"]
    c.JupyterHub.ssl_key = S["SSL_KEY"]
c.JupyterHub.db_url = f"sqlite:///{LAB / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(LAB / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(LAB / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
c.JupyterHub.cleanup_proxy = True

# ---------------------------------------------------------------------------------------------------- who logs in
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
c.Authenticator.allowed_users = set(STUDENTS)
c.Authenticator.admin_users = set()          # the instructor is root on the machine, not a hub admin
c.PAMAuthenticator.open_sessions = False     # no login sessions to open (no systemd-logind needed)
c.LocalAuthenticator.create_system_users = False

# The lab's own service (root-only token in the lab folder): `lab.sh --status` and the load script
# (environment/lab/load.py) start servers and reach the students' kernels through the hub's REST API with it.
token_file = LAB / "service-token"
if token_file.is_file():
    c.JupyterHub.services = [{"name": "kit-lab", "api_token": token_file.read_text().strip()}]
    c.JupyterHub.load_roles = [{
        "name": "kit-lab",
        "scopes": ["list:users", "read:users", "admin:servers", "access:servers"],
        "services": ["kit-lab"],
    }]

# ---------------------------------------------------------------------------------------------- students' servers
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/tree/transfer-kit"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {
    # the classic Notebook UI (Debian's jupyter-notebook 6), even where jupyter_server is installed too
    "JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp",
    "KIT_PROFILE": S["PROFILE"],
    "KIT_OMP_THREADS": "1",                     # one OpenMP thread per kernel: N kernels share the cores fairly
    "OMP_WAIT_POLICY": "passive",               # idle OpenMP threads sleep (the kernel's default, said again)
    # heap cap (hard), and caps on native memory: javacpp's maxbytes (what it allocates itself) and maxphysicalbytes
    # (the whole process's resident memory, checked when javacpp allocates, so a loop of ND4J arrays can overshoot
    # it before the check fails; docs/lab.md). A runaway cell then fails with an OutOfMemoryError in its own kernel
    "KIT_KERNEL_JAVA_OPTS": f"-Xmx{HEAP} -XX:+UseG1GC -Dorg.bytedeco.javacpp.maxbytes={HEAP} "
                            f"-Dorg.bytedeco.javacpp.maxphysicalbytes={2 * BYTES}",
    "KIT_DATASETS": f"{SHARE}/datasets",
    "KIT_SHARED_CACHE": f"{SHARE}/models",      # the source networks the set-up pretrained, read-only
}
args = []
if CULL_SECONDS > 0:
    args += [
        # the notebook server's own culler (no idle-culler service is packaged in Debian): a kernel that ran nothing
        # for CULL minutes is shut down, even with its notebook still open in a browser tab
        f"--MappingKernelManager.cull_idle_timeout={CULL_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=True",
        "--MappingKernelManager.cull_busy=False",  # a long training run is not idle
        # and a server with no kernel, no terminal and no request for as long stops itself
        f"--NotebookApp.shutdown_no_activity_timeout={CULL_SECONDS}",
    ]
c.Spawner.args = args
