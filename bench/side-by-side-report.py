#!/usr/bin/env python3
"""Turns bench/side-by-side's raw figures into one Markdown table of medians.

Input: a TSV file, one figure a line: round, broker (kafka|weir), metric, value.
Output (stdout): the header (date, machine, command) and the table: for each figure the median
over rounds for Kafka and for Weir, the ratio Weir/Kafka, the tool that measured it and every
round's value. A figure a broker did not produce is shown as "n/a" with the reason.
With --nodes 3 (bench/side-by-side --cluster) broker CPU and RSS are sums over the three nodes,
labelled so, and each RSS row is followed by one for the largest node ("<metric>_rss_max_mib").
"""
import argparse
import collections
import statistics

NEEDS_GROUPS = "n/a (needs consumer groups)"

# (label, metric, tool, better): better is "higher" or "lower", shown next to the ratio.
ROWS = [
    ("**start-up**: spawn to first Metadata answer, s", "startup_s", "StartupProbe", "lower"),
    ("start-up: broker CPU, s", "startup_cpu_s", "/proc/PID/stat", "lower"),
    ("start-up: RSS (VmHWM), MiB", "startup_rss_mib", "/proc/PID/status", "lower"),
    ("**produce 1 KiB**, acks=all, unlimited: MiB/s", "produce_1k_mib_per_s", "ProducerPerformance", "higher"),
    ("produce 1 KiB: broker CPU ms per MiB", "produce_1k_cpu_ms_per_mib", "/proc/PID/stat", "lower"),
    ("produce 1 KiB: p99 latency, ms", "produce_1k_p99_ms", "ProducerPerformance", "lower"),
    ("produce 1 KiB: peak RSS, MiB", "produce_1k_rss_mib", "/proc/PID/status", "lower"),
    ("**consume** all of produce 1 KiB: MiB/s", "consume_mib_per_s", "ConsumeDriver (assign)", "higher"),
    ("consume: broker CPU ms per MiB", "consume_cpu_ms_per_mib", "/proc/PID/stat", "lower"),
    ("consume: peak RSS, MiB", "consume_rss_mib", "/proc/PID/status", "lower"),
    ("consume with a group: fetch MiB/s", "cperf_mib_per_s", "ConsumerPerformance", "higher"),
    ("consume with a group: broker CPU ms per MiB", "cperf_cpu_ms_per_mib", "/proc/PID/stat", "lower"),
    ("**produce 100 B**, acks=all, unlimited: records/s", "produce_100_records_per_s", "ProducerPerformance", "higher"),
    ("produce 100 B: MiB/s", "produce_100_mib_per_s", "ProducerPerformance", "higher"),
    ("produce 100 B: broker CPU ms per MiB", "produce_100_cpu_ms_per_mib", "/proc/PID/stat", "lower"),
    ("produce 100 B: peak RSS, MiB", "produce_100_rss_mib", "/proc/PID/status", "lower"),
    ("**produce 1 KiB at a fixed rate**: records/s reached", "produce_fixed_records_per_s", "ProducerPerformance", "higher"),
    ("fixed rate, after the first quarter: p50 latency, ms", "produce_fixed_p50_ms", "ProducerPerformance", "lower"),
    ("fixed rate, after the first quarter: p99 latency, ms", "produce_fixed_p99_ms", "ProducerPerformance", "lower"),
    ("fixed rate, after the first quarter: p99.9 latency, ms", "produce_fixed_p999_ms", "ProducerPerformance", "lower"),
    ("fixed rate: broker CPU ms per MiB", "produce_fixed_cpu_ms_per_mib", "/proc/PID/stat", "lower"),
    ("fixed rate: peak RSS, MiB", "produce_fixed_rss_mib", "/proc/PID/status", "lower"),
    ("**end-to-end** 1 KiB, acks=all: p50, ms", "e2e_p50_ms", "EndToEndDriver (assign)", "lower"),
    ("end-to-end: p99, ms", "e2e_p99_ms", "EndToEndDriver (assign)", "lower"),
    ("end-to-end: peak RSS, MiB", "e2e_rss_mib", "/proc/PID/status", "lower"),
    ("end-to-end with commits: p50, ms", "e2ek_p50_ms", "EndToEndLatency", "lower"),
    ("end-to-end with commits: p99, ms", "e2ek_p99_ms", "EndToEndLatency", "lower"),
    ("whole run: peak RSS (VmHWM), MiB", "run_rss_mib", "/proc/PID/status", "lower"),
    ("whole run: GC pauses, count", "gc_pauses", "-Xlog:gc", "lower"),
    ("whole run: GC pauses, total ms", "gc_pause_total_ms", "-Xlog:gc", "lower"),
    ("whole run: longest GC pause, ms", "gc_pause_max_ms", "-Xlog:gc", "lower"),
    ("machine load average (1 min) as the run began", "load1", "/proc/loadavg", None),
]
GROUP_TOOLS = {"cperf_mib_per_s", "cperf_cpu_ms_per_mib", "e2ek_p50_ms", "e2ek_p99_ms"}


