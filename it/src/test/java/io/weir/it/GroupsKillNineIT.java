package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups of both rebalance protocols and their committed offsets survive a node killed with SIGKILL
 * (a child JVM: no shutdown hook, no flush) and started again on the same data: the groups are still
 * listed with their type, their offsets and metadata are intact, and their members resume right after
 * the last commit; members that kept running through the kill carry on in their groups.
 */
class GroupsKillNineIT {
    private static final String[] SETTINGS = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=3"};
    private static final Map<GroupProtocol, Long> COMMITTED = Map.of(GroupProtocol.CLASSIC, 500L, GroupProtocol.CONSUMER, 300L);

    @TempDir
    Path tmp;

    @Test
    void groupsOfBothProtocolsAndTheirOffsetsSurviveAKillNine() throws Exception {
        Path data = tmp.resolve("data");
        String topic = "groups-kill-nine";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (NodeProcess first = NodeProcess.start(data, SETTINGS)) {
            Clients.createTopic(first.bootstrapServers(), topic, 1, Map.of());
            GroupMembers.produce(first.bootstrapServers(), topic, 1_000);
            for (GroupProtocol protocol : GroupProtocol.values()) {
                try (KafkaConsumer<String, String> member = GroupMembers.member(first.bootstrapServers(), protocol, group(protocol))) {
                    member.subscribe(List.of(topic));
                    GroupMembers.pollAtLeast(member, 1);
                    member.commitSync(Map.of(partition, new OffsetAndMetadata(COMMITTED.get(protocol), protocol.name())));
                }
            }
            first.killNine();
        }

        try (NodeProcess second = NodeProcess.start(data, SETTINGS)) {
            assertGroupsSurvived(second.bootstrapServers(), partition);
            for (GroupProtocol protocol : GroupProtocol.values()) {
                try (KafkaConsumer<String, String> member = GroupMembers.member(second.bootstrapServers(), protocol, group(protocol))) {
                    member.subscribe(List.of(topic));
                    assertThat(GroupMembers.pollAtLeast(member, 1).get(0).offset()).as(protocol.name())
                            .isEqualTo(COMMITTED.get(protocol));
                }
            }
        }
    }

    /**
     * Members of both protocols keep running while their node is killed and started again on the
     * same data and port: they come back to their groups without a new member id, read what is
     * produced afterwards, and commit it.
     */
    @Test
    void liveMembersOfBothProtocolsRideThroughAKillNine() throws Exception {
        Path data = tmp.resolve("live");
        String topic = "groups-live";
        String bootstrapServers;
        Map<GroupProtocol, KafkaConsumer<String, String>> members = new EnumMap<>(GroupProtocol.class);
        Map<GroupProtocol, Set<String>> seen = new EnumMap<>(GroupProtocol.class);
        Map<GroupProtocol, String> memberIds = new EnumMap<>(GroupProtocol.class);
        try {
            try (NodeProcess first = NodeProcess.start(data, SETTINGS)) {
                bootstrapServers = first.bootstrapServers();
                Clients.createTopic(bootstrapServers, topic, 2, Map.of());
                produce(bootstrapServers, topic, "before", 100);
                for (GroupProtocol protocol : GroupProtocol.values()) {
                    KafkaConsumer<String, String> member = GroupMembers.member(bootstrapServers, protocol, "live-" + protocol);
                    members.put(protocol, member);
                    seen.put(protocol, new HashSet<>());
                    member.subscribe(List.of(topic));
                }
                readAndCommit(members, seen, 100);
                members.forEach((protocol, member) -> memberIds.put(protocol, member.groupMetadata().memberId()));
                first.killNine();
            }
            String[] samePort = Arrays.copyOf(SETTINGS, SETTINGS.length + 1);
            samePort[SETTINGS.length] = "listeners=PLAINTEXT://" + bootstrapServers;
            try (NodeProcess second = NodeProcess.start(data, samePort)) {
                produce(bootstrapServers, topic, "after", 100);
                readAndCommit(members, seen, 200);
                try (Admin admin = Clients.admin(bootstrapServers)) {
                    for (GroupProtocol protocol : GroupProtocol.values()) {
                        long committed = admin.listConsumerGroupOffsets("live-" + protocol).partitionsToOffsetAndMetadata()
                                .get(30, TimeUnit.SECONDS).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                        assertThat(committed).as(protocol.name()).isEqualTo(200);
                        assertThat(members.get(protocol).groupMetadata().memberId()).as(protocol.name())
                                .isEqualTo(memberIds.get(protocol));
                    }
                }
            }
        } finally {
            members.values().forEach(member -> member.close(Duration.ofSeconds(5)));
        }
    }

    /** Polls every member in turn until each has seen {@code count} distinct values, then commits them all. */
    private static void readAndCommit(Map<GroupProtocol, KafkaConsumer<String, String>> members,
            Map<GroupProtocol, Set<String>> seen, int count) {
        await().atMost(Clients.DEADLINE).until(() -> {
            members.forEach((protocol, member) ->
                    member.poll(Duration.ofMillis(100)).forEach(record -> seen.get(protocol).add(record.value())));
            return seen.values().stream().allMatch(values -> values.size() >= count);
        });
        await().atMost(Clients.DEADLINE).ignoreExceptions().untilAsserted(() -> members.values().forEach(KafkaConsumer::commitSync));
        seen.forEach((protocol, values) -> assertThat(values).as(protocol.name()).hasSize(count));
    }

    private static void produce(String bootstrapServers, String topic, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrapServers)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, prefix + "-" + i, prefix + "-" + i));
            }
            producer.flush();
        }
    }

    private static void assertGroupsSurvived(String bootstrapServers, TopicPartition partition) throws Exception {
        try (Admin admin = Clients.admin(bootstrapServers)) {
            List<GroupListing> groups = List.copyOf(admin.listGroups().all().get(30, TimeUnit.SECONDS));
            for (GroupProtocol protocol : GroupProtocol.values()) {
                GroupType type = protocol == GroupProtocol.CLASSIC ? GroupType.CLASSIC : GroupType.CONSUMER;
                assertThat(groups).anySatisfy(listing -> {
                    assertThat(listing.groupId()).isEqualTo(group(protocol));
                    assertThat(listing.type()).contains(type);
                });
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group(protocol)).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).get(partition);
                assertThat(committed.offset()).isEqualTo(COMMITTED.get(protocol));
                assertThat(committed.metadata()).isEqualTo(protocol.name());
            }
            ConsumerGroupDescription consumerGroup = admin.describeConsumerGroups(List.of(group(GroupProtocol.CONSUMER))).all()
                    .get(30, TimeUnit.SECONDS).get(group(GroupProtocol.CONSUMER));
            assertThat(consumerGroup.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(consumerGroup.groupState()).isEqualTo(GroupState.EMPTY);
            assertThat(consumerGroup.groupEpoch()).hasValueSatisfying(epoch -> assertThat(epoch).isPositive());
        }
    }

    private static String group(GroupProtocol protocol) {
        return "kill-nine-" + protocol.name().toLowerCase();
    }
}
