#!/usr/bin/python3
"""PyTorch reference for the benchmark's workloads W1, W2, W3 and W5 (CPU), to put DL4J's throughput next to a common
baseline.

Same shapes, batch sizes and optimiser as the Java workloads (org.transferkit.bench.Workloads), seeded synthetic data,
and the same kind of training loop as the kit's: every step gathers a minibatch from a seeded shuffle of the data,
runs forward, backward and an Adam step, and reads the loss back as a number.

  W1  MLP 784-256-256-10, batch 256
  W2  LeNet on 1x28x28: conv5x5x20, maxpool 2, conv5x5x50, maxpool 2, dense 500, out 10 (ReLU), batch 64
  W3  hard sharing: shared 784-256-128, heads of 10 and 4 classes (sum of the two cross-entropies), batch 256
  W5  DANN on W2's extractor (conv5x5x20, pool, conv5x5x50, pool, dense 500): label head 500-10 on the 64 source
      rows, domain head 500-100-1 behind a gradient reversal on all 64 + 64 rows, SGD with Nesterov momentum 0.9

Modes:
  torch_reference.py [--threads N] [--blas-threads N] [--rounds R] [--steps S]
        standalone: warm-up, then R timed rounds per workload; prints a markdown table (samples/s, median)
  torch_reference.py --serve ...
        line protocol used by tests/benchmarks/bench.py, which alternates these runs with DL4J's:
        `info`, `setup ID W1|W2|W3 [n=ROWS]`, `run ID torch STEPS`, `quit`; replies are lines starting with "BENCH "
  torch_reference.py --memory W1 --steps S --warmup K
        one workload in this fresh process; prints its resident-set high-water mark (VmHWM)

Run it with Debian's /usr/bin/python3 and `python3-torch` (apt-get install -y python3-torch). The benchmark starts it
on Debian's OpenMP OpenBLAS (`libopenblas0-openmp`, through LD_LIBRARY_PATH) where that is installed, the fastest
BLAS for PyTorch here; `info` names the BLAS library really loaded. Where PyTorch is not
installed the script prints why and exits 0 (the benchmark then reports the PyTorch column as skipped).
The thread counts must be set before PyTorch loads, hence --threads/--blas-threads rather than run-time calls.
"""

import argparse
import os
import statistics
import sys
import time

SEED = 42
WORKLOADS = {"W1": 256, "W2": 64, "W3": 256, "W5": 128}  # samples per step (W5: 64 source + 64 target)


def parse_args(argv):
    p = argparse.ArgumentParser(description="PyTorch CPU reference for the benchmark workloads W1, W2, W3, W5.")
    p.add_argument("--serve", action="store_true", help="answer the line protocol on stdin (for bench.py)")
    p.add_argument("--memory", metavar="W", help="measure one workload's peak memory in this process")
    p.add_argument("--threads", type=int, default=None, help="intra-op (OpenMP) threads (default: cores)")
    p.add_argument("--blas-threads", type=int, default=None, help="BLAS threads (default: same as --threads)")
    p.add_argument("--rounds", type=int, default=5, help="timed rounds per workload (standalone; default 5)")
    p.add_argument("--steps", type=int, default=20, help="steps per round (standalone, memory; default 20)")
    p.add_argument("--warmup", type=int, default=3, help="warm-up steps (standalone, memory; default 3)")
    p.add_argument("--rows", type=int, default=2048, help="synthetic examples per workload (default 2048)")
    return p.parse_args(argv)


def set_thread_env(threads, blas):
    """Thread counts for the native libraries; they read these when PyTorch loads."""
    n = threads or os.cpu_count() or 1
    b = blas or n
    os.environ["OMP_NUM_THREADS"] = str(n)
    for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[var] = str(b)
    return n, b


def load_torch():
    """The torch module, or None with the reason when it cannot be imported."""
    try:
        import torch  # noqa: F401  (imported for its side effect of loading the native libraries)
        return torch, None
    except Exception as e:  # ImportError, or a broken native library
        return None, f"PyTorch is not available to {sys.executable} ({type(e).__name__}: {e}); " \
                     "install it with: apt-get install -y python3-torch"


