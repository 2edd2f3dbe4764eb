package io.weir.broker.handler;

import io.weir.broker.config.ConfigManager;
import io.weir.broker.config.DescribedConfig;
import io.weir.broker.config.ResourceDescription;
import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigType;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.record.ResourceType;
import io.weir.protocol.VersionRange;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DescribeConfigs (api key 32), versions 1 to 4 (all Kafka 4.4 has): the configuration of topics,
 * groups (Kafka's group configs, KIP-848; the group need not exist) and this broker, from {@link
 * ConfigManager}.
 *
 * <ul>
 *   <li>One result per resource, in request order. Topic, group and broker resources are
 *       supported; any other type (a broker logger, a client-metrics subscription) gets
 *       INVALID_REQUEST in its result.
 *   <li>Synonyms only when asked for (v1+); type and documentation from v3 (documentation only when
 *       asked for). Secrets are sent as a null value.
 * </ul>
 *
 * <p>Answers at once from the current metadata image; stateless and thread-safe.
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequestData> {

    /** The DescribeConfigs versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(1, 4);

    private static final Logger log = LoggerFactory.getLogger(DescribeConfigsHandler.class);

    private final ConfigManager configs;

    /** @param configs the node's configuration manager */
    public DescribeConfigsHandler(ConfigManager configs) {
        this.configs = Objects.requireNonNull(configs, "configs");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeConfigsRequestData request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.resources()) {
            log.debug("{}describe configs of type {} {}", context.logPrefix(), resource.resourceType(), resource.resourceName());
            response.results().add(describe(resource, request.includeSynonyms(), request.includeDocumentation()));
        }
        return Reply.completed(response);
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource, boolean synonyms, boolean documentation) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        Optional<ResourceType> type = ResourceType.fromId(resource.resourceType());
        if (type.isEmpty()) {
            return result.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("Unsupported resource type " + resource.resourceType());
        }
        Optional<Set<String>> keys = Optional.ofNullable(resource.configurationKeys()).map(HashSet::new);
        ResourceDescription description = configs.describe(
                new ConfigResource(type.get(), resource.resourceName()), keys, synonyms, documentation);
        if (description.error().isPresent()) {
            return result.setErrorCode(description.error().get().error().errorCode())
                    .setErrorMessage(description.error().get().message());
        }
        description.configs().forEach(config -> result.configs().add(entry(config)));
        return result.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
    }

    private static DescribeConfigsResourceResult entry(DescribedConfig config) {
        return new DescribeConfigsResourceResult()
                .setName(config.name())
                .setValue(config.value().orElse(null))
                .setReadOnly(config.readOnly())
                .setConfigSource((byte) config.source().code())
                .setIsSensitive(config.sensitive())
                .setSynonyms(synonyms(config.synonyms(), config.sensitive()))
                .setConfigType(typeCode(config.type()))
                .setDocumentation(config.documentation().orElse(null));
    }

    private static List<DescribeConfigsSynonym> synonyms(List<ConfigEntry.SynonymValue> synonyms, boolean sensitive) {
        return synonyms.stream()
                .map(synonym -> new DescribeConfigsSynonym()
                        .setName(synonym.name())
                        .setValue(sensitive ? null : synonym.value())
                        .setSource((byte) synonym.source().code()))
                .toList();
    }

    /** The protocol's ConfigType ids (KIP-569). */
    private static byte typeCode(ConfigType type) {
        return switch (type) {
            case BOOLEAN -> 1;
            case STRING -> 2;
            case INT -> 3;
            case SHORT -> 4;
            case LONG -> 5;
            case DOUBLE -> 6;
            case LIST -> 7;
            case PASSWORD -> 9;
        };
    }
}
