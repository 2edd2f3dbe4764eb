package io.weir.storage;

/**
 * A log offset together with where its batch starts: the base offset of the segment holding it
 * and the byte position inside that segment's {@code .log} file. Used to publish the log end and
 * the high watermark so that reads bounded by them need no index search. Thread-safety: immutable.
 */
record OffsetPosition(long offset, long segmentBaseOffset, int position) {}
