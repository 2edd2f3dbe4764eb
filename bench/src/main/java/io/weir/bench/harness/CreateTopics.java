package io.weir.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Creates topics with an Admin client and waits until each partition has a leader and all its
 * replicas in sync, so that a benchmark run does not time its first metadata round trips nor an
 * acks=all produce waiting for followers to join. Prints {@code created=<count>}.
 *
 * <p>Usage: {@code CreateTopics [--replication-factor N] BOOTSTRAP PARTITIONS TOPIC...}
 * (replication factor 1 unless given). Single-threaded.
 */
public final class CreateTopics {
  private static final long TIMEOUT_MS = 30_000;
  private static final String REPLICATION_FACTOR_FLAG = "--replication-factor";

  private CreateTopics() {}

  public static void main(String[] args) throws Exception {
    short replicationFactor = 1;
    if (args.length > 0 && args[0].equals(REPLICATION_FACTOR_FLAG)) {
      replicationFactor = Short.parseShort(args[1]);
      args = Arrays.copyOfRange(args, 2, args.length);
    }
    int partitions = Integer.parseInt(args[1]);
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      topics.add(new NewTopic(args[i], partitions, replicationFactor));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(topics).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      List<String> names = topics.stream().map(NewTopic::name).toList();
      waitForInSyncReplicas(admin, names, partitions, replicationFactor);
    }
    System.out.println("created=" + topics.size());
  }

  private static void waitForInSyncReplicas(
      Admin admin, List<String> names, int partitions, short replicationFactor) throws Exception {
    long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
    while (System.nanoTime() < deadlineNs) {
      long ready = admin.describeTopics(names).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .values().stream()
          .flatMap(d -> d.partitions().stream())
          .filter(p -> isReady(p, replicationFactor))
          .count();
      if (ready == (long) names.size() * partitions) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("topics " + names + " lack a leader or an in-sync replica after "
        + TIMEOUT_MS + " ms");
  }

  private static boolean isReady(TopicPartitionInfo partition, short replicationFactor) {
    return partition.leader() != null && !partition.leader().isEmpty()
        && partition.isr().size() >= replicationFactor;
  }
}
