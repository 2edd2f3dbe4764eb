package io.weir.broker.handler;

import io.weir.protocol.ApiVersionTable;
import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ApiVersions (api key 18), versions 0 to 4: lists the APIs and versions Weir implements.
 *
 * <p>Version 5 (KIP-1242: the client names the cluster id and node id it meant to reach, and the
 * broker answers REBOOTSTRAP_REQUIRED on a mismatch) is not implemented yet; a v5 request is
 * answered by the KIP-511 fallback below and the client retries at v4.
 *
 * <ul>
 *   <li>KIP-511: a request at a version Weir does not implement gets UNSUPPORTED_VERSION in a v0
 *       response that still lists Weir's ranges ({@link #unsupportedVersionResponse()}); the
 *       dispatcher sends it without parsing the body.
 *   <li>From v3 the client names its software; a name or version that is not alphanumeric with
 *       inner dots and dashes gets INVALID_REQUEST, as in Kafka.
 *   <li>Supported features and finalized features are advertised empty (finalized features
 *       epoch -1): a feature is added here by the change that implements it, so clients never
 *       rely on one Weir does not have.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {

    /** The ApiVersions versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 4);

    private static final Logger log = LoggerFactory.getLogger(ApiVersionsHandler.class);
    private static final Pattern SOFTWARE_NAME_OR_VERSION = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    private static final short FIRST_VERSION_WITH_SOFTWARE_NAME = 3;
    private static final long NO_FINALIZED_FEATURES_EPOCH = -1L;

    private final ApiVersionTable table;

    /** @param table every API Weir serves on this listener, ApiVersions included */
    public ApiVersionsHandler(ApiVersionTable table) {
        this.table = table;
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
        return Reply.completed(versionsResponse(Errors.NONE));
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
                .setFinalizedFeaturesEpoch(NO_FINALIZED_FEATURES_EPOCH);
    }

    private static boolean isValidSoftwareField(String value) {
        return value != null && SOFTWARE_NAME_OR_VERSION.matcher(value).matches();
    }
}
