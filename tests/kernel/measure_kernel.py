"""Kernel figures (not a test): start to first result, empty-cell round trip (median of 50), resident memory."""
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
        rows = [("kernel start to first result", f"{first:.2f} s"),
                ("empty-cell round trip, median of 50", f"{statistics.median(trips):.1f} ms"),
                ("empty-cell round trip, 90th percentile", f"{sorted(trips)[44]:.1f} ms"),
                ("kernel RSS after start", f"{idle_rss:.0f} MiB"),
                ("kernel RSS with ND4J loaded", f"{nd4j_rss:.0f} MiB")]
        for name, value in rows:
            print(f"| {name} | {value} |")
        return rows
    finally:
        k.close()


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
