package io.weir.broker.replica;

/** Which offsets a consumer may see: up to the high watermark, or up to the last stable offset. */
public enum IsolationLevel {
    READ_UNCOMMITTED,
    READ_COMMITTED
}
