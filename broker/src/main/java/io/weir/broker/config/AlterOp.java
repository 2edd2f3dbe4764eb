package io.weir.broker.config;

import java.util.Optional;

/** An IncrementalAlterConfigs operation on one key, with the protocol's ids (KIP-339). */
public enum AlterOp {
    /** Sets the key's override to the given value. */
    SET(0),
    /** Removes the key's override, so the node value or the default applies again. */
    DELETE(1),
    /** Adds the given list entries that are missing (list keys only). */
    APPEND(2),
    /** Removes the given list entries (list keys only). */
    SUBTRACT(3);

    private final byte id;

    AlterOp(int id) {
        this.id = (byte) id;
    }

    /** The protocol's id. */
    public byte id() {
        return id;
    }

    /** The operation with a protocol id; empty for an unknown id. */
    public static Optional<AlterOp> fromId(byte id) {
        for (AlterOp op : values()) {
            if (op.id == id) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
