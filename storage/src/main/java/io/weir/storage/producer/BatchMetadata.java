package io.weir.storage.producer;

/**
 * What the producer state keeps about one appended batch, enough to answer a retried batch with the
 * offsets it was first written at.
 *
 * @param firstSequence the batch's base sequence
 * @param lastSequence the sequence of its last record (wrapping past Integer.MAX_VALUE to 0)
 * @param firstOffset the offset of its first record
 * @param lastOffset the offset of its last record
 * @param timestamp the batch's max timestamp
 */
public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) {
    public BatchMetadata {
        if (lastOffset < firstOffset) {
            throw new IllegalArgumentException("lastOffset " + lastOffset + " < firstOffset " + firstOffset);
        }
    }
}