class Workload:
    """Network, optimiser and seeded data of one workload, with a kit-style training loop."""

    def __init__(self, torch, name, rows):
        if name not in WORKLOADS:
            raise ValueError(f"unknown workload {name!r}; expected one of {sorted(WORKLOADS)}")
        nn = torch.nn
        self.torch = torch
        self.name = name
        self.batch = WORKLOADS[name]
        g = torch.Generator().manual_seed(SEED)
        torch.manual_seed(SEED)
        self.x = torch.rand(rows, 784, generator=g)
        self.y = torch.randint(0, 10, (rows,), generator=g)
        self.y2 = torch.randint(0, 4, (rows,), generator=g)
        if name == "W1":
            self.model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                                       nn.Linear(256, 10))
        elif name == "W2":
            self.x = self.x.view(rows, 1, 28, 28)
            self.model = nn.Sequential(lenet_extractor(nn), nn.Linear(500, 10))
        elif name == "W5":
            self.x = self.x.view(rows, 1, 28, 28)
            self.x_target = torch.rand(rows, 1, 28, 28, generator=g)
            self.trunk = lenet_extractor(nn)
            self.heads = nn.ModuleList([nn.Linear(500, 10),
                                        nn.Sequential(nn.Linear(500, 100), nn.ReLU(), nn.Linear(100, 1))])
            self.model = nn.ModuleList([self.trunk, self.heads])
            self.domain = torch.cat([torch.zeros(64, 1), torch.ones(64, 1)])
            self.domain_loss = nn.BCEWithLogitsLoss()
            self.reverse = gradient_reversal(torch)
        else:
            self.trunk = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU())
            self.heads = nn.ModuleList([nn.Linear(128, 10), nn.Linear(128, 4)])
            self.model = nn.ModuleList([self.trunk, self.heads])
        if name == "W5":
            self.opt = torch.optim.SGD(self.model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
        else:
            self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.loss = nn.CrossEntropyLoss()
        self.order_gen = torch.Generator().manual_seed(SEED)
        self.order = torch.randperm(rows, generator=self.order_gen)
        self.pos = 0
        self.rows = rows

    def next_batch(self, size=None):
        size = size or self.batch
        if self.pos + size > self.rows:
            self.order = torch_randperm(self.torch, self.rows, self.order_gen)
            self.pos = 0
        idx = self.order[self.pos:self.pos + size]
        self.pos += size
        return idx

    def steps(self, n):
        """Runs n training steps; returns the wall-clock seconds."""
        t0 = time.perf_counter()
        for _ in range(n):
            if self.name == "W5":
                idx = self.next_batch(64)
                x = self.torch.cat([self.x[idx], self.x_target[self.next_batch(64)]])
            else:
                idx = self.next_batch()
                x = self.x[idx]
            self.opt.zero_grad(set_to_none=True)
            if self.name == "W5":
                h = self.trunk(x)
                loss = (self.loss(self.heads[0](h[:64]), self.y[idx])
                        + self.domain_loss(self.heads[1](self.reverse(h, 1.0)), self.domain))
            elif self.name == "W3":
                h = self.trunk(x)
                loss = self.loss(self.heads[0](h), self.y[idx]) + self.loss(self.heads[1](h), self.y2[idx])
            else:
                loss = self.loss(self.model(x), self.y[idx])
            loss.backward()
            self.opt.step()
            loss.item()
        return time.perf_counter() - t0


def lenet_extractor(nn):
    """W2's feature extractor: conv5x5x20, ReLU, maxpool 2, conv5x5x50, ReLU, maxpool 2, dense 500, ReLU."""
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
                         nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
                         nn.Linear(800, 500), nn.ReLU())


def gradient_reversal(torch):
    """f(h, lambda): identity forward; the backward step multiplies the incoming gradient by -lambda."""

    class Reverse(torch.autograd.Function):
        @staticmethod
        def forward(ctx, h, lam):
            ctx.lam = lam
            return h.view_as(h)

        @staticmethod
        def backward(ctx, grad):
            return -ctx.lam * grad, None

    return Reverse.apply


def torch_randperm(torch, n, gen):
    return torch.randperm(n, generator=gen)


def mapped_libraries(words=("blas", "mkl", "dnnl", "gomp", "omp")):
    """Native libraries of interest mapped into this process (which BLAS really runs)."""
    libs = set()
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and any(w in os.path.basename(parts[5]).lower() for w in words):
                    libs.add(os.path.realpath(parts[5]))
    except OSError:
        pass
    return sorted(libs)


