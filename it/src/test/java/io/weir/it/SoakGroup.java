package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group of kafka-clients 4.4 members (classic protocol), each polling one topic in its own
 * thread and committing synchronously after every poll, and recording every record it processed:
 * partition, offset and value. A member can be replaced as if it crashed: it stops right after a
 * poll, without processing or committing what that poll returned, closes without leaving the group,
 * and a new member takes its place.
 *
 * <p>The group's offsets start committed at 0 and members have {@code auto.offset.reset=none}, so a
 * lost commit, an offset out of range, or a log truncation the client detects (KIP-320) is never
 * reset silently: each is recorded as a violation, and the member reads the partition again from
 * the beginning. A member that gets a partition must also start it at or after the highest commit
 * the group ever acknowledged for it (the rebalance protocol is eager: no member commits a
 * partition once another may own it).
 *
 * <p>Thread-safety: the methods are for one controlling thread; {@link #seen()}, {@link #violations()}
 * and the counters may be read from any thread.
 */
final class SoakGroup implements AutoCloseable {
    /** One record a member processed. */
    record Seen(int partition, long offset, String value) {}

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final long JOIN_MS = 60_000;
    private static final CloseOptions CRASH = CloseOptions.groupMembershipOperation(
            CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(Duration.ZERO);

    private final String bootstrapServers;
    private final String topic;
    private final String group;
    private final List<Member> members = new ArrayList<>();
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger memberCount = new AtomicInteger();
    private final AtomicLong discarded = new AtomicLong();
    private final AtomicLong pollErrors = new AtomicLong();
    private final AtomicLong commitErrors = new AtomicLong();
    private final AtomicLong startsChecked = new AtomicLong();
    /** The highest commit acknowledged to any member, by partition. */
    private final ConcurrentHashMap<Integer, Long> acknowledgedCommits = new ConcurrentHashMap<>();

    private SoakGroup(String bootstrapServers, String topic, String group) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.group = group;
    }

    /** Commits offset 0 for every partition of {@code topic} in {@code group}, then starts {@code size} members. */
    static SoakGroup start(Admin admin, String bootstrapServers, String topic, int partitions, String group,
            int size) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> zero = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        for (int p = 0; p < partitions; p++) {
            zero.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
        }
        admin.alterConsumerGroupOffsets(group, zero).all().get(ClusterChecks.WAIT_MS, TimeUnit.MILLISECONDS);
        SoakGroup soakGroup = new SoakGroup(bootstrapServers, topic, group);
        for (int i = 0; i < size; i++) {
            soakGroup.members.add(soakGroup.new Member());
        }
        return soakGroup;
    }

    int size() {
        return members.size();
    }

    /**
     * Crashes member {@code index} (see the class comment), waits for its thread to end and starts a
     * new member in its place. Returns the name of the crashed member.
     */
    String replace(int index) throws InterruptedException {
        Member old = members.get(index);
        old.crash = true;
        old.thread.join(JOIN_MS);
        if (old.thread.isAlive()) {
            throw new AssertionError(old.name + " did not stop in " + JOIN_MS + " ms");
        }
        members.set(index, new Member());
        return old.name;
    }

    /**
     * Waits until the group's committed offset of every partition equals {@code endOffsets}
     * (partition to end offset), while the members go on polling and committing.
     */
    void awaitCommitted(Admin admin, Map<Integer, Long> endOffsets) {
        Map<Integer, Long> committed = Map.of();
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ClusterChecks.WAIT_MS);
        while (true) {
            try {
                committed = committed(admin);
            } catch (IllegalStateException e) {
                // Asked again below.
            }
            if (committed.equals(endOffsets)) {
                return;
            }
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("the group " + group + " did not commit the end offsets in "
                        + ClusterChecks.WAIT_MS + " ms: committed " + committed + ", end offsets " + endOffsets
                        + ", violations " + violations());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** The group's committed offsets, by partition number. */
    Map<Integer, Long> committed(Admin admin) {
        try {
            Map<Integer, Long> committed = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, offset) -> committed.put(tp.partition(), offset.offset()));
            return committed;
        } catch (Exception e) {
            throw new IllegalStateException("could not list the offsets of " + group, e);
        }
    }

    /**
     * Checks that the members processed every record of {@code logged} (partition to offset to
     * value, the whole topic) at least once, and always with the value it has in the log.
     */
    void checkProcessedEverything(Map<Integer, Map<Long, String>> logged) {
        Map<Integer, Map<Long, String>> processed = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Seen record : seen) {
            String loggedValue = logged.getOrDefault(record.partition(), Map.of()).get(record.offset());
            if (!record.value().equals(loggedValue)) {
                wrong.add(topic + "-" + record.partition() + "@" + record.offset() + " processed as " + record.value()
                        + ", logged as " + loggedValue);
            }
            processed.computeIfAbsent(record.partition(), p -> new TreeMap<>()).put(record.offset(), record.value());
        }
        assertThat(wrong).as("records processed with another value than logged").isEmpty();
        Map<Integer, String> missing = new TreeMap<>();
        logged.forEach((partition, records) -> {
            Map<Long, String> seenHere = processed.getOrDefault(partition, Map.of());
            List<Long> unseen = records.keySet().stream().filter(offset -> !seenHere.containsKey(offset)).toList();
            if (!unseen.isEmpty()) {
                missing.put(partition, unseen.size() + " records, offsets " + ranges(unseen));
            }
        });
        assertThat(missing).as("records of %s the group never processed, by partition", topic).isEmpty();
    }

    /** Sorted offsets as ranges: {@code 3-7, 9, 12-13}. */
    private static String ranges(List<Long> offsets) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < offsets.size(); ) {
            int j = i;
            while (j + 1 < offsets.size() && offsets.get(j + 1) == offsets.get(j) + 1) {
                j++;
            }
            text.append(text.length() == 0 ? "" : ", ").append(offsets.get(i));
            if (j > i) {
                text.append('-').append(offsets.get(j));
            }
            i = j + 1;
        }
        return text.toString();
    }

    List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    List<String> violations() {
        return new ArrayList<>(violations);
    }

    /** Records that crashed members polled but never processed. */
    long discarded() {
        return discarded.get();
    }

    long pollErrors() {
        return pollErrors.get();
    }

    long commitErrors() {
        return commitErrors.get();
    }

    /** How many assigned partitions' starting positions were checked against the acknowledged commits. */
    long startsChecked() {
        return startsChecked.get();
    }

    /** Stops every member (each leaves the group) and waits for their threads. */
    @Override
    public void close() throws InterruptedException {
        members.forEach(m -> m.stop = true);
        for (Member member : members) {
            member.thread.join(JOIN_MS);
            if (member.thread.isAlive()) {
                violations.add(member.name + " did not stop in " + JOIN_MS + " ms");
            }
        }
    }

    /** One member: its own consumer, polled by its own thread. */
    private final class Member {
        private final String name = group + "-member-" + memberCount.incrementAndGet();
        private final Thread thread = new Thread(this::run, name);
        private volatile boolean stop;
        private volatile boolean crash;

        Member() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            KafkaConsumer<String, String> consumer = GroupMembers.member(bootstrapServers, GroupProtocol.CLASSIC, group,
                    Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none", ConsumerConfig.CLIENT_ID_CONFIG, name));
            try {
                consumer.subscribe(List.of(topic), new CommittedOffsetCheck(consumer));
                while (!stop) {
                    ConsumerRecords<String, String> records = poll(consumer);
                    if (crash) {
                        discarded.addAndGet(records.count());
                        consumer.close(CRASH);
                        return;
                    }
                    for (ConsumerRecord<String, String> record : records) {
                        seen.add(new Seen(record.partition(), record.offset(), record.value()));
                    }
                    commit(consumer);
                }
                consumer.close();
            } catch (RuntimeException e) {
                violations.add(name + " ended with " + e);
                consumer.close(CRASH);
            }
        }

        private ConsumerRecords<String, String> poll(KafkaConsumer<String, String> consumer) {
            try {
                return consumer.poll(POLL_TIMEOUT);
            } catch (OffsetOutOfRangeException e) {
                violations.add(name + ": " + e);
                consumer.seekToBeginning(e.partitions());
            } catch (NoOffsetForPartitionException e) {
                violations.add(name + ": committed offsets lost: " + e);
                consumer.seekToBeginning(e.partitions());
            } catch (KafkaException e) {
                pollErrors.incrementAndGet();
            }
            return ConsumerRecords.empty();
        }

        /** Commits the position of every assigned partition, and records the commits acknowledged. */
        private void commit(KafkaConsumer<String, String> consumer) {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (TopicPartition partition : consumer.assignment()) {
                    offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
                }
                consumer.commitSync(offsets);
                offsets.forEach((partition, offset) ->
                        acknowledgedCommits.merge(partition.partition(), offset.offset(), Math::max));
            } catch (KafkaException e) {
                // A rebalance or a coordinator moving: the next owner starts from the last commit.
                commitErrors.incrementAndGet();
            }
        }

        /**
         * On every assignment, checks that the member starts each partition at or after the highest
         * commit ever acknowledged for it: a lower start means the group lost an acknowledged commit.
         */
        private final class CommittedOffsetCheck implements ConsumerRebalanceListener {
            private final KafkaConsumer<String, String> consumer;

            CommittedOffsetCheck(KafkaConsumer<String, String> consumer) {
                this.consumer = consumer;
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                for (TopicPartition partition : partitions) {
                    long acknowledged = acknowledgedCommits.getOrDefault(partition.partition(), 0L);
                    try {
                        long position = consumer.position(partition);
                        startsChecked.incrementAndGet();
                        if (position < acknowledged) {
                            violations.add(name + " starts " + partition + " at " + position
                                    + ", below the acknowledged commit " + acknowledged);
                        }
                    } catch (KafkaException e) {
                        // Not known yet (the coordinator moving): the next assignment checks again.
                        pollErrors.incrementAndGet();
                    }
                }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
        }
    }
}
