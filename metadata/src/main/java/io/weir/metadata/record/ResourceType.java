package io.weir.metadata.record;

import java.util.Optional;

/** The kind of resource a {@link ConfigRecord} configures, with Kafka's numeric ids. */
public enum ResourceType {
    /** A topic; the resource name is the topic name. */
    TOPIC(2),
    /** A broker; the resource name is the node id, or empty for the cluster-wide default. */
    BROKER(4),
    /** A group (Kafka's group configs, KIP-848); the resource name is the group id, never empty. */
    GROUP(32);

    private final byte id;

    ResourceType(int id) {
        this.id = (byte) id;
    }

    /**
     * Kafka's numeric id for the resource type (as in DescribeConfigs).
     *
     * @return the id
     */
    public byte id() {
        return id;
    }

    /**
     * Finds a resource type by Kafka's numeric id.
     *
     * @param id the id
     * @return the type, or empty for an unknown id
     */
    public static Optional<ResourceType> fromId(byte id) {
        for (ResourceType type : values()) {
            if (type.id == id) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
