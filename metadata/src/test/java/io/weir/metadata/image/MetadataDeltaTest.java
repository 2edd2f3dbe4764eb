package io.weir.metadata.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import io.weir.metadata.InvalidTopicNameException;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.TopicAlreadyExistsException;
import io.weir.metadata.UnknownTopicException;
import io.weir.metadata.Uuid;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.FeatureLevelRecord;
import io.weir.metadata.record.FenceBrokerRecord;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.ProducerIdsRecord;
import io.weir.metadata.record.RegisterBrokerRecord;
import io.weir.metadata.record.RemoveTopicRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.record.TopicRecord;
import io.weir.metadata.record.UnfenceBrokerRecord;
import org.junit.jupiter.api.Test;

class MetadataDeltaTest {
    static final Uuid ORDERS_ID = new Uuid(11L, 1L);
    static final Uuid PAYMENTS_ID = new Uuid(22L, 2L);

    static RegisterBrokerRecord broker(int nodeId, long epoch) {
        return new RegisterBrokerRecord(nodeId, new Uuid(nodeId, epoch + 100), epoch,
                List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9092 + nodeId, SecurityProtocol.PLAINTEXT)),
                Optional.of("rack-" + nodeId), true);
    }

    static PartitionRecord partition(Uuid topicId, int partition, int leader) {
        return new PartitionRecord(topicId, partition, List.of(1, 2), List.of(1, 2), leader, 0, 0);
    }

    static List<MetadataRecord> createTopic(String name, Uuid id, int partitions) {
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new TopicRecord(name, id));
        for (int i = 0; i < partitions; i++) {
            records.add(partition(id, i, 1 + i % 2));
        }
        return records;
    }

    static MetadataImage apply(MetadataImage base, List<? extends MetadataRecord> records) {
        MetadataDelta delta = new MetadataDelta(base);
        delta.replayAll(records);
        return delta.apply(base.offset() + records.size());
    }

    static MetadataImage sampleImage() {
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new FeatureLevelRecord("metadata.version", (short) 33));
        records.add(broker(1, 5));
        records.add(broker(2, 6));
        records.add(new UnfenceBrokerRecord(1, 5));
        records.addAll(createTopic("orders", ORDERS_ID, 3));
        records.add(new ConfigRecord(ResourceType.TOPIC, "orders", "retention.ms", Optional.of("1000")));
        records.addAll(createTopic("payments", PAYMENTS_ID, 1));
        records.add(new ConfigRecord(ResourceType.BROKER, "", "log.retention.ms", Optional.of("5")));
        records.add(new ProducerIdsRecord(1, 1000));
        return apply(MetadataImage.EMPTY, records);
    }

    @Test
    void buildsAnImageFromRecords() {
        MetadataImage image = sampleImage();

        assertThat(image.offset()).isEqualTo(12);
        assertThat(image.features().level("metadata.version")).contains((short) 33);
        assertThat(image.cluster().broker(1)).hasValueSatisfying(b -> {
            assertThat(b.fenced()).isFalse();
            assertThat(b.listener("PLAINTEXT").map(Endpoint::port)).contains(9093);
            assertThat(b.rack()).contains("rack-1");
        });
        assertThat(image.cluster().broker(2).map(BrokerRegistration::fenced)).contains(true);
        assertThat(image.cluster().unfencedBrokers()).extracting(BrokerRegistration::nodeId).containsExactly(1);
        TopicImage orders = image.topics().getTopic("orders").orElseThrow();
        assertThat(image.topics().getTopic(ORDERS_ID)).contains(orders);
        assertThat(orders.partitionCount()).isEqualTo(3);
        assertThat(orders.partition(2).map(PartitionRegistration::leader)).contains(1);
        assertThat(orders.partition(3)).isEmpty();
        assertThat(image.configs().config(ConfigResource.topic("orders"), "retention.ms")).contains("1000");
        assertThat(image.configs().configs(ConfigResource.CLUSTER_DEFAULT)).containsEntry("log.retention.ms", "5");
        assertThat(image.producerIds().nextProducerId()).isEqualTo(1000);
        assertThat(image.producerIds().lastNodeId()).hasValue(1);
    }

    @Test
    void partitionChangeBumpsEpochsAsKafkaDoes() {
        MetadataImage base = sampleImage();

        MetadataImage isrOnly = apply(base, List.of(new PartitionChangeRecord(
                ORDERS_ID, 0, OptionalInt.empty(), Optional.of(List.of(1)), Optional.empty())));
        PartitionRegistration afterIsr = isrOnly.topics().getTopic(ORDERS_ID).orElseThrow().partition(0).orElseThrow();
        assertThat(afterIsr.isr()).containsExactly(1);
        assertThat(afterIsr.leaderEpoch()).isZero();
        assertThat(afterIsr.partitionEpoch()).isEqualTo(1);

        MetadataImage newLeader = apply(isrOnly, List.of(new PartitionChangeRecord(
                ORDERS_ID, 0, OptionalInt.of(PartitionRecord.NO_LEADER), Optional.empty(), Optional.empty())));
        PartitionRegistration afterLeader =
                newLeader.topics().getTopic(ORDERS_ID).orElseThrow().partition(0).orElseThrow();
        assertThat(afterLeader.hasLeader()).isFalse();
        assertThat(afterLeader.leaderId()).isEmpty();
        assertThat(afterLeader.leaderEpoch()).isEqualTo(1);
        assertThat(afterLeader.partitionEpoch()).isEqualTo(2);
    }

    @Test
    void reportsWhatChanged() {
        MetadataImage base = sampleImage();
        MetadataDelta delta = new MetadataDelta(base);
        delta.replayAll(List.of(
                new RemoveTopicRecord(PAYMENTS_ID),
                new TopicRecord("payments", new Uuid(33L, 3L)),
                partition(new Uuid(33L, 3L), 0, 1),
                new PartitionChangeRecord(ORDERS_ID, 1, OptionalInt.of(2), Optional.empty(), Optional.empty()),
                new FenceBrokerRecord(1, 5),
                new FeatureLevelRecord("metadata.version", (short) 0)));
        MetadataImage image = delta.apply(base.offset() + 6);

        assertThat(delta.recordCount()).isEqualTo(6);
        assertThat(delta.deletedTopics()).containsOnlyKeys(PAYMENTS_ID);
        assertThat(delta.topicChanges()).containsExactlyInAnyOrder(
                new TopicChange(new Uuid(33L, 3L), "payments", true, java.util.Set.of(0)),
                new TopicChange(ORDERS_ID, "orders", false, java.util.Set.of(1)));
        assertThat(delta.changedBrokerIds()).containsExactly(1);
        assertThat(delta.changedFeatures()).containsExactly("metadata.version");
        assertThat(delta.producerIdsChanged()).isFalse();
        assertThat(image.features().level("metadata.version")).isEmpty();
        assertThat(image.topics().getTopic("payments").map(TopicImage::topicId)).contains(new Uuid(33L, 3L));
        assertThat(image.topics().getTopic(PAYMENTS_ID)).isEmpty();
        assertThat(image.topics().size()).isEqualTo(2);
        assertThat(image.cluster()).isNotSameAs(base.cluster());
        assertThat(image.producerIds()).isSameAs(base.producerIds());
        assertThat(base.topics().getTopic(PAYMENTS_ID)).isPresent();
    }

    @Test
    void removingATopicRemovesItsConfigs() {
        MetadataImage base = sampleImage();

        MetadataImage image = apply(base, List.of(new RemoveTopicRecord(ORDERS_ID), new TopicRecord("orders",
                new Uuid(44L, 4L)), partition(new Uuid(44L, 4L), 0, 1)));

        assertThat(image.configs().configs(ConfigResource.topic("orders"))).isEmpty();
        assertThat(image.configs().configs(ConfigResource.CLUSTER_DEFAULT)).isNotEmpty();
    }

    @Test
    void aTopicCreatedAndRemovedInOneDeltaLeavesNoTrace() {
        MetadataImage base = sampleImage();
        MetadataDelta delta = new MetadataDelta(base);
        Uuid id = new Uuid(55L, 5L);
        delta.replayAll(createTopic("temp", id, 2));
        delta.replay(new ConfigRecord(ResourceType.TOPIC, "temp", "cleanup.policy", Optional.of("compact")));
        delta.replay(new RemoveTopicRecord(id));

        MetadataImage image = delta.apply(base.offset() + 5);

        assertThat(delta.deletedTopics()).isEmpty();
        assertThat(delta.topicChanges()).isEmpty();
        assertThat(image.topics()).isEqualTo(base.topics());
        assertThat(image.configs()).isEqualTo(base.configs());
    }

    @Test
    void configDeletionRemovesTheOverride() {
        MetadataImage base = sampleImage();

        MetadataImage image = apply(base,
                List.of(new ConfigRecord(ResourceType.TOPIC, "orders", "retention.ms", Optional.empty())));

        assertThat(image.configs().configs(ConfigResource.topic("orders"))).isEmpty();
        assertThat(image.configs().resources()).doesNotContainKey(ConfigResource.topic("orders"));
    }

    @Test
    void rejectsTopicsThatClash() {
        MetadataImage base = sampleImage();

        assertRejected(base, new TopicRecord("orders", new Uuid(9L, 9L)), TopicAlreadyExistsException.class,
                "already exists");
        assertRejected(base, new TopicRecord("fresh", ORDERS_ID), TopicAlreadyExistsException.class,
                "already in use");
        assertRejected(base, new TopicRecord("fresh", Uuid.ZERO), MetadataValidationException.class, "reserved");
        assertRejected(base, new TopicRecord("fresh", Uuid.METADATA_TOPIC_ID), MetadataValidationException.class,
                "reserved");
        assertRejected(base, new TopicRecord("bad name", new Uuid(9L, 9L)), InvalidTopicNameException.class,
                "illegal");
    }

    @Test
    void neverReusesTheIdOfADeletedTopic() {
        MetadataDelta delta = new MetadataDelta(sampleImage());
        delta.replay(new RemoveTopicRecord(ORDERS_ID));

        assertThatThrownBy(() -> delta.replay(new TopicRecord("orders", ORDERS_ID)))
                .isInstanceOf(TopicAlreadyExistsException.class);
    }

    @Test
    void rejectsPartitionsThatContradictTheImage() {
        MetadataImage base = sampleImage();
        Uuid unknown = new Uuid(9L, 9L);

        assertRejected(base, partition(unknown, 0, 1), UnknownTopicException.class, "Unknown topic id");
        assertRejected(base, partition(ORDERS_ID, 1, 1), MetadataValidationException.class, "out of order");
        assertRejected(base, partition(ORDERS_ID, 5, 1), MetadataValidationException.class, "out of order");
        assertRejected(base, new PartitionRecord(ORDERS_ID, 3, List.of(1, 2), List.of(1, 2), 3, 0, 0),
                MetadataValidationException.class, "leader 3 is not in isr");
        assertRejected(base, new PartitionRecord(ORDERS_ID, 3, List.of(1, 1), List.of(1), 1, 0, 0),
                MetadataValidationException.class, "duplicates");
        assertRejected(base, new PartitionRecord(ORDERS_ID, 3, List.of(), List.of(), -1, 0, 0),
                MetadataValidationException.class, "empty");
        assertRejected(base, new PartitionRecord(ORDERS_ID, 3, List.of(1), List.of(1, 2), 1, 0, 0),
                MetadataValidationException.class, "not a subset");
        assertRejected(base, new PartitionChangeRecord(ORDERS_ID, 7, OptionalInt.of(1), Optional.empty(),
                Optional.empty()), MetadataValidationException.class, "unknown partition");
        assertRejected(base, new PartitionChangeRecord(ORDERS_ID, 0, OptionalInt.empty(), Optional.of(List.of(2)),
                Optional.empty()), MetadataValidationException.class, "leader 1 is not in isr [2]");
        assertRejected(base, new PartitionChangeRecord(ORDERS_ID, 0, OptionalInt.empty(), Optional.empty(),
                Optional.of(List.of(2, 3))), MetadataValidationException.class, "not a subset");
        assertRejected(base, new RemoveTopicRecord(unknown), UnknownTopicException.class, "unknown topic");
    }

    @Test
    void rejectsBrokerRecordsThatContradictTheImage() {
        MetadataImage base = sampleImage();

        assertRejected(base, broker(1, 5), MetadataValidationException.class, "not above its current epoch");
        assertRejected(base, new FenceBrokerRecord(3, 1), MetadataValidationException.class, "unregistered");
        assertRejected(base, new UnfenceBrokerRecord(2, 5), MetadataValidationException.class, "epoch 6");
        assertRejected(base, new RegisterBrokerRecord(4, new Uuid(1L, 1L), 1, List.of(), Optional.empty(), false),
                MetadataValidationException.class, "without listeners");
        Endpoint plain = new Endpoint("PLAINTEXT", "h", 1, SecurityProtocol.PLAINTEXT);
        assertRejected(base, new RegisterBrokerRecord(4, new Uuid(1L, 1L), 1, List.of(plain, plain),
                Optional.empty(), false), MetadataValidationException.class, "twice");
        MetadataImage reRegistered = apply(base, List.of(broker(1, 20)));
        assertThat(reRegistered.cluster().broker(1).map(BrokerRegistration::brokerEpoch)).contains(20L);
        assertThat(reRegistered.cluster().broker(1).map(BrokerRegistration::fenced)).contains(true);
    }

    @Test
    void rejectsConfigsAndProducerIdsThatContradictTheImage() {
        MetadataImage base = sampleImage();

        assertRejected(base, new ConfigRecord(ResourceType.TOPIC, "nope", "a", Optional.of("b")),
                UnknownTopicException.class, "unknown topic");
        assertRejected(base, new ConfigRecord(ResourceType.BROKER, "x1", "a", Optional.of("b")),
                MetadataValidationException.class, "not a node id");
        assertRejected(base, new ConfigRecord(ResourceType.BROKER, "01", "a", Optional.of("b")),
                MetadataValidationException.class, "not a node id");
        assertRejected(base, new ConfigRecord(ResourceType.GROUP, "", "a", Optional.of("b")),
                MetadataValidationException.class, "without id");
        assertRejected(base, new ProducerIdsRecord(1, 1000), MetadataValidationException.class, "back to 1000");
        assertThat(apply(base, List.of(new ConfigRecord(ResourceType.BROKER, "7", "a", Optional.of("b"))))
                        .configs().config(ConfigResource.broker(7), "a"))
                .contains("b");
    }

    @Test
    void groupConfigsNeedNoGroupAndRebuildFromTheImagesRecords() {
        MetadataImage image = apply(sampleImage(), List.of(
                new ConfigRecord(ResourceType.GROUP, "readers", "consumer.session.timeout.ms", Optional.of("50000")),
                new ConfigRecord(ResourceType.GROUP, "readers", "consumer.heartbeat.interval.ms", Optional.of("4000")),
                new ConfigRecord(ResourceType.GROUP, "auditors", "consumer.heartbeat.interval.ms", Optional.of("6000"))));
        assertThat(image.configs().configs(ConfigResource.group("readers")))
                .containsOnly(Map.entry("consumer.session.timeout.ms", "50000"), Map.entry("consumer.heartbeat.interval.ms", "4000"));

        MetadataImage deleted = apply(image, List.of(
                new ConfigRecord(ResourceType.GROUP, "auditors", "consumer.heartbeat.interval.ms", Optional.empty())));
        assertThat(deleted.configs().configs(ConfigResource.group("auditors"))).isEmpty();
        assertThat(apply(MetadataImage.EMPTY, image.toRecords()).configs()).isEqualTo(image.configs());
        assertThat(image.toRecords().subList(image.toRecords().size() - 3, image.toRecords().size()))
                .extracting(record -> ((ConfigRecord) record).resourceName())
                .containsExactly("auditors", "readers", "readers");
    }

    @Test
    void aRejectedRecordLeavesTheDeltaUnchanged() {
        MetadataImage base = sampleImage();
        MetadataDelta delta = new MetadataDelta(base);
        delta.replay(new TopicRecord("fresh", new Uuid(9L, 9L)));

        assertThatThrownBy(() -> delta.replay(new PartitionRecord(new Uuid(9L, 9L), 0, List.of(1), List.of(2), 1,
                0, 0))).isInstanceOf(MetadataValidationException.class);
        delta.replay(partition(new Uuid(9L, 9L), 0, 1));

        assertThat(delta.recordCount()).isEqualTo(2);
        assertThat(delta.apply(base.offset() + 2).topics().getTopic("fresh").orElseThrow().partitionCount())
                .isEqualTo(1);
    }

    @Test
    void theImageRebuildsFromItsOwnRecords() {
        MetadataImage image = sampleImage();

        MetadataImage rebuilt = apply(MetadataImage.EMPTY, image.toRecords());

        assertThat(new MetadataImage(image.offset(), rebuilt.features(), rebuilt.cluster(), rebuilt.topics(),
                        rebuilt.configs(), rebuilt.producerIds()))
                .isEqualTo(image);
        assertThat(MetadataImage.EMPTY.toRecords()).isEmpty();
        assertThat(MetadataImage.EMPTY.isEmpty()).isTrue();
        assertThat(image.isEmpty()).isFalse();
    }

    @Test
    void findsTopicNamesThatCollide() {
        MetadataImage image = apply(MetadataImage.EMPTY, createTopic("a.b", new Uuid(9L, 9L), 1));

        assertThat(image.topics().collidingTopic("a_b")).contains("a.b");
        assertThat(image.topics().collidingTopic("a.b")).isEmpty();
        assertThat(image.topics().collidingTopic("ab")).isEmpty();
    }

    @Test
    void applyRefusesAnOffsetBeforeTheBase() {
        MetadataImage base = sampleImage();

        assertThatThrownBy(() -> new MetadataDelta(base).apply(base.offset() - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new MetadataDelta(base).apply(base.offset())).isEqualTo(base);
    }

    private static void assertRejected(MetadataImage base, MetadataRecord record,
            Class<? extends RuntimeException> type, String messagePart) {
        assertThatThrownBy(() -> new MetadataDelta(base).replay(record))
                .isInstanceOf(type)
                .hasMessageContaining(messagePart);
    }
}
