package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.WeirCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group configs (Kafka 4.x, KIP-848) as operators set them: {@code Admin.incrementalAlterConfigs}
 * on a {@code GROUP} config resource and DescribeConfigs back (value and source), refusals as
 * {@link InvalidConfigurationException}, {@code kafka-configs --entity-type groups} (which lists the
 * configured groups with ListConfigResources), and a consumer-protocol group whose own session
 * timeout expels a member killed with SIGKILL long before the node's; in a cluster, the active
 * controller commits the change for every node, broker-only ones included.
 *
 * <p>The node keeps Kafka's 45 s consumer session timeout and lowers only its minimum (to 6 s), so
 * that a group may choose a shorter one; its heartbeat interval is set in its configuration (3 s),
 * so that an unset group key reports the node's value as STATIC_BROKER_CONFIG.
 */
class GroupConfigsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CONFIG_COMMAND = "org.apache.kafka.tools.ConfigCommand";
    private static final String SESSION = "consumer.session.timeout.ms";
    private static final String HEARTBEAT = "consumer.heartbeat.interval.ms";
    private static final int GROUP_SESSION_TIMEOUT_MS = 6_000;
    private static final int NODE_SESSION_TIMEOUT_MS = 45_000;
    private static WeirCluster weir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startNode() {
        weir = WeirCluster.builder()
                .config("offsets.topic.num.partitions", "3")
                .config("group.consumer.min.session.timeout.ms", Integer.toString(GROUP_SESSION_TIMEOUT_MS))
                .config("group.consumer.min.heartbeat.interval.ms", "500")
                .config("group.consumer.heartbeat.interval.ms", "3000")
                .build();
    }

    @AfterAll
    static void stopNode() {
        weir.close();
    }

    @Test
    void adminSetsAGroupsKeysBeforeTheGroupExistsAndDescribesThemWithTheirSource() throws Exception {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "cfg-admin");
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            alter(admin, group, new AlterConfigOp(new ConfigEntry(SESSION, "20000"), AlterConfigOp.OpType.SET));

            Config described = describe(admin, group);
            assertThat(described.get(SESSION).value()).isEqualTo("20000");
            assertThat(described.get(SESSION).source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
            assertThat(described.get(SESSION).isReadOnly()).isFalse();
            assertThat(described.get(HEARTBEAT).value()).isEqualTo("3000");
            assertThat(described.get(HEARTBEAT).source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(admin.listConfigResources(Set.of(ConfigResource.Type.GROUP), new ListConfigResourcesOptions()).all()
                    .get(30, TimeUnit.SECONDS)).contains(group);

            alter(admin, group, new AlterConfigOp(new ConfigEntry(SESSION, ""), AlterConfigOp.OpType.DELETE));
            Config reset = describe(admin, group);
            assertThat(reset.get(SESSION).value()).isEqualTo(Integer.toString(NODE_SESSION_TIMEOUT_MS));
            assertThat(reset.get(SESSION).source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        }
    }

    @Test
    void badValuesAndKeysWeirDoesNotActOnAreRefusedAsInvalidConfig() throws Exception {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "cfg-refused");
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            assertThatThrownBy(() -> alter(admin, group,
                    new AlterConfigOp(new ConfigEntry(SESSION, "5000"), AlterConfigOp.OpType.SET)))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("consumer.session.timeout.ms")
                    .hasMessageContaining("group.consumer.min.session.timeout.ms (6000)");
            assertThatThrownBy(() -> alter(admin, group,
                    new AlterConfigOp(new ConfigEntry(HEARTBEAT, "8000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry(SESSION, "7000"), AlterConfigOp.OpType.SET)))
                    .cause().isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("must be greater than consumer.heartbeat.interval.ms");
            assertThatThrownBy(() -> alter(admin, group,
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))
                    .cause().isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("Weir has no share groups");

            assertThat(describe(admin, group).get(SESSION).source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        }
    }

    @Test
    void configCommandAltersAndDescribesGroups() {
        String group = "cfg-tool";
        ExternalProcess.Result altered = configs("--entity-type", "groups", "--entity-name", group, "--alter",
                "--add-config", SESSION + "=30000," + HEARTBEAT + "=2000");
        assertThat(altered.exitCode()).as(altered.toString()).isZero();
        assertThat(altered.stdout()).as(altered.toString()).contains("Completed updating config for group " + group + ".");

        ExternalProcess.Result named = configs("--entity-type", "groups", "--entity-name", group, "--describe");
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(named.stdout()).as(named.toString()).contains(SESSION + "=30000", HEARTBEAT + "=2000");

        ExternalProcess.Result all = configs("--entity-type", "groups", "--describe");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.stdout()).as(all.toString()).contains(group).contains(SESSION + "=30000");

        ExternalProcess.Result deleted = configs("--entity-type", "groups", "--entity-name", group, "--alter",
                "--delete-config", HEARTBEAT);
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        ExternalProcess.Result after = configs("--entity-type", "groups", "--entity-name", group, "--describe");
        assertThat(after.stdout()).as(after.toString()).contains(SESSION + "=30000").doesNotContain(HEARTBEAT + "=2000");

        ExternalProcess.Result refused = configs("--entity-type", "groups", "--entity-name", group, "--alter",
                "--add-config", SESSION + "=1");
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).as(refused.toString())
                .contains("InvalidConfigurationException").contains("consumer.session.timeout.ms");
    }

    @Test
    void aKilledMemberIsExpelledAfterTheGroupsSessionTimeoutNotTheNodes() throws Exception {
        String group = "cfg-session";
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            alter(admin, new ConfigResource(ConfigResource.Type.GROUP, group), new AlterConfigOp(
                    new ConfigEntry(SESSION, Integer.toString(GROUP_SESSION_TIMEOUT_MS)), AlterConfigOp.OpType.SET));
        }

        long tookMs = GroupScenarios.aKilledMemberIsExpelled(weir.bootstrapServers(), GroupProtocol.CONSUMER, group,
                GROUP_SESSION_TIMEOUT_MS, tmp);

        assertThat(tookMs).as("the node's own session timeout is %d ms", NODE_SESSION_TIMEOUT_MS)
                .isLessThan(NODE_SESSION_TIMEOUT_MS - 10_000L);
    }

    @Test
    void inAClusterTheControllerCommitsGroupConfigsForEveryNode() throws Exception {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "cfg-cluster");
        try (WeirCluster cluster = WeirCluster.builder().nodes(3).brokerOnlyNodes(1)
                        .config("group.consumer.min.session.timeout.ms", Integer.toString(GROUP_SESSION_TIMEOUT_MS)).build();
                Admin admin = Clients.admin(cluster.bootstrapServers())) {
            alter(admin, group, new AlterConfigOp(new ConfigEntry(SESSION, "7000"), AlterConfigOp.OpType.SET));

            io.weir.metadata.image.ConfigResource stored = io.weir.metadata.image.ConfigResource.group(group.name());
            WeirCluster.awaitCondition("every node's image holds the group's config", () -> cluster.nodes().stream()
                    .allMatch(node -> node.clusterImage().flatMap(image -> image.configs().config(stored, SESSION))
                            .filter("7000"::equals).isPresent()));
            assertThat(cluster.nodes()).hasSize(4);
            assertThat(describe(admin, group).get(SESSION).source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
        }
    }

    private static void alter(Admin admin, ConfigResource resource, AlterConfigOp... ops) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = Map.of(resource, List.of(ops));
        admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    }

    private static Config describe(Admin admin, ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    private static ExternalProcess.Result configs(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", weir.bootstrapServers()));
        all.addAll(List.of(args));
        return ExternalProcess.run(ExternalProcess.java(ExternalProcess.testClassPath(), CONFIG_COMMAND, all), Optional.empty(), TIMEOUT);
    }
}
