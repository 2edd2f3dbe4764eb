package io.weir.server.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The node's meter registry: JVM memory, GC, threads, processor and uptime from Micrometer's
 * binders, the node gauges {@code weir_partitions} and {@code weir_network_connections}, the
 * counter {@code weir_requests_total{api="Produce"}} per API served, and the per-partition gauges of {@link PartitionMeters}. {@link #scrape()} renders the Prometheus
 * text format (version 0.0.4).
 *
 * <p>Thread-safety: thread-safe; {@link #close()} once, after the last scrape.
 */
final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PartitionMeters partitions;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /** Held here because Micrometer keeps only a weak reference to a function counter's source. */
    private final Map<String, LongSupplier> requestCounters;

    NodeMetrics(NodeView node) {
        registry.config().commonTags("node", Integer.toString(node.nodeId()));
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("weir.partitions", node.logManager(), logs -> logs.logsByPartition().size())
                .description("Partition logs open on this node")
                .strongReference(true)
                .register(registry);
        Gauge.builder("weir.network.connections", node.connectionCount(), count -> count.getAsInt())
                .description("Open Kafka-protocol client connections over all listeners")
                .strongReference(true)
                .register(registry);
        requestCounters = node.dispatcher().requestCounters();
        registerRequestCounters();
        partitions = new PartitionMeters(registry, node.logManager());
    }

    private void registerRequestCounters() {
        requestCounters.forEach((api, count) -> FunctionCounter.builder("weir.requests", count, c -> c.getAsLong())
                .description("Requests handled, per API")
                .tag("api", api)
                .register(registry));
    }

    /** The current values in Prometheus text format; first aligns the partition gauges with the open logs. */
    String scrape() {
        partitions.refresh();
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
