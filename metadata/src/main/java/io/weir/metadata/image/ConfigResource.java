package io.weir.metadata.image;

import java.util.Objects;
import io.weir.metadata.record.ResourceType;

/**
 * A configurable resource.
 *
 * @param type topic, broker or group
 * @param name the topic name; the broker's node id in decimal, empty for the cluster default; or
 *     the group id
 */
public record ConfigResource(ResourceType type, String name) {

    /** Checks the fields. */
    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /**
     * A topic resource.
     *
     * @param topicName the topic's name
     * @return the resource
     */
    public static ConfigResource topic(String topicName) {
        return new ConfigResource(ResourceType.TOPIC, topicName);
    }

    /**
     * A broker resource.
     *
     * @param nodeId the broker's node id
     * @return the resource
     */
    public static ConfigResource broker(int nodeId) {
        return new ConfigResource(ResourceType.BROKER, Integer.toString(nodeId));
    }

    /**
     * A group resource (Kafka's group configs, KIP-848).
     *
     * @param groupId the group's id
     * @return the resource
     */
    public static ConfigResource group(String groupId) {
        return new ConfigResource(ResourceType.GROUP, groupId);
    }

    /** The cluster-wide default broker resource (empty name), as in Kafka. */
    public static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ResourceType.BROKER, "");
}
