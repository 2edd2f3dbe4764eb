package io.weir.broker;

import io.weir.broker.config.TopicLogConfigs;
import io.weir.broker.fetcher.ReplicaFetcherManager;
import io.weir.broker.replica.LeaderAndIsr;
import io.weir.broker.replica.Partition;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.replica.TimestampLimits;
import io.weir.metadata.Uuid;
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
import io.weir.storage.LogManager;
import io.weir.storage.TopicPartitionKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
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
 * <p>A partition that cannot be hosted (its log cannot be created or opened: a full or failing
 * disk) is logged once and left out, so the other partitions of the update are still hosted; {@link
 * #retryUnhosted} tries it again with the newest image, and the node's scheduler calls it every
 * {@value #RETRY_INTERVAL_MS} ms, so the partition is served as soon as the disk allows, without a
 * restart. Until then its requests are answered as for a partition the node does not host
 * (UNKNOWN_TOPIC_OR_PARTITION), which clients retry.
 *
 * <p>Once the node holds the whole metadata ({@link StrayLogSweep} decides when), {@link
 * #removeStrayLogs} removes the logs that the metadata no longer gives this node and that the
 * start-up publish therefore left alone ({@link StrayLogs}).
 *
 * <p>Thread-safety: called on the metadata thread (the store's committing thread) and once at start-up
 * on the starting thread, which may run after the first updates: both are serialized on this object,
 * and the start-up publish applies the newest image seen, never an older one ({@link NewestImage}).
 * It blocks on disk there, never on a network thread.
 */
final class PartitionPublisher implements MetadataListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionPublisher.class);
    /** How often partitions that could not be hosted are tried again. */
    static final long RETRY_INTERVAL_MS = 2_000;

    private final BrokerConfig config;
    private final ReplicaManager replicas;
    private final ReplicaFetcherManager fetchers;
    private final NewestImage newest = new NewestImage();
    /** Partitions whose hosting failed, by topic id, to be tried again. */
    private final Map<TopicPartitionKey, Uuid> unhosted = new HashMap<>();

    PartitionPublisher(BrokerConfig config, ReplicaManager replicas, ReplicaFetcherManager fetchers) {
        this.config = config;
        this.replicas = replicas;
        this.fetchers = fetchers;
    }

    /** Hosts every partition of {@code image} this node is a replica of: the state found at start-up. */
    synchronized void publishAll(MetadataImage image) {
        MetadataImage latest = newest.offer(image);
        replicas.setIsrEligible(isrEligible(latest));
        for (TopicImage topic : latest.topics().topicsById().values()) {
            publishTopic(latest, topic, topic.partitions().keySet());
        }
    }

    @Override
    public synchronized void onMetadataUpdate(MetadataDelta delta, MetadataImage image) {
        replicas.setIsrEligible(isrEligible(newest.offer(image)));
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

    /**
     * Removes every stray log, judged against {@code complete} (an image holding the whole metadata)
     * or a newer image this publisher has applied; serialized with the updates, so a partition
     * given back to this node meanwhile is hosted, not removed. Logs without a topic id are kept.
     *
     * @return how many logs were removed
     */
    synchronized int removeStrayLogs(MetadataImage complete) {
        MetadataImage image = newest.offer(complete);
        if (!StrayLogs.tellsWholeMetadata(image)) {
            log.info("[node {}] not looking for stray logs: the metadata at offset {} has no topic, and such an image "
                    + "never deletes a log", config.nodeId(), image.offset());
            return 0;
        }
        LogManager logs = replicas.logManager();
        StrayLogs.Verdict verdict = StrayLogs.judge(config.nodeId(), image, logs, key -> replicas.partition(key).isPresent());
        for (TopicPartitionKey key : verdict.withoutTopicId()) {
            log.warn("[node {} {}] keeping an unhosted log without a topic id (no partition.metadata): it cannot be "
                    + "matched to a topic", config.nodeId(), key);
        }
        int removed = 0;
        for (StrayLogs.Stray stray : verdict.strays()) {
            log.info("[node {} {}] removing the stray log: {}", config.nodeId(), stray.key(), stray.reason());
            if (logs.deleteStrayLog(stray.key().topic(), stray.key().partition())) {
                removed++;
            }
        }
        return removed;
    }

    private static IntPredicate isrEligible(MetadataImage image) {
        return replica -> image.cluster().broker(replica).filter(broker -> !broker.fenced()).isPresent();
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

    /** Tries again to host the partitions that failed, with the newest image; those deleted meanwhile are forgotten. */
    synchronized void retryUnhosted() {
        if (unhosted.isEmpty()) {
            return;
        }
        MetadataImage image = newest.current();
        for (Map.Entry<TopicPartitionKey, Uuid> entry : List.copyOf(unhosted.entrySet())) {
            Optional<TopicImage> topic = image.topics().getTopic(entry.getValue());
            if (topic.isEmpty()) {
                unhosted.remove(entry.getKey());
                continue;
            }
            try {
                publishTopic(image, topic.get(), Set.of(entry.getKey().partition()));
            } catch (RuntimeException e) {
                log.error("[node {} {}] retrying the partition failed", config.nodeId(), entry.getKey(), e);
            }
        }
    }

    private void publishPartition(TopicImage topic, int partition, PartitionRegistration registration, LogConfig logConfig,
            TimestampLimits limits, int minIsr) {
        TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition);
        try {
            applyRegistration(topic, key, registration, logConfig, limits, minIsr);
        } catch (RuntimeException e) {
            if (unhosted.put(key, topic.topicId()) == null) {
                log.error("[node {} {}] could not host the partition, trying again every {} ms", config.nodeId(), key,
                        RETRY_INTERVAL_MS, e);
            }
            return;
        }
        if (unhosted.remove(key) != null) {
            log.info("[node {} {}] hosted after an earlier failure", config.nodeId(), key);
        }
    }

    private void applyRegistration(TopicImage topic, TopicPartitionKey key, PartitionRegistration registration, LogConfig logConfig,
            TimestampLimits limits, int minIsr) {
        int nodeId = config.nodeId();
        int partition = key.partition();
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
            unhosted.remove(new TopicPartitionKey(topic.name(), partition));
            fetchers.removePartition(new TopicPartitionKey(topic.name(), partition));
            replicas.stopReplica(topic.name(), partition, true);
        }
        log.info("[node {}] deleted the logs of topic {}", config.nodeId(), topic.name());
    }
}
