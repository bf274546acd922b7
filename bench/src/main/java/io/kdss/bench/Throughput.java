package io.kdss.bench;

/** What one timed run of a storage workload measured: MiB/s, operations/s and CPU seconds per GiB moved. */
record Throughput(double mbps, double iops, double cpuSecPerGib) {
}
