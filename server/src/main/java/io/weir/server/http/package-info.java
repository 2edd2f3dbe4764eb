/**
 * The node's HTTP side: {@link io.weir.server.http.HttpEndpoint} serves {@code GET /health} (a
 * small JSON document) and {@code GET /metrics} (Prometheus text format from Micrometer). It owns
 * the node's meter registry and the gauges over the partition logs, the cleaner and the
 * listeners; every gauge reads its value when scraped, so nothing is counted on the produce or
 * fetch paths.
 */
package io.weir.server.http;
