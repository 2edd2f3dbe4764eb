package io.weir.server;

import io.weir.broker.BrokerServer;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.BrokerLifecycle;
import io.weir.controller.BrokerOnlyNode;
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
 * <p>A node listed in {@code controller.quorum.voters} runs a voter ({@code process.roles} must
 * include {@code controller}) and its broker, if any, follows the voter's log; a node with
 * {@code process.roles=broker} outside the voters is a broker-only node: a {@link BrokerOnlyNode}
 * fetches the metadata from the active controller and carries the broker's requests there.
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

    /** Whether this node is one of the voters and so runs a quorum voter (else it is a broker-only node). */
    static boolean isVoter(BrokerConfig config) {
        return config.controllerQuorumVoters().stream().anyMatch(v -> v.nodeId() == config.nodeId());
    }

    /** Starts this node's quorum voter; refuses configurations a cluster node cannot run. */
    static ControllerNode startController(BrokerConfig config) {
        List<QuorumVoter> voters = config.controllerQuorumVoters();
        if (config.isController() != isVoter(config)) {
            throw new StartupException(config.isController()
                    ? "process.roles=controller on node " + config.nodeId() + " requires node " + config.nodeId()
                            + " in controller.quorum.voters"
                    : "node " + config.nodeId() + " is in controller.quorum.voters but process.roles=broker: a voter"
                            + " needs process.roles=controller or broker,controller");
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

    /** Starts a broker-only node's metadata fetcher and controller client. */
    static BrokerOnlyNode startBrokerOnly(BrokerConfig config) {
        return BrokerOnlyNode.start(config.nodeId(), config.controllerQuorumVoters(), CONTROLLER_REQUEST_TIMEOUT_MS);
    }

    static ClusterLink link(BrokerConfig config, BrokerOnlyNode node) {
        return new ClusterLink(node.metadataStore(), node.channel(), clusterId(config.controllerQuorumVoters()));
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
