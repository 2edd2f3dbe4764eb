package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.weir.broker.config.ConfigManager;
import io.weir.broker.config.Topics;
import io.weir.broker.testing.KafkaWire;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.protocol.ErrorMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.ListConfigResourcesRequestData;
import org.apache.kafka.common.message.ListConfigResourcesResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The config handlers through the dispatcher, at each version, as bytes a client would send. */
class ConfigHandlersTest {

    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));
    private static final byte TOPIC = 2;
    private static final byte BROKER = 4;
    private static final byte BROKER_LOGGER = 8;
    private static final byte CLIENT_METRICS = 16;
    private static final byte GROUP = 32;

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private RequestDispatcher dispatcher;

    @BeforeEach
    void start() throws IOException {
        store = LocalMetadataStore.open(dir);
        store.commit(Topics.topic("orders"));
        ConfigManager configs = new ConfigManager(BrokerConfig.parse(Map.of("node.id", "1")), store, Runnable::run);
        dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new DescribeConfigsHandler(configs))
                .register(new AlterConfigsHandler(configs))
                .register(new IncrementalAlterConfigsHandler(configs))
                .register(new ListConfigResourcesHandler(configs))
                .build(), new ErrorMapper(Map.of()));
    }

    @AfterEach
    void stop() throws IOException {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void describeConfigsAtEveryVersion(int version) {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData()
                .setIncludeSynonyms(true)
                .setIncludeDocumentation(version >= 3)
                .setResources(List.of(
                        new DescribeConfigsResource().setResourceType(TOPIC).setResourceName("orders")
                                .setConfigurationKeys(List.of("retention.ms", "cleanup.policy")),
                        new DescribeConfigsResource().setResourceType(BROKER).setResourceName("1").setConfigurationKeys(null),
                        new DescribeConfigsResource().setResourceType(TOPIC).setResourceName("nope"),
                        new DescribeConfigsResource().setResourceType(BROKER_LOGGER).setResourceName("1")));

        DescribeConfigsResponseData response = (DescribeConfigsResponseData) roundTrip(request, version);

        List<DescribeConfigsResult> results = response.results();
        assertThat(results).extracting(DescribeConfigsResult::errorCode).containsExactly(Errors.NONE.code(),
                Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), Errors.INVALID_REQUEST.code());
        DescribeConfigsResourceResult retention = results.get(0).configs().stream()
                .filter(c -> c.name().equals("retention.ms")).findFirst().orElseThrow();
        assertThat(retention.value()).isEqualTo("604800000");
        assertThat(retention.configSource()).isEqualTo((byte) 5);
        // As in Kafka 4.4: log.retention.ms, retention.ms's node key, has no default of its own.
        assertThat(retention.synonyms()).isEmpty();
        DescribeConfigsResourceResult cleanupPolicy = results.get(0).configs().stream()
                .filter(c -> c.name().equals("cleanup.policy")).findFirst().orElseThrow();
        assertThat(cleanupPolicy.synonyms()).extracting(DescribeConfigsSynonym::name, DescribeConfigsSynonym::source)
                .containsExactly(tuple("log.cleanup.policy", (byte) 5));
        assertThat(results.get(0).configs()).hasSize(2);
        assertThat(results.get(1).configs()).allMatch(DescribeConfigsResourceResult::readOnly).hasSizeGreaterThan(20);
        if (version >= 3) {
            assertThat(retention.configType()).isEqualTo((byte) 5);
            assertThat(retention.documentation()).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void incrementalAlterConfigsAtEveryVersion(int version) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        IncrementalAlterConfigsRequestData.AlterConfigsResource orders =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType(TOPIC).setResourceName("orders");
        orders.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("retention.ms").setConfigOperation((byte) 0).setValue("1000"));
        orders.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("cleanup.policy").setConfigOperation((byte) 2).setValue("compact"));
        IncrementalAlterConfigsRequestData.AlterConfigsResource badOp =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType(TOPIC).setResourceName("nope");
        badOp.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("retention.ms").setConfigOperation((byte) 9).setValue("1"));
        request.resources().add(orders);
        request.resources().add(badOp);

        IncrementalAlterConfigsResponseData response = (IncrementalAlterConfigsResponseData) roundTrip(request, version);

        assertThat(response.responses()).extracting(r -> r.errorCode())
                .containsExactly(Errors.NONE.code(), Errors.INVALID_REQUEST.code());
        assertThat(response.responses().get(0).errorMessage()).isNull();
        assertThat(store.image().configs().configs(ConfigResource.topic("orders")))
                .containsOnly(Map.entry("retention.ms", "1000"), Map.entry("cleanup.policy", "delete,compact"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void legacyAlterConfigsAtEveryVersion(int version) {
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        AlterConfigsRequestData.AlterConfigsResource orders =
                new AlterConfigsRequestData.AlterConfigsResource().setResourceType(TOPIC).setResourceName("orders");
        orders.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("segment.ms").setValue("60000"));
        AlterConfigsRequestData.AlterConfigsResource broker =
                new AlterConfigsRequestData.AlterConfigsResource().setResourceType(BROKER).setResourceName("1");
        broker.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("num.partitions").setValue("3"));
        request.resources().add(orders);
        request.resources().add(broker);

        AlterConfigsResponseData response = (AlterConfigsResponseData) roundTrip(request, version);

        assertThat(response.responses()).extracting(r -> r.errorCode())
                .containsExactly(Errors.NONE.code(), Errors.INVALID_REQUEST.code());
        assertThat(response.responses().get(1).errorMessage()).contains("dynamically");
        assertThat(store.image().configs().configs(ConfigResource.topic("orders"))).containsOnly(Map.entry("segment.ms", "60000"));
    }

    @Test
    void invalidValuesReachTheClientAsInvalidConfigWithTheMessage() {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData().setValidateOnly(true);
        IncrementalAlterConfigsRequestData.AlterConfigsResource orders =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType(TOPIC).setResourceName("orders");
        orders.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("retention.ms").setConfigOperation((byte) 0).setValue("soon"));
        request.resources().add(orders);

        IncrementalAlterConfigsResponseData response = (IncrementalAlterConfigsResponseData) roundTrip(request, 1);

        assertThat(response.responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(response.responses().get(0).errorMessage()).contains("retention.ms").contains("soon");
    }

    @Test
    void groupResourcesAreSetAndDescribedWithTheGroupSource() {
        IncrementalAlterConfigsRequestData alter = new IncrementalAlterConfigsRequestData();
        IncrementalAlterConfigsRequestData.AlterConfigsResource readers =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType(GROUP).setResourceName("readers");
        readers.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("consumer.session.timeout.ms").setConfigOperation((byte) 0).setValue("50000"));
        IncrementalAlterConfigsRequestData.AlterConfigsResource share =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType(GROUP).setResourceName("sharers");
        share.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("share.session.timeout.ms").setConfigOperation((byte) 0).setValue("50000"));
        alter.resources().add(readers);
        alter.resources().add(share);

        IncrementalAlterConfigsResponseData altered = (IncrementalAlterConfigsResponseData) roundTrip(alter, 1);

        assertThat(altered.responses()).extracting(r -> r.errorCode())
                .containsExactly(Errors.NONE.code(), Errors.INVALID_CONFIG.code());
        assertThat(altered.responses().get(1).errorMessage()).contains("share.session.timeout.ms", "no share groups");
        DescribeConfigsResponseData described = (DescribeConfigsResponseData) roundTrip(new DescribeConfigsRequestData()
                .setResources(List.of(new DescribeConfigsResource().setResourceType(GROUP).setResourceName("readers")
                        .setConfigurationKeys(null))), 4);
        DescribeConfigsResult result = described.results().get(0);
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name, DescribeConfigsResourceResult::value,
                        DescribeConfigsResourceResult::configSource, DescribeConfigsResourceResult::readOnly)
                .containsExactly(tuple("consumer.session.timeout.ms", "50000", (byte) 8, false),
                        tuple("consumer.heartbeat.interval.ms", "5000", (byte) 5, false));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void listConfigResourcesNamesTopicsBrokersAndConfiguredGroups(int version) {
        store.commit(List.of(new ConfigRecord(ResourceType.GROUP, "readers", "consumer.heartbeat.interval.ms", Optional.of("6000"))));

        ListConfigResourcesResponseData all = (ListConfigResourcesResponseData) roundTrip(new ListConfigResourcesRequestData(), version);

        assertThat(all.errorCode()).isEqualTo(Errors.NONE.code());
        if (version == 0) {
            assertThat(all.configResources()).as("v0 lists client-metrics subscriptions only: Weir has none").isEmpty();
        } else {
            ListConfigResourcesResponseData groups = (ListConfigResourcesResponseData) roundTrip(
                    new ListConfigResourcesRequestData().setResourceTypes(List.of(GROUP)), version);
            assertThat(groups.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(all.configResources()).extracting(r -> r.resourceType() + ":" + r.resourceName())
                    .containsExactly(GROUP + ":readers", TOPIC + ":orders");
            assertThat(groups.configResources()).extracting(r -> r.resourceType() + ":" + r.resourceName())
                    .containsExactly(GROUP + ":readers");
            ListConfigResourcesResponseData metrics = (ListConfigResourcesResponseData) roundTrip(
                    new ListConfigResourcesRequestData().setResourceTypes(List.of(CLIENT_METRICS, BROKER_LOGGER)), version);
            assertThat(metrics.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(metrics.configResources()).isEmpty();
            ListConfigResourcesResponseData unknown = (ListConfigResourcesResponseData) roundTrip(
                    new ListConfigResourcesRequestData().setResourceTypes(List.of(GROUP, (byte) 99)), version);
            assertThat(unknown.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(unknown.configResources()).isEmpty();
        }
    }

    private ApiMessage roundTrip(ApiMessage request, int version) {
        Dispatch dispatch = dispatcher.dispatch(KafkaWire.request(request, version, 7), CONNECTION);
        assertThat(dispatch).isInstanceOf(Dispatch.Respond.class);
        ByteBuffer bytes = ((Dispatch.Respond) dispatch).response().join().orElseThrow().toByteBuffer();
        bytes.getInt();
        AbstractResponse response = KafkaWire.response(bytes, ApiKeys.forId(request.apiKey()), version, 7);
        return response.data();
    }
}
