package io.weir.metadata.record;

/** Shape checks shared by the record constructors. */
final class RecordChecks {

    private RecordChecks() {}

    static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }

    static void leader(int leader) {
        if (leader < PartitionRecord.NO_LEADER) {
            throw new IllegalArgumentException("leader must be a node id or -1, got " + leader);
        }
    }
}
