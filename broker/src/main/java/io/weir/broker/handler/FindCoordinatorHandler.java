package io.weir.broker.handler;

import io.weir.broker.group.CoordinatorStatus;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.GroupError;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.txn.TransactionCoordinator;
import io.weir.metadata.TopicNames;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.Endpoint;
import io.weir.protocol.VersionRange;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * FindCoordinator (api key 10), versions 0 to 6; v4+ asks for a batch of keys (KIP-699). For key
 * type GROUP (0) the coordinator is the leader of the group's {@code __consumer_offsets} partition
 * ({@link GroupCoordinator#partitionFor}); the topic is created on first need, and until it exists
 * and this node has loaded the partition the answer is COORDINATOR_NOT_AVAILABLE, which clients
 * retry. Key type TRANSACTION (1) is answered the same way with the leader of the id's
 * {@code __transaction_state} partition ({@link TransactionCoordinator#partitionFor}); other key
 * types (share groups) are INVALID_REQUEST. Answers at once from the metadata image. Thread-safe.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 6);
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;
    private static final short BATCHED_VERSION = 4;

    private final GroupCoordinator coordinator;
    private final TransactionCoordinator transactions;
    private final TopicManager topics;
    private final BrokerIdentity identity;

    public FindCoordinatorHandler(GroupCoordinator coordinator, TransactionCoordinator transactions, TopicManager topics,
            BrokerIdentity identity) {
        this.coordinator = coordinator;
        this.transactions = transactions;
        this.topics = topics;
        this.identity = identity;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    /** One key's answer: an endpoint or an error. */
    private record Found(int nodeId, Optional<Endpoint> endpoint, GroupError error) {
        static Found error(GroupError error) {
            return new Found(-1, Optional.empty(), error);
        }
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, FindCoordinatorRequestData request) {
        short version = context.header().apiVersion();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (version < BATCHED_VERSION) {
            Found found = find(request.key(), request.keyType(), context);
            response.setErrorCode(found.error().code()).setNodeId(found.nodeId())
                    .setHost(found.endpoint().map(Endpoint::host).orElse("")).setPort(found.endpoint().map(Endpoint::port).orElse(-1));
            if (version >= 1) {
                response.setErrorMessage(GroupRequests.message(found.error()));
            }
            return Reply.completed(response);
        }
        for (String key : request.coordinatorKeys()) {
            Found found = find(key, request.keyType(), context);
            response.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey(key).setNodeId(found.nodeId())
                    .setHost(found.endpoint().map(Endpoint::host).orElse("")).setPort(found.endpoint().map(Endpoint::port).orElse(-1))
                    .setErrorCode(found.error().code()).setErrorMessage(GroupRequests.message(found.error())));
        }
        return Reply.completed(response);
    }

    private Found find(String key, byte keyType, RequestContext context) {
        if ((keyType != GROUP && keyType != TRANSACTION) || key == null || key.isEmpty()) {
            return Found.error(GroupError.INVALID_REQUEST);
        }
        boolean group = keyType == GROUP;
        MetadataImage image = topics.image();
        Optional<TopicImage> internalTopic = image.topics().getTopic(group ? TopicNames.CONSUMER_OFFSETS : TopicNames.TRANSACTION_STATE);
        if (internalTopic.isEmpty()) {
            if (group) {
                coordinator.maybeCreateOffsetsTopic();
            } else {
                transactions.maybeCreateTopic();
            }
            return Found.error(GroupError.COORDINATOR_NOT_AVAILABLE);
        }
        int partition = group ? coordinator.partitionFor(key) : transactions.partitionFor(key);
        Optional<PartitionRegistration> registration = internalTopic.get().partition(partition);
        if (registration.isEmpty() || !registration.get().hasLeader()) {
            return Found.error(GroupError.COORDINATOR_NOT_AVAILABLE);
        }
        int leader = registration.get().leader();
        CoordinatorStatus status = group ? coordinator.status(partition) : transactions.status(partition);
        if (leader == identity.nodeId() && status != CoordinatorStatus.ACTIVE) {
            return Found.error(GroupError.COORDINATOR_NOT_AVAILABLE);
        }
        List<BrokerEndpoints.Listed> brokers = BrokerEndpoints.list(image, identity, context.connection().listenerName(), false);
        return brokers.stream().filter(b -> b.nodeId() == leader).findFirst()
                .map(b -> new Found(leader, Optional.of(b.endpoint()), GroupError.NONE))
                .orElse(Found.error(GroupError.COORDINATOR_NOT_AVAILABLE));
    }
}