def load(path):
    values = collections.defaultdict(list)
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4 and parts[3] != "":
                values[(parts[1], parts[2])].append(float(parts[3]))
    return values


def fmt(x):
    if x >= 1000 or x.is_integer():
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def cell(values, broker, metric):
    v = values.get((broker, metric))
    if v:
        return statistics.median(v), fmt(statistics.median(v))
    if broker == "weir" and metric in GROUP_TOOLS:
        return None, NEEDS_GROUPS
    return None, "n/a"


def cluster_rows(nodes):
    """ROWS for a cluster of `nodes`: CPU and RSS labelled as sums, a largest-node row per RSS row."""
    rows = []
    for label, metric, tool, better in ROWS:
        if metric.endswith("_rss_mib"):
            rows.append((label.replace("RSS", f"RSS, sum of {nodes} nodes"), metric, tool, better))
            rows.append((label.replace("RSS", "RSS, largest node"), metric[:-len("_mib")] + "_max_mib",
                         tool, better))
        elif metric == "startup_s":
            rows.append((label.replace("first Metadata answer", f"first Metadata listing {nodes} brokers"),
                         metric, tool, better))
        else:
            rows.append((label.replace("broker CPU", f"CPU of the {nodes} brokers"), metric, tool, better))
    return rows


def table(values, nodes):
    lines = ["| figure | Kafka 4.4.0 | Weir | Weir/Kafka | measured by | rounds: Kafka; Weir |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for label, metric, tool, better in (ROWS if nodes == 1 else cluster_rows(nodes)):
        k, ks = cell(values, "kafka", metric)
        w, ws = cell(values, "weir", metric)
        ratio = f"{w / k:.2f} ({better} is better)" if better and k and w is not None else "—"
        rounds = "; ".join(", ".join(fmt(x) for x in values.get((b, metric), [])) or "—"
                           for b in ("kafka", "weir"))
        lines.append(f"| {label} | {ks} | {ws} | {ratio} | {tool} | {rounds} |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("raw")
    for name in ("date", "cores", "memory", "cpu", "command", "rounds", "elapsed", "partitions", "counts", "load"):
        p.add_argument("--" + name, default="?")
    p.add_argument("--nodes", type=int, default=1)
    a = p.parse_args()
    if a.nodes == 1:
        print(f"# Weir beside Apache Kafka 4.4.0, {a.date}\n")
    else:
        print(f"# {a.nodes} Weir nodes beside {a.nodes} Apache Kafka 4.4.0 nodes, {a.date}\n")
    print(f"Machine: {a.cores} cores ({a.cpu}), {a.memory} memory, one disk for both brokers; "
          f"load average (1, 5, 15 min) {a.load}.  ")
    print(f"Command: `{a.command}` ({a.rounds} rounds of Kafka then Weir, {a.elapsed} s in all).  ")
    if a.nodes == 1:
        print(f"Topics: {a.partitions} partition(s), replication factor 1, a fresh broker and topics per run.  ")
    else:
        print(f"Cluster: {a.nodes} nodes of each on this machine, every node broker and controller (static "
              f"quorum), default.replication.factor={a.nodes}, min.insync.replicas=2, internal topics "
              f"replicated {a.nodes} times; Kafka nodes -Xms1g -Xmx1g, Weir nodes bin/weir's defaults.  ")
        print(f"Topics: {a.partitions} partition(s), replication factor {a.nodes}, all replicas in sync "
              "before the first scenario, a fresh cluster and topics per run.  ")
    print(f"Records: {a.counts}.  ")
    if a.nodes == 1:
        print("Figures are medians over rounds; MiB = 2^20 bytes; broker CPU = utime+stime of the broker "
              "process over the scenario; RSS = VmHWM (peak resident) of the broker process.\n")
    else:
        print(f"Figures are medians over rounds; MiB = 2^20 bytes (the bytes the clients sent or read, "
              f"not counting replication); CPU of the brokers = utime+stime of the {a.nodes} broker processes "
              "over the scenario, summed; RSS = VmHWM (peak resident) of each broker process, summed and "
              "the largest.\n")
    print(table(load(a.raw), a.nodes))


if __name__ == "__main__":
    main()
