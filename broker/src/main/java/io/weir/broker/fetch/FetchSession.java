package io.weir.broker.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One incremental fetch session (KIP-227): its id, the epoch the next request must carry, and the
 * partitions in it, each with the fetch parameters last sent and the offsets last answered, so
 * that an incremental response carries only partitions that changed.
 *
 * <p>Thread-safety: every method is synchronized; a client sends the next request of a session
 * only after the previous answer, so contention is rare.
 */
final class FetchSession {

    /** A session partition: what to fetch, and what the client was last told. */
    private static final class Entry {
        PartitionFetch fetch;
        long highWatermark = -1;
        long lastStableOffset = -1;
        long logStartOffset = -1;

        Entry(PartitionFetch fetch) {
            this.fetch = fetch;
        }
    }

    private final int id;
    private final boolean usesTopicIds;
    private final Map<PartitionId, Entry> partitions = new LinkedHashMap<>();
    private int nextEpoch = 1;

    FetchSession(int id, boolean usesTopicIds, List<PartitionFetch> fetches) {
        this.id = id;
        this.usesTopicIds = usesTopicIds;
        fetches.forEach(f -> partitions.put(f.id(), new Entry(f)));
    }

    int id() {
        return id;
    }

    boolean usesTopicIds() {
        return usesTopicIds;
    }

    synchronized int nextEpoch() {
        return nextEpoch;
    }

    synchronized int size() {
        return partitions.size();
    }

    /** Applies an incremental request (adds, updates, forgets), bumps the epoch, returns what to fetch. */
    synchronized List<PartitionFetch> applyIncremental(List<PartitionFetch> updates, List<PartitionId> forgotten) {
        forgotten.forEach(partitions::remove);
        for (PartitionFetch update : updates) {
            Entry entry = partitions.get(update.id());
            if (entry == null) {
                partitions.put(update.id(), new Entry(update));
            } else {
                entry.fetch = update;
            }
        }
        nextEpoch = nextEpoch == Integer.MAX_VALUE ? 1 : nextEpoch + 1;
        List<PartitionFetch> fetches = new ArrayList<>(partitions.size());
        partitions.values().forEach(e -> fetches.add(e.fetch));
        return fetches;
    }

    /**
     * Keeps the results an incremental response must carry (records, an error, a preferred read
     * replica, or a changed high
     * watermark, last stable offset or log start offset) and remembers what was answered; for a
     * full response ({@code incremental} false) keeps everything. Dropped results hold no bytes.
     */
    synchronized List<PartitionResult> filterAndRemember(List<PartitionResult> results, boolean incremental) {
        List<PartitionResult> kept = new ArrayList<>(results.size());
        for (PartitionResult result : results) {
            Entry entry = partitions.get(result.id());
            boolean changed = entry == null || result.recordBytes() > 0 || result.errorCode() != FetchErrors.NONE
                    || result.divergingEpoch().isPresent() || result.preferredReadReplica().isPresent()
                    || entry.highWatermark != result.highWatermark()
                    || entry.lastStableOffset != result.lastStableOffset() || entry.logStartOffset != result.logStartOffset();
            if (entry != null) {
                entry.highWatermark = result.highWatermark();
                entry.lastStableOffset = result.lastStableOffset();
                entry.logStartOffset = result.logStartOffset();
            }
            if (changed || !incremental) {
                kept.add(result);
            } else {
                result.records().release();
            }
        }
        // Partitions that got data move to the back, so that under max_bytes the others get
        // their turn in the next fetch instead of starving (as Kafka's sessions do).
        for (PartitionResult result : kept) {
            Entry entry = partitions.get(result.id());
            if (entry != null && result.recordBytes() > 0) {
                partitions.remove(result.id());
                partitions.put(result.id(), entry);
            }
        }
        return kept;
    }
}
