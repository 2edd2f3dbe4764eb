package io.weir.storage;

/**
 * One aborted transaction of one producer on one partition, as the aborted-transaction index
 * ({@code <base>.txnindex}) stores it and as a {@code read_committed} fetch reports it.
 *
 * @param producerId the producer whose transaction was aborted
 * @param firstOffset the offset of the transaction's first batch on this partition
 * @param lastOffset the offset of the ABORT marker that ended it
 * @param lastStableOffset the partition's last stable offset right after the abort (the first
 *     offset of the oldest transaction still open then, or {@code lastOffset + 1})
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
    public AbortedTxn {
        if (firstOffset < 0 || lastOffset < firstOffset) {
            throw new IllegalArgumentException("aborted transaction offsets " + firstOffset + ".." + lastOffset);
        }
    }

    /** Whether any offset of the transaction lies in {@code [fromOffset, upperBoundOffset)}. */
    boolean overlaps(long fromOffset, long upperBoundOffset) {
        return lastOffset >= fromOffset && firstOffset < upperBoundOffset;
    }
}
