package io.weir.metadata.config;

/**
 * A node-level key that supplies a value for another key when that one is not set: a topic key's
 * broker default ({@code segment.bytes} from {@code log.segment.bytes}), or a coarser unit of the
 * same setting ({@code log.retention.hours} for {@code log.retention.ms}).
 *
 * @param name the node-level key
 * @param multiplier what its value is multiplied by to be in the target key's unit (60000 for
 *     minutes to milliseconds); a negative product means "unlimited" and becomes -1
 */
public record Synonym(String name, long multiplier) {
    /** A synonym in the same unit. */
    public static Synonym of(String name) {
        return new Synonym(name, 1);
    }

    /** Converts a synonym's value to the target key's unit. */
    Object convert(Object value) {
        if (multiplier == 1 || !(value instanceof Number number)) {
            return value;
        }
        long converted = number.longValue() * multiplier;
        return converted < 0 ? -1L : converted;
    }
}
