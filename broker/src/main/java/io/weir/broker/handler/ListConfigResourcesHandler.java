package io.weir.broker.handler;

import io.weir.broker.config.ConfigManager;
import io.weir.metadata.record.ResourceType;
import io.weir.protocol.VersionRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListConfigResourcesRequestData;
import org.apache.kafka.common.message.ListConfigResourcesResponseData;
import org.apache.kafka.common.message.ListConfigResourcesResponseData.ConfigResource;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ListConfigResources (api key 74), versions 0 to 1 (all Kafka 4.4 has; KIP-1142; v0 was
 * ListClientMetricsResources): the names of the resources that can be described, by type.
 * {@code kafka-configs --describe --entity-type groups} asks it for the groups that have configs,
 * so that a group configured before its first member joins is found.
 *
 * <ul>
 *   <li>v0 lists client-metrics subscriptions only; v1 lists the requested types, or every type
 *       Kafka lists (topic, broker, broker logger, client metrics, group) when none is named. A
 *       type outside that set fails the whole request with UNSUPPORTED_VERSION, as in Kafka.
 *   <li>Topics, registered brokers and groups with overrides come from {@link
 *       ConfigManager#resourceNames}; Weir has no client-metrics subscriptions and does not
 *       serve broker loggers, so those types list nothing.
 * </ul>
 *
 * <p>Answers at once from the current metadata image; stateless and thread-safe.
 */
public final class ListConfigResourcesHandler implements ApiHandler<ListConfigResourcesRequestData> {

    /** The ListConfigResources versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 1);

    private static final byte BROKER_LOGGER = 8;
    private static final byte CLIENT_METRICS = 16;
    /** The types Kafka lists from v1, in the order of its answer. */
    private static final List<Byte> LISTED = List.of(ResourceType.GROUP.id(), CLIENT_METRICS, BROKER_LOGGER,
            ResourceType.BROKER.id(), ResourceType.TOPIC.id());

    private static final Logger log = LoggerFactory.getLogger(ListConfigResourcesHandler.class);

    private final ConfigManager configs;

    /** @param configs the node's configuration manager */
    public ListConfigResourcesHandler(ConfigManager configs) {
        this.configs = Objects.requireNonNull(configs, "configs");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_CONFIG_RESOURCES;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ListConfigResourcesRequestData request) {
        List<Byte> types = context.header().apiVersion() == 0 ? List.of(CLIENT_METRICS)
                : request.resourceTypes().isEmpty() ? LISTED : request.resourceTypes();
        log.debug("{}list config resources of types {}", context.logPrefix(), types);
        ListConfigResourcesResponseData response = new ListConfigResourcesResponseData();
        if (!LISTED.containsAll(types)) {
            return Reply.completed(response.setErrorCode(Errors.UNSUPPORTED_VERSION.code()));
        }
        for (byte type : types.stream().distinct().toList()) {
            Optional<ResourceType> weirType = ResourceType.fromId(type);
            List<String> names = weirType.map(configs::resourceNames).orElse(List.of());
            names.forEach(name -> response.configResources().add(new ConfigResource().setResourceName(name).setResourceType(type)));
        }
        return Reply.completed(response.setErrorCode(Errors.NONE.code()));
    }
}
