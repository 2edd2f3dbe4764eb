package io.weir.broker.producer;

import io.weir.metadata.record.ProducerIdsRecord;
import io.weir.metadata.store.MetadataStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out producer ids. Ids come from blocks of {@code blockSize}: a block {@code [start,
 * start + blockSize)} is reserved by committing a {@link ProducerIdsRecord} with
 * {@code nextProducerId = start + blockSize} to the metadata store (which makes it durable) before
 * any id of it is returned; {@code start} is the store's {@code nextProducerId}. Ids of a block
 * not used before a restart are skipped, never reused.
 *
 * <p>Thread-safety: thread-safe. Taking an id from the current block is immediate; reserving a
 * new block writes the metadata log and runs on the executor given at construction, so callers
 * on an event loop never block.
 */
public final class ProducerIdManager {
    /** Ids reserved per metadata record. */
    public static final int DEFAULT_BLOCK_SIZE = 1000;

    private static final Logger log = LoggerFactory.getLogger(ProducerIdManager.class);

    private final int nodeId;
    private final MetadataStore store;
    private final Executor executor;
    private final int blockSize;
    private long nextId;
    private long blockEnd;

    public ProducerIdManager(int nodeId, MetadataStore store, Executor executor) {
        this(nodeId, store, executor, DEFAULT_BLOCK_SIZE);
    }

    public ProducerIdManager(int nodeId, MetadataStore store, Executor executor, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive: " + blockSize);
        }
        this.nodeId = nodeId;
        this.store = store;
        this.executor = executor;
        this.blockSize = blockSize;
    }

    /** The next unused producer id; completes on the executor when a new block must be reserved. */
    public CompletableFuture<Long> nextProducerId() {
        synchronized (this) {
            if (nextId < blockEnd) {
                return CompletableFuture.completedFuture(nextId++);
            }
        }
        return CompletableFuture.supplyAsync(this::nextIdReservingBlock, executor);
    }

    private synchronized long nextIdReservingBlock() {
        if (nextId >= blockEnd) {
            long start = store.image().producerIds().nextProducerId();
            long end = start + blockSize;
            store.commit(List.of(new ProducerIdsRecord(nodeId, end)));
            nextId = start;
            blockEnd = end;
            log.info("[node {}] reserved producer ids {}..{}", nodeId, start, end - 1);
        }
        return nextId++;
    }
}
