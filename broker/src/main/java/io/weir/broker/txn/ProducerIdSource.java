package io.weir.broker.txn;

import java.util.concurrent.CompletableFuture;

/** Hands out unused producer ids (the broker's id blocks); completes on any thread. Thread-safe. */
@FunctionalInterface
public interface ProducerIdSource {
    CompletableFuture<Long> nextProducerId();
}
