package io.weir.broker;

import io.weir.broker.config.TopicLogConfigs;
import io.weir.broker.fetcher.ReplicaFetcherManager;
import io.weir.broker.replica.LeaderAndIsr;
import io.weir.broker.replica.Partition;
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
import io.weir.storage.LogConfig;
import io.weir.storage.TopicPartitionKey;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns metadata into hosted partitions: a partition this node leads is opened (or created) with
 * its topic's effective configuration and led at the registration's leader epoch, ISR and
 * partition epoch (a newer ISR at the same epoch is applied in place); a partition this node is
 * an assigned replica of, but does not lead, is followed (the replica fetcher fetches it from the
 * leader's inter-broker listener); a partition whose replicas no longer include this node is
 * removed with its log, as is every partition of a deleted topic; a topic whose overrides change
 * gets them applied to its logs at once.
 *
 * <p>Thread-safety: called on the metadata thread (the store's committing thread) and once at start-up
 * on the starting thread, which may run after the first updates: both are serialized on this object,
 * and the start-up publish applies the newest image seen, never an older one ({@link NewestImage}).
 * It blocks on disk there, never on a network thread.
 */
final class PartitionPublisher implements MetadataListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionPublisher.class);

    private final BrokerConfig config;
    private final ReplicaManager replicas;
    private final ReplicaFetcherManager fetchers;
    private final NewestImage newest = new NewestImage();

    PartitionPublisher(BrokerConfig config, ReplicaManager replicas, ReplicaFetcherManager fetchers) {
        this.config = config;
        this.replicas = replicas;
        this.fetchers = fetchers;
    }

    /** Hosts every partition of {@code image} this node is a replica of: the state found at start-up. */
    synchronized void publishAll(MetadataImage image) {
        MetadataImage latest = newest.offer(image);
        for (TopicImage topic : latest.topics().topicsById().values()) {
            publishTopic(latest, topic, topic.partitions().keySet());
        }
    }

    @Override
    public synchronized void onMetadataUpdate(MetadataDelta delta, MetadataImage image) {
        newest.offer(image);
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
        LogConfig logConfig = TopicLogConfigs.logConfigFor(config, overrides);
        for (int partition : partitions) {
            PartitionRegistration registration = topic.partitions().get(partition);
            if (registration != null) {
                publishPartition(topic, partition, registration, logConfig, limits, topicConfig.minInsyncReplicas());
            }
        }
    }

    private void publishPartition(TopicImage topic, int partition, PartitionRegistration registration, LogConfig logConfig,
            TimestampLimits limits, int minIsr) {
        int nodeId = config.nodeId();
        TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition);
        if (registration.leader() == nodeId) {
            fetchers.removePartition(key);
            LeaderAndIsr assignment = new LeaderAndIsr(registration.leaderEpoch(), registration.partitionEpoch(),
                    registration.replicas(), registration.isr());
            replicas.becomeLeader(topic.name(), topic.topicId(), partition, assignment, logConfig, limits, minIsr);
        } else if (registration.replicas().contains(nodeId)) {
            Partition followed = replicas.becomeFollower(topic.name(), topic.topicId(), partition, registration.leader(),
                    registration.leaderEpoch(), registration.partitionEpoch(), logConfig, limits, minIsr);
            if (registration.hasLeader()) {
                fetchers.addPartition(followed, registration.leader(), registration.leaderEpoch());
            } else {
                fetchers.removePartition(key);
            }
        } else if (replicas.partition(key).isPresent()) {
            fetchers.removePartition(key);
            replicas.stopReplica(topic.name(), partition, true);
        }
    }

    private void removeTopic(TopicImage topic) {
        for (int partition : topic.partitions().keySet()) {
            fetchers.removePartition(new TopicPartitionKey(topic.name(), partition));
            replicas.stopReplica(topic.name(), partition, true);
        }
        log.info("[node {}] deleted the logs of topic {}", config.nodeId(), topic.name());
    }
}
