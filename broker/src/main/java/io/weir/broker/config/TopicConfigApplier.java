package io.weir.broker.config;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigException;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.store.MetadataListener;
import io.weir.storage.LogConfig;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes topic configuration changes take effect: for every committed batch that changed a topic's
 * overrides, computes the topic's new {@link LogConfig} ({@link TopicLogConfigs#logConfigFor}) and
 * hands it to a callback, which applies it to the topic's partition logs.
 *
 * <p>The callback is told about every existing topic whose overrides changed, including a topic
 * created with overrides in the same batch (its logs may not exist yet: the callback ignores topics
 * it holds no log of) and a topic whose last override was deleted (its config falls back to the
 * node's values). Deleted topics are not reported. Overrides that do not map to a valid
 * {@code LogConfig} are logged at WARN and skipped, leaving the logs as they were.
 *
 * <p>Thread-safety: runs on the metadata store's committing thread, like every listener; the
 * callback must be quick and must not commit metadata.
 */
public final class TopicConfigApplier implements MetadataListener {

    private static final Logger LOG = LoggerFactory.getLogger(TopicConfigApplier.class);

    private final BrokerConfig node;
    private final BiConsumer<String, LogConfig> onTopicLogConfig;
    private final String logPrefix;

    /**
     * @param node the node's configuration (supplies values the topic does not override)
     * @param onTopicLogConfig called with a topic name and its new log settings
     */
    public TopicConfigApplier(BrokerConfig node, BiConsumer<String, LogConfig> onTopicLogConfig) {
        this.node = Objects.requireNonNull(node, "node");
        this.onTopicLogConfig = Objects.requireNonNull(onTopicLogConfig, "onTopicLogConfig");
        this.logPrefix = "[node " + node.nodeId() + "]";
    }

    @Override
    public void onMetadataUpdate(MetadataDelta delta, MetadataImage image) {
        for (ConfigResource resource : delta.changedConfigResources()) {
            if (resource.type() == ResourceType.TOPIC && image.topics().getTopic(resource.name()).isPresent()) {
                maybeApply(resource.name(), image.configs().configs(resource));
            }
        }
    }

    private void maybeApply(String topic, Map<String, String> overrides) {
        LogConfig config;
        try {
            config = TopicLogConfigs.logConfigFor(node, overrides);
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.warn("{} topic {} keeps its log settings: its overrides {} are not usable: {}", logPrefix, topic,
                    overrides, e.getMessage());
            return;
        }
        LOG.info("{} topic {} log settings changed (overrides {})", logPrefix, topic, overrides);
        try {
            onTopicLogConfig.accept(topic, config);
        } catch (RuntimeException e) {
            LOG.error("{} topic {} log settings could not be applied", logPrefix, topic, e);
        }
    }

    @Override
    public String toString() {
        return "TopicConfigApplier" + logPrefix;
    }
}
