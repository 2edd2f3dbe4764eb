package io.weir.broker.handler;

import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateAcls (api key 30), versions 1 to 3, Kafka 4.4's range. Weir has no authorizer, so, as a
 * Kafka broker without one, it creates nothing and answers every creation SECURITY_DISABLED with
 * the message "No Authorizer is configured on the broker".
 *
 * <p>Stateless and thread-safe.
 */
public final class CreateAclsHandler implements ApiHandler<CreateAclsRequestData> {

    /** The CreateAcls versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(1, 3);

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_ACLS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, CreateAclsRequestData request) {
        CreateAclsResponseData response = new CreateAclsResponseData().setThrottleTimeMs(0);
        for (int i = 0; i < request.creations().size(); i++) {
            response.results().add(new AclCreationResult()
                    .setErrorCode(Errors.SECURITY_DISABLED.code())
                    .setErrorMessage(DescribeAclsHandler.NO_AUTHORIZER));
        }
        return Reply.completed(response);
    }
}
