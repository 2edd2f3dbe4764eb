package io.weir.broker.handler;

import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeAcls (api key 29), versions 1 to 3, Kafka 4.4's range. Weir has no authorizer, so it
 * answers as a Kafka broker without {@code authorizer.class.name} does: SECURITY_DISABLED with the
 * message "No Authorizer is configured on the broker" and no ACLs, whatever the filter. {@code
 * kafka-acls.sh --list} then prints that error instead of failing on an unsupported API.
 *
 * <p>Stateless and thread-safe.
 */
public final class DescribeAclsHandler implements ApiHandler<DescribeAclsRequestData> {

    /** The DescribeAcls versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(1, 3);

    /** The message Kafka sends with SECURITY_DISABLED from DescribeAcls and CreateAcls. */
    static final String NO_AUTHORIZER = "No Authorizer is configured on the broker";

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_ACLS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeAclsRequestData request) {
        return Reply.completed(new DescribeAclsResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.SECURITY_DISABLED.code())
                .setErrorMessage(NO_AUTHORIZER));
    }
}
