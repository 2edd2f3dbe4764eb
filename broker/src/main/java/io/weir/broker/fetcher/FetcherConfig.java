package io.weir.broker.fetcher;

import io.weir.metadata.config.BrokerConfig;

/**
 * The replica fetchers' settings. Immutable.
 *
 * @param nodeId this broker (the fetches' replica id)
 * @param numFetchers {@code num.replica.fetchers}: threads per leader broker
 * @param maxWaitMs {@code replica.fetch.wait.max.ms}
 * @param minBytes {@code replica.fetch.min.bytes}
 * @param responseMaxBytes {@code replica.fetch.response.max.bytes}
 * @param partitionMaxBytes {@code replica.fetch.max.bytes}
 * @param backoffMs {@code replica.fetch.backoff.ms}: pause after a failed fetch
 * @param requestTimeoutMs the longest wait for a connect or an answer
 */
public record FetcherConfig(int nodeId, int numFetchers, int maxWaitMs, int minBytes, int responseMaxBytes, int partitionMaxBytes,
        int backoffMs, int requestTimeoutMs) {
    /** Kafka's replica.socket.timeout.ms default, added to the fetch's own wait. */
    private static final int SOCKET_TIMEOUT_MS = 30_000;

    public static FetcherConfig from(BrokerConfig config) {
        return new FetcherConfig(config.nodeId(), config.numReplicaFetchers(), config.replicaFetchWaitMaxMs(),
                config.replicaFetchMinBytes(), config.replicaFetchResponseMaxBytes(), config.replicaFetchMaxBytes(),
                config.replicaFetchBackoffMs(), config.replicaFetchWaitMaxMs() + SOCKET_TIMEOUT_MS);
    }
}
