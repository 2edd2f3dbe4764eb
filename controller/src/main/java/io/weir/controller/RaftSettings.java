package io.weir.controller;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.weir.metadata.config.QuorumVoter;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Maps a {@link ControllerQuorumConfig} onto Ratis: the one Raft group of the quorum, its peers,
 * and the server properties. Peer ids are the voters' node ids in decimal. Stateless.
 *
 * <p>Requires Ratis 3.2.1 or later. A leader that loses its majority (for instance a voter paused
 * by SIGSTOP for longer than the election timeout, then resumed) steps down from its leader-state
 * thread while holding the server lock and waits for its log appenders to stop; an appender that
 * meanwhile received a reply with a higher term waits for that same lock. Up to 3.2.0 the wait had
 * no bound: a deadlock, after which the voter never took part in the quorum again until restarted.
 * From 3.2.1 the step-down waits at most 5 s, then releases the lock, the appender ends, and the
 * voter carries on as a follower. Safety is unaffected either way: the voter's role and term are
 * already changed under the lock before the wait, and its log is durable. During those 5 s the
 * woken node applies nothing, so the metadata its broker serves is as old as the pause.
 */
final class RaftSettings {
    /** The quorum's single Raft group; fixed so that every voter and every restart agree on it. */
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("weir-controller-quorum".getBytes(StandardCharsets.UTF_8)));

    /** Snapshot files kept on disk; older ones are deleted after a new one is taken. */
    static final int SNAPSHOTS_RETAINED = 2;

    /** Bytes a new log segment file is preallocated with (Ratis' default), at most the segment size. */
    static final int PREALLOCATED_BYTES = 4 * 1024 * 1024;

    private RaftSettings() {}

    static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf(Integer.toString(nodeId));
    }

    static int nodeId(RaftPeerId peerId) {
        return Integer.parseInt(peerId.toString());
    }

    static RaftGroup group(List<QuorumVoter> voters) {
        List<RaftPeer> peers = voters.stream()
                .map(v -> RaftPeer.newBuilder().setId(peerId(v.nodeId())).setAddress(v.address().toString()).build())
                .toList();
        return RaftGroup.valueOf(GROUP_ID, peers);
    }

    static RaftProperties properties(ControllerQuorumConfig config) {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.NETTY);
        QuorumVoter self = config.self();
        if (!self.address().host().isEmpty()) {
            NettyConfigKeys.Server.setHost(properties, self.address().host());
        }
        NettyConfigKeys.Server.setPort(properties, self.address().port());
        RaftServerConfigKeys.setStorageDir(properties, List.of(config.raftDir().toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(config.electionTimeoutMinMs()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(config.electionTimeoutMaxMs()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(properties, millis(config.electionTimeoutMinMs()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(properties, millis(config.electionTimeoutMaxMs()));
        // No pre-vote: a leader that answers a pre-vote after losing its majority (a pause longer
        // than the election timeout, the pre-vote waiting in its socket) steps down while holding
        // the server lock; before Ratis 3.2.1 it then waited without bound for a log appender
        // blocked on that lock, and its Raft stopped for good. 3.2.1 bounds that wait, but without
        // pre-vote a vote request is decided on terms alone and never takes that path at all.
        RaftServerConfigKeys.LeaderElection.setPreVote(properties, false);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotEveryEntries());
        RaftServerConfigKeys.Snapshot.setCreationGap(properties, 1);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, SNAPSHOTS_RETAINED);
        // Entries a snapshot covers are purged; a voter that lags behind them receives the snapshot.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, 1);
        SizeInBytes segment = SizeInBytes.valueOf(config.logSegmentBytes());
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, segment);
        RaftServerConfigKeys.Log.setPreallocatedSize(properties,
                SizeInBytes.valueOf(Math.min(config.logSegmentBytes(), PREALLOCATED_BYTES)));
        return properties;
    }

    private static TimeDuration millis(long ms) {
        return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
    }
}
