package io.weir.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates topics (replication factor 1) with an Admin client and waits until each has a leader,
 * so that a benchmark run does not time its first metadata round trips. Prints
 * {@code created=<count>}.
 *
 * <p>Usage: {@code CreateTopics BOOTSTRAP PARTITIONS TOPIC...}. Single-threaded.
 */
public final class CreateTopics {
  private static final long TIMEOUT_MS = 30_000;

  private CreateTopics() {}

  public static void main(String[] args) throws Exception {
    int partitions = Integer.parseInt(args[1]);
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      topics.add(new NewTopic(args[i], partitions, (short) 1));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(topics).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      List<String> names = topics.stream().map(NewTopic::name).toList();
      waitForLeaders(admin, names, partitions);
    }
    System.out.println("created=" + topics.size());
  }

  private static void waitForLeaders(Admin admin, List<String> names, int partitions)
      throws Exception {
    long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
    while (System.nanoTime() < deadlineNs) {
      long ready = admin.describeTopics(names).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .values().stream()
          .flatMap(d -> d.partitions().stream())
          .filter(p -> p.leader() != null && !p.leader().isEmpty())
          .count();
      if (ready == (long) names.size() * partitions) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("topics " + names + " have no leader after " + TIMEOUT_MS + " ms");
  }
}
