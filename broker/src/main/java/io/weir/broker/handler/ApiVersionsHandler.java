package io.weir.broker.handler;

import io.weir.protocol.ApiVersionTable;
import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKeyCollection;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKeyCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ApiVersions (api key 18), versions 0 to 5: lists the APIs and versions Weir implements.
 *
 * <p>From v5 (KIP-1242) the client may name the cluster id and the node id it means to reach; when
 * either is given and differs from this node's, the answer is REBOOTSTRAP_REQUIRED, so that a
 * client whose metadata points at a recycled address starts again from its bootstrap servers.
 *
 * <ul>
 *   <li>KIP-511: a request at a version Weir does not implement gets UNSUPPORTED_VERSION in a v0
 *       response that still lists Weir's ranges ({@link #unsupportedVersionResponse()}); the
 *       dispatcher sends it without parsing the body.
 *   <li>From v3 the client names its software; a name or version that is not alphanumeric with
 *       inner dots and dashes gets INVALID_REQUEST, as in Kafka.
 *   <li>Features (v3+, KIP-584): a feature is listed here by the change that implements it, so
 *       clients never rely on one Weir does not have. Weir supports and finalizes
 *       {@code transaction.version} 2 (KIP-890 part 2: partitions are added to a transaction by
 *       their leader, and the producer epoch is bumped on every transaction), supporting 0 to 2 as
 *       Kafka 4.4 does; kafka-clients before 4.0 ignore it and keep using version 1, which the
 *       coordinator still serves; and {@code group.version} 1 (the KIP-848 consumer group
 *       protocol), supporting 0 to 1. The finalized features epoch is a constant, as the set never
 *       changes while a node runs.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {

    /** The ApiVersions versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);

    private static final Logger log = LoggerFactory.getLogger(ApiVersionsHandler.class);
    private static final Pattern SOFTWARE_NAME_OR_VERSION = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    private static final short FIRST_VERSION_WITH_SOFTWARE_NAME = 3;
    /** The features Weir finalizes, and their levels. */
    public static final String TRANSACTION_VERSION_FEATURE = "transaction.version";
    public static final short TRANSACTION_VERSION_LEVEL = 2;
    public static final String GROUP_VERSION_FEATURE = "group.version";
    public static final short GROUP_VERSION_LEVEL = 1;
    private static final long FINALIZED_FEATURES_EPOCH = 1L;
    private static final short FIRST_VERSION_WITH_CLUSTER_CHECK = 5;

    private final ApiVersionTable table;
    private final Optional<ClusterIdentity> identity;

    /** The cluster and node a v5 request is checked against. */
    public record ClusterIdentity(String clusterId, int nodeId) {}

    /**
     * @param table every API Weir serves on this listener, ApiVersions included
     * @param identity this node's cluster id and node id; empty skips the v5 check
     */
    public ApiVersionsHandler(ApiVersionTable table, Optional<ClusterIdentity> identity) {
        this.table = table;
        this.identity = identity;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ApiVersionsRequestData request) {
        if (context.header().apiVersion() >= FIRST_VERSION_WITH_SOFTWARE_NAME) {
            log.debug("{}client software {} {}", context.logPrefix(), request.clientSoftwareName(), request.clientSoftwareVersion());
            if (!isValidSoftwareField(request.clientSoftwareName()) || !isValidSoftwareField(request.clientSoftwareVersion())) {
                return Reply.completed(new ApiVersionsResponseData().setErrorCode(Errors.INVALID_REQUEST.code()));
            }
        }
        if (context.header().apiVersion() >= FIRST_VERSION_WITH_CLUSTER_CHECK && isMeantForAnotherNode(request)) {
            log.debug("{}ApiVersions names cluster {} node {}: asking the client to rebootstrap", context.logPrefix(),
                    request.clusterId(), request.nodeId());
            return Reply.completed(versionsResponse(Errors.REBOOTSTRAP_REQUIRED));
        }
        return Reply.completed(versionsResponse(Errors.NONE));
    }

    private boolean isMeantForAnotherNode(ApiVersionsRequestData request) {
        return identity.map(self -> (request.clusterId() != null && !request.clusterId().equals(self.clusterId()))
                        || (request.nodeId() >= 0 && request.nodeId() != self.nodeId()))
                .orElse(false);
    }

    /** The KIP-511 answer to an ApiVersions request at a version Weir does not implement; sent at v0. */
    public ApiVersionsResponseData unsupportedVersionResponse() {
        return versionsResponse(Errors.UNSUPPORTED_VERSION);
    }

    private ApiVersionsResponseData versionsResponse(Errors error) {
        return new ApiVersionsResponseData()
                .setErrorCode(error.code())
                .setApiKeys(table.toApiVersionCollection())
                .setThrottleTimeMs(0)
                .setSupportedFeatures(supportedFeatures())
                .setFinalizedFeatures(finalizedFeatures())
                .setFinalizedFeaturesEpoch(FINALIZED_FEATURES_EPOCH);
    }

    private static SupportedFeatureKeyCollection supportedFeatures() {
        SupportedFeatureKeyCollection features = new SupportedFeatureKeyCollection();
        features.add(new SupportedFeatureKey().setName(TRANSACTION_VERSION_FEATURE).setMinVersion((short) 0)
                .setMaxVersion(TRANSACTION_VERSION_LEVEL));
        features.add(new SupportedFeatureKey().setName(GROUP_VERSION_FEATURE).setMinVersion((short) 0)
                .setMaxVersion(GROUP_VERSION_LEVEL));
        return features;
    }

    private static FinalizedFeatureKeyCollection finalizedFeatures() {
        FinalizedFeatureKeyCollection features = new FinalizedFeatureKeyCollection();
        features.add(new FinalizedFeatureKey().setName(TRANSACTION_VERSION_FEATURE).setMinVersionLevel(TRANSACTION_VERSION_LEVEL)
                .setMaxVersionLevel(TRANSACTION_VERSION_LEVEL));
        features.add(new FinalizedFeatureKey().setName(GROUP_VERSION_FEATURE).setMinVersionLevel(GROUP_VERSION_LEVEL)
                .setMaxVersionLevel(GROUP_VERSION_LEVEL));
        return features;
    }

    private static boolean isValidSoftwareField(String value) {
        return value != null && SOFTWARE_NAME_OR_VERSION.matcher(value).matches();
    }
}
