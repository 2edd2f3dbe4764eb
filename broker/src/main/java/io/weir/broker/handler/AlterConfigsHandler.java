package io.weir.broker.handler;

import io.weir.broker.config.AlterOp;
import io.weir.broker.config.ConfigChange;
import io.weir.broker.config.ConfigError;
import io.weir.broker.config.ConfigManager;
import io.weir.broker.config.ResourceError;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.record.ResourceType;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AlterConfigs (api key 33), versions 0 to 2 (all Kafka 4.4 has): the legacy, non-incremental
 * alter, in which the listed keys become the resource's whole override set and every override
 * not listed is removed ({@link ConfigManager#replaceConfigs}).
 *
 * <p>One response per resource, in request order, each succeeding or failing whole. A null value
 * is INVALID_REQUEST; an unknown key or a bad value INVALID_CONFIG; an unknown topic
 * UNKNOWN_TOPIC_OR_PARTITION; broker resources, a group resource without name and unsupported
 * resource types INVALID_REQUEST. Topic and group resources are changed.
 *
 * <p>The changes are committed off the event loop; the reply completes when every resource is
 * done. Stateless and thread-safe.
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequestData> {

    /** The AlterConfigs versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 2);

    private static final Logger log = LoggerFactory.getLogger(AlterConfigsHandler.class);

    private final ConfigManager configs;

    /** @param configs the node's configuration manager */
    public AlterConfigsHandler(ConfigManager configs) {
        this.configs = Objects.requireNonNull(configs, "configs");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, AlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            log.debug("{}alter configs of type {} {} (validate only: {})", context.logPrefix(),
                    resource.resourceType(), resource.resourceName(), request.validateOnly());
            results.add(alter(resource, request.validateOnly()).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            AlterConfigsResponseData response = new AlterConfigsResponseData();
            results.forEach(result -> response.responses().add(result.join()));
            return Reply.respond(response);
        });
    }

    private CompletionStage<AlterConfigsResourceResponse> alter(AlterConfigsResource resource, boolean validateOnly) {
        Optional<ResourceType> type = ResourceType.fromId(resource.resourceType());
        if (type.isEmpty()) {
            return failed(resource, "Unsupported resource type " + resource.resourceType());
        }
        List<ConfigChange> changes = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            changes.add(new ConfigChange(config.name(), AlterOp.SET, Optional.ofNullable(config.value())));
        }
        return configs.replaceConfigs(new ConfigResource(type.get(), resource.resourceName()), changes, validateOnly)
                .thenApply(error -> response(resource, error));
    }

    private static CompletionStage<AlterConfigsResourceResponse> failed(AlterConfigsResource resource, String message) {
        return CompletableFuture.completedFuture(
                response(resource, Optional.of(new ResourceError(ConfigError.INVALID_REQUEST, message))));
    }

    private static AlterConfigsResourceResponse response(AlterConfigsResource resource, Optional<ResourceError> error) {
        return new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setErrorCode(error.map(e -> e.error().errorCode()).orElse(Errors.NONE.code()))
                .setErrorMessage(error.map(ResourceError::message).orElse(null));
    }
}
