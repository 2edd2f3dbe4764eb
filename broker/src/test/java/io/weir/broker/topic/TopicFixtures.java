package io.weir.broker.topic;

import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.SecurityProtocol;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Shared test values: this node's identity, a permissive config validator, a manual executor. */
public final class TopicFixtures {

    public static final int NODE_ID = 1;
    public static final String CLUSTER_ID = "q1Sh-9_ISia_zwGINzRvyQ";

    private TopicFixtures() {}

    public static BrokerIdentity identity(String host, int port) {
        return new BrokerIdentity(NODE_ID, CLUSTER_ID,
                List.of(new Endpoint("PLAINTEXT", host, port, SecurityProtocol.PLAINTEXT)), Optional.empty());
    }

    /** Accepts every config: for tests only (the configuration registry validates in the server). */
    public static TopicConfigValidator permissiveValidator() {
        return (topicName, configs) -> {};
    }

    /** Refuses any key not in {@code known}, as a registry would. */
    public static TopicConfigValidator knownKeys(String... known) {
        List<String> keys = List.of(known);
        return (topicName, configs) -> {
            for (Map.Entry<String, String> e : configs.entrySet()) {
                if (!keys.contains(e.getKey())) {
                    throw new TopicOperationException(TopicError.INVALID_CONFIG, "Unknown topic config " + e.getKey());
                }
            }
        };
    }

    /** An executor that queues tasks until the test runs them. Not thread-safe. */
    public static final class ManualExecutor implements Executor {
        public final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        public void runAll() {
            while (!tasks.isEmpty()) {
                tasks.remove().run();
            }
        }
    }
}
