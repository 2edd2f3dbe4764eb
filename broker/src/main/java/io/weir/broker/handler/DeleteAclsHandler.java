package io.weir.broker.handler;

import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteAcls (api key 31), versions 1 to 3, Kafka 4.4's range. Weir has no authorizer, so, as a
 * Kafka broker without one, it deletes nothing and answers every filter SECURITY_DISABLED with the
 * message Kafka uses here, "No Authorizer is configured." (not quite DescribeAcls' text).
 *
 * <p>Stateless and thread-safe.
 */
public final class DeleteAclsHandler implements ApiHandler<DeleteAclsRequestData> {

    /** The DeleteAcls versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(1, 3);

    static final String NO_AUTHORIZER = "No Authorizer is configured.";

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_ACLS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DeleteAclsRequestData request) {
        DeleteAclsResponseData response = new DeleteAclsResponseData().setThrottleTimeMs(0);
        for (int i = 0; i < request.filters().size(); i++) {
            response.filterResults().add(new DeleteAclsFilterResult()
                    .setErrorCode(Errors.SECURITY_DISABLED.code())
                    .setErrorMessage(NO_AUTHORIZER));
        }
        return Reply.completed(response);
    }
}
