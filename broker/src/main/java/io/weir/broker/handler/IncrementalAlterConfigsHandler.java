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
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IncrementalAlterConfigs (api key 44), versions 0 to 1 (all Kafka 4.4 has; KIP-339): SET, DELETE,
 * APPEND and SUBTRACT on single keys of a resource ({@link ConfigManager#incrementalAlterConfigs}).
 *
 * <p>One response per resource, in request order, each succeeding or failing whole. An unknown
 * operation, a duplicate key or a missing value for anything but DELETE is INVALID_REQUEST; an
 * unknown key, a bad value, or APPEND/SUBTRACT on a key that is not a list is INVALID_CONFIG; an
 * unknown topic UNKNOWN_TOPIC_OR_PARTITION; broker resources, a group resource without name and
 * unsupported resource types INVALID_REQUEST. Topic and group resources are changed (a group
 * need not exist).
 *
 * <p>The changes are committed off the event loop; the reply completes when every resource is
 * done. Stateless and thread-safe.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequestData> {

    /** The IncrementalAlterConfigs versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 1);

    private static final Logger log = LoggerFactory.getLogger(IncrementalAlterConfigsHandler.class);

    private final ConfigManager configs;

    /** @param configs the node's configuration manager */
    public IncrementalAlterConfigsHandler(ConfigManager configs) {
        this.configs = Objects.requireNonNull(configs, "configs");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, IncrementalAlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            log.debug("{}incremental alter configs of type {} {} (validate only: {})", context.logPrefix(),
                    resource.resourceType(), resource.resourceName(), request.validateOnly());
            results.add(alter(resource, request.validateOnly()).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
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
            Optional<AlterOp> op = AlterOp.fromId(config.configOperation());
            if (op.isEmpty()) {
                return failed(resource, "Unknown config operation " + config.configOperation() + " for " + config.name());
            }
            changes.add(new ConfigChange(config.name(), op.get(), Optional.ofNullable(config.value())));
        }
        return configs.incrementalAlterConfigs(new ConfigResource(type.get(), resource.resourceName()), changes, validateOnly)
                .thenApply(error -> response(resource, error));
    }

    private static CompletionStage<AlterConfigsResourceResponse> failed(AlterConfigsResource resource, String message) {
        return CompletableFuture.completedFuture(response(resource,
                Optional.of(new ResourceError(ConfigError.INVALID_REQUEST, message))));
    }

    private static AlterConfigsResourceResponse response(AlterConfigsResource resource, Optional<ResourceError> error) {
        return new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setErrorCode(error.map(e -> e.error().errorCode()).orElse(Errors.NONE.code()))
                .setErrorMessage(error.map(ResourceError::message).orElse(null));
    }
}
