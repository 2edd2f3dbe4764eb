package io.weir.metadata.controller;

/**
 * The kinds of leader election an administrator can ask for (KIP-460), with Kafka's wire values.
 */
public enum ElectionType {
    /** The first replica becomes leader if it is alive and in sync. */
    PREFERRED((byte) 0),
    /** A partition with no live in-sync replica gets any live replica as leader. */
    UNCLEAN((byte) 1);

    private final byte wireValue;

    ElectionType(byte wireValue) {
        this.wireValue = wireValue;
    }

    /** The value ElectLeaders carries. */
    public byte wireValue() {
        return wireValue;
    }

    /**
     * The type a wire value names.
     *
     * @param value the ElectLeaders field
     * @return the type
     * @throws IllegalArgumentException for an unknown value
     */
    public static ElectionType fromWire(byte value) {
        for (ElectionType type : values()) {
            if (type.wireValue == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown election type " + value);
    }
}
