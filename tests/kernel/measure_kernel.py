"""Kernel figures (not a test): start to first result, empty-cell round trip (median of 50), resident memory (after
start, with ND4J loaded, after training a LeNet as a lesson does)."""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the harness sits beside this file
from kernel_harness import Kernel


def main():
    t0 = time.monotonic()
    k = Kernel()
    try:
        k.execute("1 + 1")
        first = time.monotonic() - t0
        trips = []
        for _ in range(50):
            t = time.monotonic()
            k.execute("")
            trips.append((time.monotonic() - t) * 1000)
        idle_rss = k.rss_mib()
        k.execute("org.transferkit.Kit.init(); org.nd4j.linalg.factory.Nd4j.rand(256, 784).mmul(org.nd4j.linalg.factory.Nd4j.rand(784, 256)).sumNumber()", timeout=300)
        nd4j_rss = k.rss_mib()
        # what a lesson does: train the lesson-size LeNet (conv 20/50, dense 500) for 300 steps of batch 64
        r = k.execute("""
            import org.nd4j.linalg.factory.Nd4j;
            var lenet = org.transferkit.models.Models.lenet(10, new org.nd4j.linalg.learning.config.Adam(1e-3), 42);
            var x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2048, 784);
            var y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2048, 10);
            for (int i = 0; i < 2048; i++) y.putScalar(i, i % 10, 1f);
            org.transferkit.training.Trainer.fitSteps(lenet, new org.nd4j.linalg.dataset.DataSet(x, y), 300, 64, 42);
            """, timeout=900)
        if r.status != "ok":
            raise SystemExit(f"the LeNet cell failed: {r.error() or r.stream()}")
        lenet_rss, lenet_peak = k.rss_mib(), k.rss_mib("VmHWM")
        rows = [("kernel start to first result", f"{first:.2f} s"),
                ("empty-cell round trip, median of 50", f"{statistics.median(trips):.1f} ms"),
                ("empty-cell round trip, 90th percentile", f"{sorted(trips)[44]:.1f} ms"),
                ("kernel RSS after start", f"{idle_rss:.0f} MiB"),
                ("kernel RSS with ND4J loaded", f"{nd4j_rss:.0f} MiB"),
                ("kernel RSS after training a LeNet (300 steps, batch 64)", f"{lenet_rss:.0f} MiB"),
                ("kernel RSS high-water mark after that", f"{lenet_peak:.0f} MiB")]
        for name, value in rows:
            print(f"| {name} | {value} |")
        return rows
    finally:
        k.close()


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
