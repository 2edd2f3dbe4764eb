package io.weir.broker.handler;

import io.weir.broker.topic.AutoCreation;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.TopicNames;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata (api key 3), versions 0 to 13: brokers, cluster id, controller and topics with their
 * partitions, answered from the current metadata image.
 *
 * <ul>
 *   <li>Topics: a null list (v1+), or an empty list at v0, means every topic; an empty list at
 *       v1+ means none. From v12 an entry may name a topic by id instead (KIP-516); a non-zero
 *       id at v10-11 gets INVALID_REQUEST for the whole request, as in Kafka. Each entry is
 *       answered on its own (by id when it has one, else by name); repeated entries once.
 *   <li>A missing topic named by an illegal name gets INVALID_TOPIC_EXCEPTION; otherwise, when
 *       the request allows auto-creation (always below v4) and the broker does, the topic is
 *       created with the defaults and the answer is still UNKNOWN_TOPIC_OR_PARTITION, as Kafka 4.4
 *       answers the request that starts the creation (Kafka with ZooKeeper answered
 *       LEADER_NOT_AVAILABLE there); a refused creation answers its own error. Unknown ids get UNKNOWN_TOPIC_ID with a
 *       null name. Ids are never auto-created.
 *   <li>Brokers: the unfenced ones, with their endpoint on the listener the request came in on.
 *       The controller id is the active controller's node id (a single node is its own), -1
 *       while none is known; with every controller also a broker, admin clients reach it.
 *   <li>While this node's view of who leads may be stale (a node woken from a pause that has
 *       not yet heard the new controller, or an election that outlasts its heartbeat lease; see
 *       {@code MetadataStore.mayLead}) every partition answers LEADER_NOT_AVAILABLE with no
 *       leader: it leads nothing meanwhile, so clients ask again rather than send there. During
 *       an election within the lease, leaders are named as the image has them.
 *   <li>Authorized operations (v8+): all allowed when asked (see {@link AuthorizedOperations}).
 * </ul>
 *
 * <p>Thread-safe; does not block (auto-creation commits on the topic manager's executor).
 */
public final class MetadataHandler implements ApiHandler<MetadataRequestData> {

    /** The Metadata versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 13);

    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);
    private static final short FIRST_VERSION_WITH_AUTHORIZED_OPERATIONS = 8;
    private static final short LAST_VERSION_WITH_CLUSTER_OPERATIONS = 10;
    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 12;

    private final TopicManager topics;
    private final BrokerIdentity identity;
    private final IntSupplier controllerId;
    private final BooleanSupplier leadersKnown;

    /**
     * A single node's handler: the controller id is this node.
     *
     * @param topics the topic manager (image and auto-creation)
     * @param identity this broker
     */
    public MetadataHandler(TopicManager topics, BrokerIdentity identity) {
        this(topics, identity, identity::nodeId, () -> true);
    }

    /**
     * @param topics the topic manager (image and auto-creation)
     * @param identity this broker
     * @param controllerId the active controller's node id, -1 when unknown
     * @param leadersKnown whether this node's image may be trusted to say who leads (the broker's
     *     own leadership gate); while false, no partition names a leader
     */
    public MetadataHandler(TopicManager topics, BrokerIdentity identity, IntSupplier controllerId, BooleanSupplier leadersKnown) {
        this.topics = topics;
        this.identity = identity;
        this.controllerId = controllerId;
        this.leadersKnown = leadersKnown;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, MetadataRequestData request) {
        short version = context.header().apiVersion();
        checkTopicIds(request, version);
        MetadataImage image = topics.image();
        int controller = controllerId.getAsInt();
        boolean leadersKnown = this.leadersKnown.getAsBoolean();
        MetadataResponseData response = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(identity.clusterId())
                .setControllerId(controller);
        if (version >= FIRST_VERSION_WITH_AUTHORIZED_OPERATIONS && version <= LAST_VERSION_WITH_CLUSTER_OPERATIONS
                && request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(AuthorizedOperations.ALL_CLUSTER_OPERATIONS);
        }
        for (BrokerEndpoints.Listed broker : BrokerEndpoints.list(image, identity, context.connection().listenerName(), false)) {
            response.brokers().add(new MetadataResponseBroker()
                    .setNodeId(broker.nodeId())
                    .setHost(broker.endpoint().host())
                    .setPort(broker.endpoint().port())
                    .setRack(broker.rack().orElse(null)));
        }
        boolean topicOperations = version >= FIRST_VERSION_WITH_AUTHORIZED_OPERATIONS && request.includeTopicAuthorizedOperations();
        for (MetadataResponseTopic topic : topics(image, request, version)) {
            if (topicOperations) {
                topic.setTopicAuthorizedOperations(AuthorizedOperations.ALL_TOPIC_OPERATIONS);
            }
            if (!leadersKnown) {
                topic.partitions().forEach(p -> p.setLeaderId(-1).setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()));
            }
            response.topics().add(topic);
        }
        log.debug("{}metadata: {} topic(s), {} broker(s)", context.logPrefix(), response.topics().size(), response.brokers().size());
        return Reply.completed(response);
    }

    private static void checkTopicIds(MetadataRequestData request, short version) {
        if (request.topics() == null || version >= FIRST_VERSION_WITH_TOPIC_IDS) {
            return;
        }
        for (MetadataRequestTopic topic : request.topics()) {
            if (!Uuid.ZERO.equals(KafkaIds.fromKafka(topic.topicId()))) {
                throw new InvalidRequestException("Topic IDs are not supported in requests for version " + version);
            }
        }
    }

    private List<MetadataResponseTopic> topics(MetadataImage image, MetadataRequestData request, short version) {
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            return image.topics().topicsByName().values().stream()
                    .sorted(Comparator.comparing(TopicImage::name))
                    .map(MetadataHandler::describe)
                    .toList();
        }
        List<MetadataResponseTopic> answered = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (MetadataRequestTopic requested : request.topics()) {
            Uuid id = KafkaIds.fromKafka(requested.topicId());
            if (!Uuid.ZERO.equals(id)) {
                if (seen.add(id)) {
                    answered.add(byId(image, id));
                }
            } else if (requested.name() == null) {
                throw new InvalidRequestException("A topic needs a name or an id");
            } else if (seen.add(requested.name())) {
                answered.add(byName(image, requested.name(), request.allowAutoTopicCreation()));
            }
        }
        return answered;
    }

    private static MetadataResponseTopic byId(MetadataImage image, Uuid id) {
        return image.topics().getTopic(id)
                .map(MetadataHandler::describe)
                .orElseGet(() -> failed(null, id, Errors.UNKNOWN_TOPIC_ID));
    }

    private MetadataResponseTopic byName(MetadataImage image, String name, boolean allowAutoCreation) {
        Optional<TopicImage> topic = image.topics().getTopic(name);
        if (topic.isPresent()) {
            return describe(topic.get());
        }
        if (TopicNames.problem(name).isPresent()) {
            return failed(name, Uuid.ZERO, Errors.INVALID_TOPIC_EXCEPTION);
        }
        if (!allowAutoCreation) {
            return failed(name, Uuid.ZERO, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        AutoCreation creation = topics.maybeAutoCreate(name);
        Errors error = creation instanceof AutoCreation.Refused refused
                ? TopicErrorCodes.of(refused.error())
                : Errors.UNKNOWN_TOPIC_OR_PARTITION;
        return failed(name, Uuid.ZERO, error);
    }

    private static MetadataResponseTopic describe(TopicImage topic) {
        MetadataResponseTopic answer = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(KafkaIds.toKafka(topic.topicId()))
                .setIsInternal(TopicNames.isInternal(topic.name()))
                .setErrorCode(Errors.NONE.code());
        for (int index = 0; index < topic.partitionCount(); index++) {
            PartitionRegistration partition = topic.partitions().get(index);
            answer.partitions().add(new MetadataResponsePartition()
                    .setPartitionIndex(index)
                    .setErrorCode(partition.hasLeader() ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                    .setLeaderId(partition.leader())
                    .setLeaderEpoch(partition.leaderEpoch())
                    .setReplicaNodes(List.copyOf(partition.replicas()))
                    .setIsrNodes(List.copyOf(partition.isr()))
                    .setOfflineReplicas(List.of()));
        }
        return answer;
    }

    private static MetadataResponseTopic failed(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic()
                .setName(name)
                .setTopicId(KafkaIds.toKafka(id))
                .setErrorCode(error.code())
                .setIsInternal(name != null && TopicNames.isInternal(name));
    }
}