def info(torch, threads, blas):
    """Settings as (key, value) pairs: version, threads, BLAS as built and as loaded, oneDNN."""
    a = torch.rand(64, 64)
    (a @ a).sum().item()  # loads the BLAS
    cfg = torch.__config__.show()
    build = ""
    for line in cfg.splitlines():
        if "Build settings" in line:
            keep = [kv.strip() for kv in line.split(":", 1)[1].split(",")
                    if kv.strip().split("=")[0] in ("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN", "USE_OPENMP",
                                                     "USE_NNPACK")]
            build = ", ".join(keep)
    mkldnn = torch.backends.mkldnn.is_available()
    dnnl = next((ln.strip(" -") for ln in cfg.splitlines() if "MKL-DNN" in ln or "oneDNN" in ln), "none")
    blas_libs = [p for p in mapped_libraries(("blas", "mkl")) if "mkldnn" not in p]
    return [("torch", torch.__version__),
            ("intra_op_threads", str(torch.get_num_threads())),
            ("interop_threads", str(torch.get_num_interop_threads())),
            ("blas_threads_env", f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}"),
            ("build", build),
            ("blas_loaded", " ".join(blas_libs) or "none found in /proc/self/maps"),
            ("onednn", f"{dnnl} (used for convolutions: {mkldnn})"),
            ("python", sys.executable + " " + sys.version.split()[0])]


def vm_hwm_mib():
    try:
        with open("/proc/self/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def setup_torch_threads(torch, threads):
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already set


def serve(torch, threads, blas):
    work = {}
    out = sys.stdout
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd, rest = words[0], words[1:]
        try:
            if cmd == "quit":
                print("BENCH ok quit", file=out, flush=True)
                return
            if cmd == "info":
                for k, v in info(torch, threads, blas):
                    print(f"BENCH info {k}={v}", file=out)
                print("BENCH ok info", file=out, flush=True)
            elif cmd == "setup":
                rows = 2048
                for opt in rest[2:]:
                    if opt.startswith("n="):
                        rows = int(opt[2:])
                work[rest[0]] = Workload(torch, rest[1].upper(), rows)
                print(f"BENCH ok setup {rest[0]} {work[rest[0]].batch}", file=out, flush=True)
            elif cmd == "run":
                w = work[rest[0]]
                steps = int(rest[2])
                s = w.steps(steps)
                print(f"BENCH time {rest[0]} torch {steps} {s:.6f} {w.batch}", file=out, flush=True)
            elif cmd == "drop":
                work.pop(rest[0], None)
                print(f"BENCH ok drop {rest[0]}", file=out, flush=True)
            else:
                raise ValueError(f"unknown command {cmd!r}")
        except Exception as e:  # report and keep serving
            print(f"BENCH error {type(e).__name__}: {e}".replace("\n", " "), file=out, flush=True)


def standalone(torch, args, threads, blas):
    for k, v in info(torch, threads, blas):
        print(f"{k}: {v}")
    print("\n| workload | samples/s (median of %d) | rounds |" % args.rounds)
    print("|---|---:|---|")
    for name in WORKLOADS:
        w = Workload(torch, name, args.rows)
        w.steps(args.warmup)
        rates = [args.steps * w.batch / w.steps(args.steps) for _ in range(args.rounds)]
        print(f"| {name} | {statistics.median(rates):.0f} | {' '.join(f'{r:.0f}' for r in rates)} |", flush=True)


def memory(torch, args):
    base = vm_hwm_mib()
    w = Workload(torch, args.memory.upper(), args.rows)
    if args.warmup:
        w.steps(args.warmup)
    s = w.steps(args.steps)
    print(f"BENCH memory workload={w.name} arm=torch steps={args.steps} seconds={s:.4f} "
          f"samples_per_s={args.steps * w.batch / s:.1f} rss_base_mib={base:.1f} rss_peak_mib={vm_hwm_mib():.1f}",
          flush=True)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    threads, blas = set_thread_env(args.threads, args.blas_threads)
    torch, why = load_torch()
    if torch is None:
        if args.serve:
            # answer every request with the reason, so the driver can report the column as skipped
            for line in sys.stdin:
                if line.strip() == "quit":
                    break
                print(f"BENCH skip {why}", flush=True)
        else:
            print(f"BENCH skip {why}" if args.memory else f"skipped: {why}", flush=True)
        return 0
    setup_torch_threads(torch, threads)
    if args.serve:
        serve(torch, threads, blas)
    elif args.memory:
        memory(torch, args)
    else:
        standalone(torch, args, threads, blas)
    return 0


if __name__ == "__main__":
    sys.exit(main())
