package io.weir.storage;

import java.util.Collection;
import java.util.Locale;

/**
 * Kafka's {@code cleanup.policy}: what happens to a partition's closed segments. {@code delete}
 * removes whole segments by {@code retention.ms} and {@code retention.bytes}; {@code compact}
 * keeps only the latest record of each key (the log cleaner); both may apply together.
 * Thread-safety: immutable.
 */
public enum CleanupPolicy {
    DELETE(true, false),
    COMPACT(false, true),
    COMPACT_DELETE(true, true);

    private final boolean delete;
    private final boolean compact;

    CleanupPolicy(boolean delete, boolean compact) {
        this.delete = delete;
        this.compact = compact;
    }

    /** Whether time and size retention delete old segments. */
    public boolean delete() {
        return delete;
    }

    /** Whether the log cleaner compacts the log. */
    public boolean compact() {
        return compact;
    }

    /**
     * The policy of a {@code cleanup.policy} list such as {@code ["compact", "delete"]}; an empty
     * list (Kafka allows it: neither deletes nor compacts) is treated as {@code delete}.
     *
     * @throws IllegalArgumentException for a name other than delete or compact
     */
    public static CleanupPolicy fromNames(Collection<String> names) {
        boolean delete = false;
        boolean compact = false;
        for (String name : names) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "delete" -> delete = true;
                case "compact" -> compact = true;
                default -> throw new IllegalArgumentException("invalid cleanup.policy: " + name);
            }
        }
        if (compact) {
            return delete ? COMPACT_DELETE : COMPACT;
        }
        return DELETE;
    }
}
