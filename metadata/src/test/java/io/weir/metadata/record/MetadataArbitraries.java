package io.weir.metadata.record;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import io.weir.metadata.Uuid;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Arbitrary values of every record type, for property tests. */
public final class MetadataArbitraries {

    private MetadataArbitraries() {}

    public static Arbitrary<Uuid> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Uuid::new);
    }

    public static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(0).ofMaxLength(40),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(300),
                Arbitraries.strings().all().ofMaxLength(10))
                .filter(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s));
    }

    static Arbitrary<String> nonEmptyStrings() {
        return strings().filter(s -> !s.isEmpty());
    }

    static Arbitrary<List<Integer>> intLists() {
        return Arbitraries.integers().list().ofMaxSize(8);
    }

    static Arbitrary<Integer> nonNegativeInts() {
        return Arbitraries.integers().greaterOrEqual(0);
    }

    static Arbitrary<Long> nonNegativeLongs() {
        return Arbitraries.longs().greaterOrEqual(0);
    }

    static Arbitrary<Endpoint> endpoints() {
        return Combinators.combine(
                        nonEmptyStrings(),
                        strings(),
                        Arbitraries.integers().between(0, 65535),
                        Arbitraries.of(SecurityProtocol.class))
                .as(Endpoint::new);
    }

    static Arbitrary<RegisterBrokerRecord> registerBrokers() {
        return Combinators.combine(
                        nonNegativeInts(),
                        uuids(),
                        nonNegativeLongs(),
                        endpoints().list().ofMaxSize(4),
                        strings().optional(),
                        Arbitraries.of(true, false))
                .as(RegisterBrokerRecord::new);
    }

    static Arbitrary<PartitionRecord> partitions() {
        return Combinators.combine(
                        uuids(),
                        nonNegativeInts(),
                        intLists(),
                        intLists(),
                        Arbitraries.integers().greaterOrEqual(PartitionRecord.NO_LEADER),
                        nonNegativeInts(),
                        nonNegativeInts())
                .as(PartitionRecord::new)
                .flatMap(p -> Combinators.combine(intLists(), intLists()).as((adding, removing) -> new PartitionRecord(
                        p.topicId(), p.partition(), p.replicas(), p.isr(), p.leader(), p.leaderEpoch(),
                        p.partitionEpoch(), adding, removing)));
    }

    static Arbitrary<PartitionChangeRecord> partitionChanges() {
        Arbitrary<OptionalInt> leaders = Arbitraries.integers()
                .greaterOrEqual(PartitionRecord.NO_LEADER)
                .optional()
                .map(leader -> leader.map(OptionalInt::of).orElse(OptionalInt.empty()));
        return Combinators.combine(uuids(), nonNegativeInts(), leaders, intLists().optional(), intLists().optional(),
                        intLists().optional(), intLists().optional())
                .as(PartitionChangeRecord::new);
    }

    static Arbitrary<ConfigRecord> configs() {
        return Combinators.combine(
                        Arbitraries.of(ResourceType.class), strings(), nonEmptyStrings(), strings().optional())
                .as(ConfigRecord::new);
    }

    /** Every record type, with arbitrary field values (not necessarily valid against an image). */
    public static Arbitrary<MetadataRecord> records() {
        return Arbitraries.oneOf(
                registerBrokers(),
                Combinators.combine(nonNegativeInts(), nonNegativeLongs()).as(FenceBrokerRecord::new),
                Combinators.combine(nonNegativeInts(), nonNegativeLongs()).as(UnfenceBrokerRecord::new),
                Combinators.combine(strings(), uuids()).as(TopicRecord::new),
                partitions(),
                partitionChanges(),
                uuids().map(RemoveTopicRecord::new),
                configs(),
                Combinators.combine(nonNegativeInts(), nonNegativeLongs()).as(ProducerIdsRecord::new),
                Combinators.combine(nonEmptyStrings(), Arbitraries.shorts().greaterOrEqual((short) 0))
                        .as(FeatureLevelRecord::new));
    }

    /** Guards against a record type being added without a generator here. */
    static List<Class<? extends MetadataRecord>> coveredTypes() {
        return List.of(RegisterBrokerRecord.class, FenceBrokerRecord.class, UnfenceBrokerRecord.class,
                TopicRecord.class, PartitionRecord.class, PartitionChangeRecord.class, RemoveTopicRecord.class,
                ConfigRecord.class, ProducerIdsRecord.class, FeatureLevelRecord.class);
    }
}
