package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups of both rebalance protocols and their committed offsets survive a node killed with SIGKILL
 * (a child JVM: no shutdown hook, no flush) and started again on the same data: the groups are still
 * listed with their type, their offsets and metadata are intact, and their members resume right after
 * the last commit.
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
