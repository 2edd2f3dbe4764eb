package io.weir.broker.handler;

import io.weir.broker.config.ConfigManager;
import io.weir.broker.fetch.FetchManager;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.producer.ProducerIdManager;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.PartitionAdmin;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.txn.TransactionCoordinator;
import io.weir.broker.txn.TxnMarkerWriter;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.controller.QuorumDescription;
import io.weir.broker.txn.TxnPartitionRegistrar;
import io.weir.broker.txn.TxnProduceVerifier;
import io.weir.protocol.ErrorMapper;
import org.apache.kafka.common.protocol.Errors;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.Optional;

/**
 * The set of API handlers one broker serves, and the dispatcher over them: the one place where a
 * new API is registered.
 */
public final class Handlers {
    private final RequestDispatcher dispatcher;

    private Handlers(HandlerRegistry registry) {
        // No active controller within the request timeout is retriable; clients retry NOT_CONTROLLER.
        this.dispatcher = new RequestDispatcher(registry,
                new ErrorMapper(Map.of(ControllerUnavailableException.class, Errors.NOT_CONTROLLER)));
    }

    /**
     * What the handlers of one broker work on. {@code txnMarkers} writes the markers of a
     * WriteTxnMarkers request into partitions this node leads; {@code txnRegistrar} puts partitions
     * into transactions for produce and TxnOffsetCommit (KIP-890), wherever the coordinator is;
     * {@code localTxnRegistrar} serves the broker form of AddPartitionsToTxn on the coordinator.
     */
    public record Services(
            BrokerIdentity identity,
            TopicManager topics,
            ConfigManager configs,
            ReplicaManager replicas,
            ProducerIdManager producerIds,
            FetchManager fetches,
            GroupCoordinator groups,
            TransactionCoordinator transactions,
            TxnMarkerWriter txnMarkers,
            TxnPartitionRegistrar txnRegistrar,
            TxnPartitionRegistrar localTxnRegistrar,
            Clock clock,
            PartitionAdmin partitionAdmin) {}

    /** The handlers of a single node over its services; ApiVersions is always served. */
    public static Handlers forBroker(Services services) {
        return forBroker(services, services.identity()::nodeId, () -> true, singleNodeQuorum(services));
    }

    /**
     * DescribeQuorum on a single node: a quorum of one voter, this node, whose log ends after its
     * last metadata record.
     */
    public static DescribeQuorumHandler singleNodeQuorum(Services services) {
        int nodeId = services.identity().nodeId();
        return new DescribeQuorumHandler(() -> CompletableFuture.completedFuture(QuorumDescription.singleVoter(nodeId,
                services.topics().image().offset() + 1, services.clock().millis())), List.of());
    }

    /**
     * The handlers of a broker over its services, reporting {@code controllerId} (-1 when unknown)
     * as the controller in Metadata and DescribeCluster, naming partition leaders in Metadata only
     * while {@code leadersKnown}, and describing the metadata quorum with {@code describeQuorum}.
     */
    public static Handlers forBroker(Services services, IntSupplier controllerId, BooleanSupplier leadersKnown,
            DescribeQuorumHandler describeQuorum) {
        TopicManager topics = services.topics();
        TxnPartitionRegistrar registrar = services.txnRegistrar();
        return new Handlers(HandlerRegistry.builder()
                .clusterIdentity(services.identity().clusterId(), services.identity().nodeId())
                .register(new MetadataHandler(topics, services.identity(), controllerId, leadersKnown))
                .register(new DescribeClusterHandler(topics::image, services.identity(), controllerId))
                .register(new CreateTopicsHandler(topics))
                .register(new DeleteTopicsHandler(topics))
                .register(new CreatePartitionsHandler(topics))
                .register(new ElectLeadersHandler(services.partitionAdmin()))
                .register(new AlterPartitionReassignmentsHandler(services.partitionAdmin()))
                .register(new ListPartitionReassignmentsHandler(services.partitionAdmin()))
                .register(new DescribeConfigsHandler(services.configs()))
                .register(new AlterConfigsHandler(services.configs()))
                .register(new IncrementalAlterConfigsHandler(services.configs()))
                .register(new ListConfigResourcesHandler(services.configs()))
                .register(new ProduceHandler(services.replicas(), Optional.of(new TxnProduceVerifier(registrar, services.replicas(),
                        services.transactions().config().partitionVerificationEnable()))))
                .register(new FetchHandler(services.fetches()))
                .register(new InitProducerIdHandler(services.producerIds(), services.transactions()))
                .register(new AddPartitionsToTxnHandler(services.transactions(), topics, services.localTxnRegistrar()))
                .register(new AddOffsetsToTxnHandler(services.transactions(), services.groups()))
                .register(new EndTxnHandler(services.transactions()))
                .register(new TxnOffsetCommitHandler(services.groups(), topics, Optional.of(registrar),
                        services.transactions().config().partitionVerificationEnable()))
                .register(new WriteTxnMarkersHandler(services.txnMarkers()))
                .register(new DescribeTransactionsHandler(services.transactions()))
                .register(new ListTransactionsHandler(services.transactions(), services.clock()))
                .register(new DescribeProducersHandler(services.replicas()))
                .register(new ListOffsetsHandler(services.replicas()))
                .register(new DeleteRecordsHandler(services.replicas()))
                .register(new DescribeLogDirsHandler(services.replicas().logManager()))
                .register(new OffsetForLeaderEpochHandler(services.replicas()))
                .register(new FindCoordinatorHandler(services.groups(), services.transactions(), topics, services.identity()))
                .register(new JoinGroupHandler(services.groups()))
                .register(new SyncGroupHandler(services.groups()))
                .register(new HeartbeatHandler(services.groups()))
                .register(new LeaveGroupHandler(services.groups()))
                .register(new OffsetCommitHandler(services.groups(), topics))
                .register(new OffsetFetchHandler(services.groups(), topics))
                .register(new OffsetDeleteHandler(services.groups(), topics))
                .register(new DescribeGroupsHandler(services.groups()))
                .register(new ListGroupsHandler(services.groups()))
                .register(new DeleteGroupsHandler(services.groups()))
                .register(new ConsumerGroupHeartbeatHandler(services.groups(), topics))
                .register(new ConsumerGroupDescribeHandler(services.groups(), topics))
                .register(describeQuorum)
                .register(new DescribeAclsHandler())
                .register(new CreateAclsHandler())
                .register(new DeleteAclsHandler())
                .build());
    }

    public RequestDispatcher dispatcher() {
        return dispatcher;
    }
}
