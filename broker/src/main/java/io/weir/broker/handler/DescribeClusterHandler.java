package io.weir.broker.handler;

import io.weir.broker.topic.BrokerIdentity;
import io.weir.metadata.image.MetadataImage;
import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeCluster (api key 60), versions 0 to 2 (KIP-700): the cluster id, the controller id
 * (the active controller; this node on a single node; -1 while unknown) and the brokers with their endpoint on the listener the request
 * came in on.
 *
 * <ul>
 *   <li>v1+ endpoint type (KIP-919): 1 (brokers) is answered; 2 (controllers) gets
 *       MISMATCHED_ENDPOINT_TYPE, as a Kafka broker answers it; any other value
 *       UNSUPPORTED_ENDPOINT_TYPE.
 *   <li>v2 include fenced brokers (KIP-1073): fenced brokers are listed too, with is_fenced.
 *   <li>Cluster authorized operations: all allowed when asked (see {@link AuthorizedOperations}).
 * </ul>
 *
 * <p>Stateless and thread-safe; reads the image only.
 */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequestData> {

    /** The DescribeCluster versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 2);

    private static final byte BROKER_ENDPOINTS = 1;
    private static final byte CONTROLLER_ENDPOINTS = 2;

    private final Supplier<MetadataImage> images;
    private final BrokerIdentity identity;
    private final IntSupplier controllerId;

    /**
     * A single node's handler: the controller id is this node.
     *
     * @param images the current metadata image, e.g. {@code store::image}
     * @param identity this broker
     */
    public DescribeClusterHandler(Supplier<MetadataImage> images, BrokerIdentity identity) {
        this(images, identity, identity::nodeId);
    }

    /**
     * @param images the current metadata image, e.g. {@code store::image}
     * @param identity this broker
     * @param controllerId the active controller's node id, -1 when unknown
     */
    public DescribeClusterHandler(Supplier<MetadataImage> images, BrokerIdentity identity, IntSupplier controllerId) {
        this.images = images;
        this.identity = identity;
        this.controllerId = controllerId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeClusterRequestData request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setThrottleTimeMs(0)
                .setEndpointType(request.endpointType())
                .setClusterId(identity.clusterId())
                .setControllerId(controllerId.getAsInt());
        if (request.endpointType() != BROKER_ENDPOINTS) {
            Errors error = request.endpointType() == CONTROLLER_ENDPOINTS
                    ? Errors.MISMATCHED_ENDPOINT_TYPE
                    : Errors.UNSUPPORTED_ENDPOINT_TYPE;
            return Reply.completed(response.setErrorCode(error.code())
                    .setErrorMessage("This broker answers only endpoint type " + BROKER_ENDPOINTS + " (brokers)"));
        }
        String listener = context.connection().listenerName();
        for (BrokerEndpoints.Listed broker : BrokerEndpoints.list(images.get(), identity, listener, request.includeFencedBrokers())) {
            response.brokers().add(new DescribeClusterBroker()
                    .setBrokerId(broker.nodeId())
                    .setHost(broker.endpoint().host())
                    .setPort(broker.endpoint().port())
                    .setRack(broker.rack().orElse(null))
                    .setIsFenced(broker.fenced()));
        }
        if (request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(AuthorizedOperations.ALL_CLUSTER_OPERATIONS);
        }
        return Reply.completed(response);
    }
}
