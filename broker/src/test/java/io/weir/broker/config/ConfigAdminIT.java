package io.weir.broker.config;

import io.weir.broker.testing.StubMetadataHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.handler.AlterConfigsHandler;
import io.weir.broker.handler.DescribeConfigsHandler;
import io.weir.broker.handler.IncrementalAlterConfigsHandler;
import io.weir.broker.network.SocketServer;
import io.weir.broker.testing.KafkaWire;
import io.weir.broker.testing.RawClient;
import io.weir.broker.testing.RunningServer;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.storage.LogConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.4's Admin describes and alters configs over real TCP against the config
 * handlers; a test-only Metadata handler lets it bootstrap. The legacy AlterConfigs, which the
 * 4.4 Admin no longer offers, is sent as raw bytes.
 */
class ConfigAdminIT {

    private static final ConfigResource ORDERS = new ConfigResource(ConfigResource.Type.TOPIC, "orders");

    @TempDir
    Path dir;

    private final Map<String, LogConfig> applied = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private LocalMetadataStore store;
    private SocketServer server;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        store = LocalMetadataStore.open(dir);
        store.commit(Topics.topic("orders"));
        BrokerConfig node = BrokerConfig.parse(Map.of("node.id", "1", "log.retention.hours", "24"));
        store.addListener((delta, image) -> delta.changedConfigResources().forEach(resource ->
                applied.put(resource.name(), TopicLogConfigs.logConfigFor(node, image.configs().configs(resource)))));
        ConfigManager configs = new ConfigManager(node, store, writer);
        StubMetadataHandler metadata = StubMetadataHandler.brokerOnly();
        server = RunningServer.start(RunningServer.localConfig(), metadata, new DescribeConfigsHandler(configs),
                new AlterConfigsHandler(configs), new IncrementalAlterConfigsHandler(configs));
        metadata.port = server.boundPort();
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    @AfterEach
    void stop() throws Exception {
        admin.close(Duration.ofSeconds(5));
        server.close();
        writer.shutdown();
        assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        store.close();
    }

    @Test
    void adminDescribesTopicAndBrokerConfigsWithSources() throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");

        Map<ConfigResource, Config> described = admin.describeConfigs(List.of(ORDERS, broker),
                new DescribeConfigsOptions().includeSynonyms(true).includeDocumentation(true)).all().get(20, TimeUnit.SECONDS);

        ConfigEntry retention = described.get(ORDERS).get("retention.ms");
        assertThat(retention.value()).isEqualTo("86400000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(retention.type()).isEqualTo(ConfigEntry.ConfigType.LONG);
        assertThat(retention.documentation()).isNotBlank();
        assertThat(retention.synonyms()).extracting(ConfigEntry.ConfigSynonym::name).contains("log.retention.hours");
        ConfigEntry hours = described.get(broker).get("log.retention.hours");
        assertThat(hours.value()).isEqualTo("24");
        assertThat(hours.isReadOnly()).isTrue();
    }

    @Test
    void adminIncrementalAlterTakesEffectOnTheLogSettings() throws Exception {
        admin.incrementalAlterConfigs(Map.of(ORDERS, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND))))
                .all().get(20, TimeUnit.SECONDS);

        Config orders = admin.describeConfigs(List.of(ORDERS)).all().get(20, TimeUnit.SECONDS).get(ORDERS);
        assertThat(orders.get("retention.ms").value()).isEqualTo("1000");
        assertThat(orders.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(orders.get("cleanup.policy").value()).isEqualTo("delete,compact");
        // The applier runs on the committing thread before the alter answers, so no wait is needed.
        assertThat(applied.get("orders")).isNotNull().extracting(LogConfig::retentionMs).isEqualTo(1000L);
    }

    @Test
    void adminSeesInvalidConfigAndUnknownTopicErrors() {
        ConfigResource missing = new ConfigResource(ConfigResource.Type.TOPIC, "missing");
        AlterConfigOp bad = new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET);

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(ORDERS, List.of(bad))).all().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> admin.describeConfigs(List.of(missing)).all().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void legacyAlterConfigsOverTcpReplacesTheOverrides() {
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        AlterConfigsRequestData.AlterConfigsResource orders =
                new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2).setResourceName("orders");
        orders.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("segment.ms").setValue("60000"));
        request.resources().add(orders);

        try (RawClient client = RawClient.connect(server.boundPort())) {
            ByteBuffer bytes = client.roundTrip(KafkaWire.request(request, 2, 11));
            AlterConfigsResponseData response =
                    (AlterConfigsResponseData) KafkaWire.response(bytes, ApiKeys.ALTER_CONFIGS, 2, 11).data();
            assertThat(response.responses()).singleElement()
                    .satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.NONE.code()));
        }
        assertThat(store.image().configs().configs(io.weir.metadata.image.ConfigResource.topic("orders")))
                .containsOnly(Map.entry("segment.ms", "60000"));
    }
}
