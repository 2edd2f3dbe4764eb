package io.weir.metadata.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
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

/** Generates valid batches of records from a seed, each batch valid against the image before it. */
public final class RandomMetadataHistory {
    private static final String[] NAMES = {"orders", "payments", "a.b", "a_c", "logs", "__consumer_offsets"};

    private final Random random;
    private final Random groupRandom;
    private MetadataImage image = MetadataImage.EMPTY;
    private long nextIdBits = 1;

    public RandomMetadataHistory(long seed) {
        this.random = new Random(seed);
        this.groupRandom = new Random(~seed);
    }

    /** The next batch; it is also applied to this generator's own image. */
    public List<MetadataRecord> nextBatch() {
        MetadataDelta delta = new MetadataDelta(image);
        List<MetadataRecord> batch = new ArrayList<>();
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            Optional<List<MetadataRecord>> step = nextStep(delta.apply(image.offset() + batch.size()));
            step.ifPresent(records -> {
                delta.replayAll(records);
                batch.addAll(records);
            });
        }
        image = delta.apply(image.offset() + batch.size());
        return batch;
    }

    private Optional<List<MetadataRecord>> nextStep(MetadataImage current) {
        return switch (random.nextInt(8)) {
            case 0, 1 -> createTopic(current);
            case 2 -> anyTopic(current).map(topic -> List.of(new RemoveTopicRecord(topic.topicId())));
            case 3 -> anyTopic(current).map(this::changePartition);
            case 4 -> anyTopic(current).map(topic -> List.of(new ConfigRecord(ResourceType.TOPIC, topic.name(),
                    "retention.ms", random.nextBoolean() ? Optional.of(Integer.toString(random.nextInt(9))) :
                            Optional.empty())));
            case 5 -> Optional.of(List.of(brokerRecord(current)));
            case 6 -> Optional.of(List.of(new ProducerIdsRecord(random.nextInt(3),
                    current.producerIds().nextProducerId() + 1000), groupConfigRecord()));
            default -> Optional.of(List.of(new FeatureLevelRecord("metadata.version", (short) random.nextInt(3))));
        };
    }

    private Optional<List<MetadataRecord>> createTopic(MetadataImage current) {
        String name = NAMES[random.nextInt(NAMES.length)];
        if (current.topics().getTopic(name).isPresent()) {
            return Optional.empty();
        }
        Uuid id = new Uuid(nextIdBits, nextIdBits * 31);
        nextIdBits++;
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new TopicRecord(name, id));
        int partitions = 1 + random.nextInt(3);
        for (int p = 0; p < partitions; p++) {
            records.add(new PartitionRecord(id, p, List.of(1, 2, 3), List.of(1, 2, 3), 1 + random.nextInt(3), 0, 0));
        }
        return Optional.of(records);
    }

    private List<MetadataRecord> changePartition(TopicImage topic) {
        int partition = random.nextInt(topic.partitionCount());
        List<Integer> isr = random.nextBoolean() ? List.of(1, 2, 3) : List.of(2);
        OptionalInt leader = random.nextBoolean() ? OptionalInt.of(2) : OptionalInt.of(PartitionRecord.NO_LEADER);
        return List.of(new PartitionChangeRecord(topic.topicId(), partition, leader, Optional.of(isr),
                Optional.empty()));
    }

    private MetadataRecord brokerRecord(MetadataImage current) {
        int nodeId = 1 + random.nextInt(3);
        Optional<BrokerRegistration> existing = current.cluster().broker(nodeId);
        if (existing.isEmpty() || random.nextInt(3) == 0) {
            long epoch = existing.map(BrokerRegistration::brokerEpoch).orElse(0L) + 1 + random.nextInt(5);
            return new RegisterBrokerRecord(nodeId, new Uuid(nodeId, epoch), epoch,
                    List.of(new Endpoint("PLAINTEXT", "host-" + nodeId, 9092, SecurityProtocol.PLAINTEXT)),
                    random.nextBoolean() ? Optional.of("r" + nodeId) : Optional.empty(), random.nextBoolean());
        }
        long epoch = existing.get().brokerEpoch();
        return random.nextBoolean() ? new FenceBrokerRecord(nodeId, epoch) : new UnfenceBrokerRecord(nodeId, epoch);
    }

    /**
     * A group config set or deleted; the group need not exist. Drawn from its own generator, so that
     * the rest of a seed's history stays what it was before group configs existed.
     */
    private MetadataRecord groupConfigRecord() {
        return new ConfigRecord(ResourceType.GROUP, "group-" + groupRandom.nextInt(3), "consumer.session.timeout.ms",
                groupRandom.nextBoolean() ? Optional.of(Integer.toString(45_000 + groupRandom.nextInt(9))) : Optional.empty());
    }

    private Optional<TopicImage> anyTopic(MetadataImage current) {
        List<TopicImage> topics = current.topics().topicsByName().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
        return topics.isEmpty() ? Optional.empty() : Optional.of(topics.get(random.nextInt(topics.size())));
    }
}
