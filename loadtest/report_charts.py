"""PNG charts of a benchmark run: `python loadtest/report_charts.py <results.json> <output dir>`.

Reads the results.json written by `npm run bench` and writes, for the parts
that ran:
  sync-vs-async-throughput.png  accepted requests/s, whole run and over time
  sync-vs-async-latency.png     latency percentiles (log scale)
  processor-throughput.png      orders/s against concurrency / processing time and the emulator's ceiling
  soak-memory.png               the processor's RSS and heap over the soak
Prints the names of the files it wrote, one per line.
"""

import json
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

SYNC, ASYNC, BOUND, CEILING = "#d62728", "#1f77b4", "#7f7f7f", "#ff7f0e"


def throughput_chart(compare, out):
    sync, asyn = compare["sync"]["locust"], compare["async"]["locust"]
    fig, (bars, timeline) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [1, 2]})
    values = [sync["requestsPerSecond"], asyn["requestsPerSecond"]]
    drawn = bars.bar(["POST /orders/sync", "POST /orders/async"], values, color=[SYNC, ASYNC])
    bars.bar_label(drawn, labels=[f"{v:.1f}/s" for v in values])
    bars.set_ylabel("requests/s (whole run)")
    bars.set_title(f"{compare['users']} users, {compare['durationSeconds']} s each")
    for name, stats, color in (("sync", sync, SYNC), ("async", asyn, ASYNC)):
        history = stats.get("history") or []
        timeline.plot([h["seconds"] for h in history], [h["rps"] for h in history], label=name, color=color)
    timeline.set_xlabel("seconds into the run")
    timeline.set_ylabel("requests/s")
    timeline.set_title("throughput over time")
    timeline.legend()
    timeline.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def latency_chart(compare, out):
    labels = ["p50", "p90", "p95", "p99", "max"]
    keys = ["p50Ms", "p90Ms", "p95Ms", "p99Ms", "maxMs"]
    sync, asyn = compare["sync"]["locust"], compare["async"]["locust"]
    fig, ax = plt.subplots(figsize=(8, 4))
    x = range(len(labels))
    width = 0.38
    s = ax.bar([i - width / 2 for i in x], [max(sync[k], 0.1) for k in keys], width, label="sync", color=SYNC)
    a = ax.bar([i + width / 2 for i in x], [max(asyn[k], 0.1) for k in keys], width, label="async", color=ASYNC)
    ax.bar_label(s, labels=[f"{sync[k]:.0f}" for k in keys], fontsize=8)
    ax.bar_label(a, labels=[f"{asyn[k]:.0f}" for k in keys], fontsize=8)
    ax.set_xticks(list(x), labels)
    ax.set_yscale("log")
    ax.set_ylabel("latency, ms (log scale)")
    ax.set_title(f"latency percentiles, PROCESSING_TIME_MS={compare['processingMs']}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def processor_chart(sweep, ceiling, out):
    levels = sweep["levels"]
    c = [lvl["concurrency"] for lvl in levels]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(c, [lvl["boundPerSecond"] for lvl in levels], "--", color=BOUND, label="bound: concurrency / processing time")
    best = [min(lvl["boundPerSecond"], ceiling["processOrdersPerSecond"]) if ceiling else lvl["boundPerSecond"] for lvl in levels]
    ax.plot(c, [b * 0.9 for b in best], ":", color=BOUND, label="target: 90 % of min(C/T, emulator ceiling)")
    ax.plot(c, [lvl["throughputPerSecond"] for lvl in levels], "o-", color=ASYNC, label="measured")
    if ceiling:
        ax.axhline(ceiling["processOrdersPerSecond"], color=CEILING, label="emulator ceiling (no app)")
    for lvl, b in zip(levels, best):
        ax.annotate(f"{lvl['throughputPerSecond'] / b * 100:.0f} %", (lvl["concurrency"], max(lvl["throughputPerSecond"], 0.01)),
                    textcoords="offset points", xytext=(4, -12), fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("PROCESSOR_CONCURRENCY")
    ax.set_ylabel("orders completed / s")
    jitter = f" ± {sweep['jitterMs']}" if sweep["jitterMs"] else ""
    ax.set_title(f"processor throughput, PROCESSING_TIME_MS={sweep['processingMs']}{jitter}")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def soak_chart(soak, out):
    samples = soak["samples"]
    fig, ax = plt.subplots(figsize=(8, 4))
    orders = [s["orders"] for s in samples]
    ax.plot(orders, [s.get("rssMiB") for s in samples], color=ASYNC, label="RSS")
    ax.plot(orders, [s.get("heapUsedMiB") for s in samples], color=CEILING, label="V8 heap used")
    ax.set_xlabel("orders completed")
    ax.set_ylabel("MiB")
    ax.set_ylim(bottom=0)
    ax.set_title(f"processor memory over {soak['orders']} orders, PROCESSOR_CONCURRENCY={soak['concurrency']}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main(results_path, out_dir):
    with open(results_path) as f:
        results = json.load(f)
    written = []
    compare = results.get("compare")
    if compare and compare.get("sync") and compare.get("async"):
        for name, draw in (("sync-vs-async-throughput.png", throughput_chart), ("sync-vs-async-latency.png", latency_chart)):
            draw(compare, os.path.join(out_dir, name))
            written.append(name)
    if results.get("sweep"):
        processor_chart(results["sweep"], results.get("ceiling"), os.path.join(out_dir, "processor-throughput.png"))
        written.append("processor-throughput.png")
    if results.get("soak") and results["soak"]["samples"]:
        soak_chart(results["soak"], os.path.join(out_dir, "soak-memory.png"))
        written.append("soak-memory.png")
    print("\n".join(written))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
