package io.weir.storage;

/**
 * An OffsetForLeaderEpoch answer: the largest known epoch not above the requested one and the
 * offset where it ended (the start offset of the next epoch, or the log end offset for the latest
 * epoch). Both are -1 ({@link #UNDEFINED_EPOCH}, {@link #UNDEFINED_OFFSET}) when unknown.
 * Thread-safety: immutable.
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_OFFSET = -1;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
}
