package io.weir.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WeirClusterExtension.class)
class WeirClusterTest {

    @Test
    void servesKafkaClientsAndKeepsTopicsAcrossARestart(WeirCluster weir) throws Exception {
        try (Admin admin = admin(weir)) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains("orders");
        }

        weir.restart(0);

        try (Admin admin = admin(weir)) {
            assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions())
                    .hasSize(3);
        }
    }

    @Test
    void theExtensionSharesOneClusterPerClass(WeirCluster weir) {
        assertThat(weir.nodes()).hasSize(1);
        assertThat(weir.bootstrapServers()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
    }

    @Test
    void closeDeletesTheDataFolders() {
        WeirCluster cluster = WeirCluster.builder().config("num.partitions", "2").build();
        var dir = cluster.dataDir(0);
        assertThat(dir).isDirectory();
        cluster.close();
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void refusesAClusterWithoutNodes() {
        assertThatThrownBy(() -> WeirCluster.builder().nodes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one node");
    }

    private static Admin admin(WeirCluster weir) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers()));
    }
}
