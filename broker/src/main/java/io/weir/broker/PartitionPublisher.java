package io.weir.broker;

import io.weir.broker.config.TopicLogConfigs;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.replica.TimestampLimits;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.TopicConfig;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicChange;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.store.MetadataListener;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns metadata into hosted partitions: a partition this node leads is opened (or created) with
 * its topic's effective configuration, a deleted topic's logs are removed, and a topic whose
 * overrides change gets them applied to its logs at once.
 *
 * <p>Thread-safety: called on the metadata thread only (the store's committing thread, and once at
 * start-up with the whole image before any listener runs); it blocks on disk there, never on a
 * network thread.
 */
final class PartitionPublisher implements MetadataListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionPublisher.class);

    private final BrokerConfig config;
    private final ReplicaManager replicas;

    PartitionPublisher(BrokerConfig config, ReplicaManager replicas) {
        this.config = config;
        this.replicas = replicas;
    }

    /** Hosts every partition of {@code image} this node leads: the state found at start-up. */
    void publishAll(MetadataImage image) {
        for (TopicImage topic : image.topics().topicsById().values()) {
            publishTopic(image, topic, topic.partitions().keySet());
        }
    }

    @Override
    public void onMetadataUpdate(MetadataDelta delta, MetadataImage image) {
        delta.deletedTopics().values().forEach(this::removeTopic);
        for (TopicChange change : delta.topicChanges()) {
            image.topics().getTopic(change.topicId())
                    .ifPresent(topic -> publishTopic(image, topic, change.changedPartitions()));
        }
        for (ConfigResource resource : delta.changedConfigResources()) {
            if (resource.type() == ResourceType.TOPIC) {
                image.topics().getTopic(resource.name())
                        .ifPresent(topic -> publishTopic(image, topic, topic.partitions().keySet()));
            }
        }
    }

    private void publishTopic(MetadataImage image, TopicImage topic, Set<Integer> partitions) {
        Map<String, String> overrides = image.configs().configs(ConfigResource.topic(topic.name()));
        TopicConfig topicConfig = config.topicConfig(overrides);
        TimestampLimits limits = new TimestampLimits(topicConfig.messageTimestampBeforeMaxMs(),
                topicConfig.messageTimestampAfterMaxMs());
        for (int partition : partitions) {
            PartitionRegistration registration = topic.partitions().get(partition);
            if (registration != null && registration.leader() == config.nodeId()) {
                replicas.becomeLeader(topic.name(), topic.topicId(), partition, registration.leaderEpoch(),
                        TopicLogConfigs.logConfigFor(config, overrides), limits);
            }
        }
    }

    private void removeTopic(TopicImage topic) {
        for (int partition : topic.partitions().keySet()) {
            replicas.stopReplica(topic.name(), partition, true);
        }
        log.info("[node {}] deleted the logs of topic {}", config.nodeId(), topic.name());
    }
}
