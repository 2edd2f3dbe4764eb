package io.weir.it;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A group member in a child JVM, so that a test can kill it with SIGKILL: it stops heartbeating
 * without leaving, as a crashed process would. Arguments: bootstrap servers, group protocol
 * ({@code classic} or {@code consumer}), group id, topic. It subscribes, polls until killed, and
 * prints {@code owned=N} each time the number of partitions it owns changes.
 */
final class GroupMemberMain {
    private GroupMemberMain() {}

    public static void main(String[] args) {
        GroupProtocol protocol = GroupProtocol.of(args[1]);
        try (KafkaConsumer<String, String> consumer = GroupMembers.member(args[0], protocol, args[2], Map.of())) {
            consumer.subscribe(java.util.List.of(args[3]));
            Set<TopicPartition> owned = Set.of();
            while (true) {
                consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().equals(owned)) {
                    owned = Set.copyOf(consumer.assignment());
                    System.out.println("owned=" + owned.size());
                    System.out.flush();
                }
            }
        }
    }
}
