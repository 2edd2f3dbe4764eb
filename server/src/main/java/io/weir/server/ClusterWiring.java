package io.weir.server;

import io.weir.broker.BrokerServer;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.BrokerLifecycle;
import io.weir.controller.ControllerNode;
import io.weir.controller.ControllerQuorumConfig;
import io.weir.metadata.Uuid;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.QuorumVoter;
import io.weir.metadata.controller.ClusterLink;
import io.weir.storage.LogManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * How a node of a multi-node cluster ({@code controller.quorum.voters} set) is put together: its
 * quorum voter, the link its broker follows, and its broker lifecycle. Stateless.
 *
 * <p>Every broker must also be a voter: a broker-only node would have to follow the log as a
 * Ratis listener, which is not built yet, so such a configuration stops the start with one line.
 *
 * <p>Cluster id: derived from the voters ({@code id@host:port} entries, sorted by id), so every
 * node computes the same id before any election and without a format step, and a restart computes
 * it again. The static quorum cannot change its voters (no reconfiguration), so the id is stable for
 * the cluster's life; a log directory written by another cluster stops the start
 * ({@code meta.properties} disagrees).
 */
final class ClusterWiring {
    /** How long a request may wait for an active controller and for the local image to catch up. */
    static final long CONTROLLER_REQUEST_TIMEOUT_MS = 10_000;
    /** How long a stopping broker waits for the controller to move its leaderships. */
    static final long CONTROLLED_SHUTDOWN_TIMEOUT_MS = 30_000;
    /** The Raft storage, inside the folder a single node keeps its metadata in. */
    static final String RAFT_DIR = "raft";

    private ClusterWiring() {}

    /** Starts this node's quorum voter; refuses configurations a cluster node cannot run. */
    static ControllerNode startController(BrokerConfig config) {
        List<QuorumVoter> voters = config.controllerQuorumVoters();
        boolean voter = voters.stream().anyMatch(v -> v.nodeId() == config.nodeId());
        if (!config.isController() || !voter) {
            throw new StartupException("process.roles=" + (config.isController() ? "controller" : "broker")
                    + " on node " + config.nodeId() + " outside controller.quorum.voters is not supported yet: every"
                    + " node must be a voter (process.roles=broker,controller and listed in controller.quorum.voters)");
        }
        Path raftDir = config.logDirs().get(0).resolve(LogManager.METADATA_DIR).resolve(RAFT_DIR);
        ControllerQuorumConfig quorum = new ControllerQuorumConfig(config.nodeId(), voters, raftDir,
                ControllerQuorumConfig.DEFAULT_ELECTION_TIMEOUT_MIN_MS, ControllerQuorumConfig.DEFAULT_ELECTION_TIMEOUT_MAX_MS,
                ControllerQuorumConfig.DEFAULT_SNAPSHOT_EVERY_ENTRIES, ControllerQuorumConfig.DEFAULT_LOG_SEGMENT_BYTES);
        ControllerNode.Settings settings = new ControllerNode.Settings(config.brokerSessionTimeoutMs(),
                config.uncleanLeaderElectionEnable(), CONTROLLER_REQUEST_TIMEOUT_MS, config.autoLeaderRebalanceEnable(),
                config.leaderImbalanceCheckIntervalSeconds() * 1000, config.leaderImbalancePerBrokerPercentage());
        try {
            return ControllerNode.start(quorum, settings);
        } catch (IOException | UncheckedIOException e) {
            throw new StartupException("cannot start the controller quorum voter on " + quorum.self().address() + ": "
                    + e.getMessage() + " (check controller.quorum.voters and that the port is free)", e);
        }
    }

    /** The cluster id every node derives from the same voters. */
    static String clusterId(List<QuorumVoter> voters) {
        String canonical = voters.stream()
                .sorted(Comparator.comparingInt(QuorumVoter::nodeId))
                .map(v -> v.nodeId() + "@" + v.address())
                .collect(Collectors.joining(","));
        UUID uuid = UUID.nameUUIDFromBytes(("weir-cluster:" + canonical).getBytes(StandardCharsets.UTF_8));
        return Uuid.fromJavaUuid(uuid).toString();
    }

    static ClusterLink link(BrokerConfig config, ControllerNode controller) {
        return new ClusterLink(controller.metadataStore(), controller.channel(), clusterId(config.controllerQuorumVoters()));
    }

    /** The broker's lifecycle with the controller, over its endpoints as bound. */
    static BrokerLifecycle lifecycle(BrokerConfig config, ClusterLink link, BrokerServer broker,
            ScheduledExecutorService scheduler) {
        BrokerIdentity identity = new BrokerIdentity(config.nodeId(), link.clusterId(), broker.advertisedEndpoints(),
                config.brokerRack());
        BrokerLifecycle.Settings settings = new BrokerLifecycle.Settings(config.brokerHeartbeatIntervalMs(),
                config.controlledShutdownEnable(), CONTROLLED_SHUTDOWN_TIMEOUT_MS);
        return new BrokerLifecycle(identity, link.controller(), link.store()::image, scheduler, settings);
    }
}
