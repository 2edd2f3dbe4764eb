package io.weir.examples.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The two topics of the example, created when missing. Thread-safety: stateless. */
final class Topics {
    /** Deposits and withdrawals, keyed by account id; the source of truth. */
    static final String EVENTS = "account-events";
    /** The latest balance per account (key = account id, value = balance): compacted. */
    static final String BALANCES = "account-balances";
    /** Both topics have this many partitions, so an account's events and balance share a number. */
    static final int PARTITIONS = 3;

    private Topics() {}

    /** Creates whichever of the two topics does not exist yet; an existing one is left as it is. */
    static void ensure(String bootstrapServers) throws InterruptedException, ExecutionException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(EVENTS)) {
                missing.add(new NewTopic(EVENTS, PARTITIONS, (short) 1));
            }
            if (!existing.contains(BALANCES)) {
                // Compaction keeps at least the latest record of every key, so this topic stays as
                // small as the number of accounts however many updates it has seen.
                missing.add(new NewTopic(BALANCES, PARTITIONS, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")));
            }
            createAll(admin, missing);
        }
    }

    private static void createAll(Admin admin, List<NewTopic> topics) throws InterruptedException, ExecutionException {
        try {
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e; // another process created it first: fine; anything else is not
            }
        }
    }
}
