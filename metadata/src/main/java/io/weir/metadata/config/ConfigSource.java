package io.weir.metadata.config;

/**
 * Where an effective configuration value came from, as DescribeConfigs reports it (the codes are
 * the protocol's {@code ConfigSource} ids).
 */
public enum ConfigSource {
    /** Set on the topic itself (CreateTopics or AlterConfigs). */
    DYNAMIC_TOPIC_CONFIG(1),
    /** Set in the node's properties file or with {@code --set}. */
    STATIC_BROKER_CONFIG(4),
    /** Nobody set it: the registry's default. */
    DEFAULT_CONFIG(5),
    /** Set on the group itself (IncrementalAlterConfigs on a group resource; the protocol's GROUP_CONFIG). */
    DYNAMIC_GROUP_CONFIG(8);

    private final int code;

    ConfigSource(int code) {
        this.code = code;
    }

    /** The id DescribeConfigs responses carry. */
    public int code() {
        return code;
    }
}
