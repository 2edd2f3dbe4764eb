package io.weir.broker;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.storage.LogManager;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which of a node's logs are stray, judged against an image that holds the whole metadata (as in
 * Kafka's KRaft mode, KIP-858 era): a log whose {@code partition.metadata} topic id is absent from
 * the image (the topic was deleted while this node did not see it), or whose topic is there but
 * whose partition does not list this node among its replicas (reassigned away, or an index beyond
 * the topic's partition count). A log without a (readable) topic id is never stray: nothing ties
 * it to a topic. A hosted partition is never stray (the partition publisher removes those itself). An
 * image that has applied nothing or holds no topic says nothing: no log is judged against it.
 *
 * <p>Thread-safety: stateless.
 */
final class StrayLogs {

    /** What the judgement found: logs to remove, each with why, and logs kept for want of a topic id. */
    record Verdict(List<Stray> strays, List<TopicPartitionKey> withoutTopicId) {
        Verdict {
            strays = List.copyOf(strays);
            withoutTopicId = List.copyOf(withoutTopicId);
        }

        static final Verdict NOTHING = new Verdict(List.of(), List.of());
    }

    /** A stray log and the reason, for the log line. */
    record Stray(TopicPartitionKey key, String reason) {}

    private StrayLogs() {}

    /**
     * Judges every log of {@code logs} that {@code hosted} does not claim.
     *
     * @param nodeId this node
     * @param image an image holding the whole metadata
     * @param logs the node's logs and their topic ids
     * @param hosted whether a partition is hosted here now
     * @return the stray logs and the id-less ones kept, in partition order
     */
    static Verdict judge(int nodeId, MetadataImage image, LogManager logs, Predicate<TopicPartitionKey> hosted) {
        if (!tellsWholeMetadata(image)) {
            return Verdict.NOTHING;
        }
        List<Stray> strays = new ArrayList<>();
        List<TopicPartitionKey> withoutTopicId = new ArrayList<>();
        List<TopicPartitionKey> keys = logs.logsByPartition().keySet().stream()
                .sorted(Comparator.comparing(TopicPartitionKey::topic).thenComparingInt(TopicPartitionKey::partition))
                .toList();
        for (TopicPartitionKey key : keys) {
            if (hosted.test(key)) {
                continue;
            }
            Optional<Uuid> topicId = logs.topicId(key.topic(), key.partition()).flatMap(Uuid::parse);
            if (topicId.isEmpty()) {
                withoutTopicId.add(key);
                continue;
            }
            reason(nodeId, image, key, topicId.get()).ifPresent(reason -> strays.add(new Stray(key, reason)));
        }
        return new Verdict(strays, withoutTopicId);
    }

    /** False for an image that has applied nothing or holds no topic: it must never delete anything. */
    static boolean tellsWholeMetadata(MetadataImage image) {
        return image.offset() > 0 && image.topics().size() > 0;
    }

    private static Optional<String> reason(int nodeId, MetadataImage image, TopicPartitionKey key, Uuid topicId) {
        Optional<TopicImage> topic = image.topics().getTopic(topicId);
        if (topic.isEmpty()) {
            return Optional.of("its topic id " + topicId + " is not in the metadata at offset " + image.offset());
        }
        Optional<PartitionRegistration> registration = topic.get().partition(key.partition());
        if (registration.isEmpty()) {
            return Optional.of("topic " + topic.get().name() + " has no partition " + key.partition() + " ("
                    + topic.get().partitionCount() + " partition(s)) at offset " + image.offset());
        }
        if (!registration.get().replicas().contains(nodeId)) {
            return Optional.of("its replicas are " + registration.get().replicas() + " at offset " + image.offset()
                    + ", without node " + nodeId);
        }
        return Optional.empty();
    }
}
