/**
 * Drivers for {@code bench/side-by-side}, the harness that runs Weir and Apache Kafka on the same
 * machine and drives both with the same clients: a start-up probe (first answered Metadata), a
 * topic creator, a consumer-throughput driver and an end-to-end latency driver. The consumer and
 * latency drivers exist because Kafka's own {@code ConsumerPerformance} subscribes to a group and
 * {@code EndToEndLatency} commits offsets after every record; these drivers use
 * {@code assign()} and never commit, so they measure the same thing on a broker without consumer
 * groups. Each driver is a {@code main} that prints one {@code key=value} line for the script.
 */
package io.weir.bench.harness;
