package io.weir.broker.replica;

/**
 * The CreateTime bounds of KIP-937: a record whose timestamp is more than {@code beforeMaxMs}
 * before or {@code afterMaxMs} after the broker's clock is refused with INVALID_TIMESTAMP.
 * Ignored for LogAppendTime topics. Thread-safety: immutable.
 *
 * @param beforeMaxMs {@code message.timestamp.before.max.ms}
 * @param afterMaxMs {@code message.timestamp.after.max.ms}
 */
public record TimestampLimits(long beforeMaxMs, long afterMaxMs) {

    /** Kafka 4's defaults: no lower bound, at most one hour ahead. */
    public static final TimestampLimits DEFAULTS = new TimestampLimits(Long.MAX_VALUE, 3_600_000L);

    public TimestampLimits {
        if (beforeMaxMs < 0 || afterMaxMs < 0) {
            throw new IllegalArgumentException("timestamp bounds must be non-negative: " + beforeMaxMs + ", " + afterMaxMs);
        }
    }

    /** Whether {@code timestampMs} lies within the bounds around {@code nowMs}, without overflow. */
    boolean accepts(long timestampMs, long nowMs) {
        boolean tooOld = nowMs - timestampMs > beforeMaxMs && timestampMs < nowMs;
        boolean tooNew = timestampMs - nowMs > afterMaxMs && timestampMs > nowMs;
        return !tooOld && !tooNew;
    }
}
