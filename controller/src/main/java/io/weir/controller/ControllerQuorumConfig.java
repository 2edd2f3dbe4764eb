package io.weir.controller;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import io.weir.metadata.config.QuorumVoter;

/**
 * How one voter of the controller quorum runs.
 *
 * <p>The voters come from Kafka's {@code controller.quorum.voters} ({@code id@host:port,...});
 * each voter's {@code host:port} is its Raft address, which it binds and its peers dial. The Raft
 * log, Ratis' metadata and the state machine's snapshots live under {@code raftDir}, conventionally
 * {@code <metadata log dir>/raft}.
 *
 * <p>Election timeouts: a follower that hears nothing from a leader for a random time between
 * {@code electionTimeoutMinMs} and {@code electionTimeoutMaxMs} starts an election. Ratis' own
 * defaults (150–300 ms) suit dedicated hardware; the defaults here ({@value #DEFAULT_ELECTION_TIMEOUT_MIN_MS}–{@value
 * #DEFAULT_ELECTION_TIMEOUT_MAX_MS} ms) are relaxed so that a garbage-collection pause or a busy
 * 2-core machine does not depose a healthy leader, at the cost of about a second more
 * unavailability when a leader really dies.
 *
 * @param nodeId this voter's {@code node.id}; must be one of {@code voters}
 * @param voters every voter, in the configured order; node ids distinct
 * @param raftDir the directory this voter's Raft storage owns
 * @param electionTimeoutMinMs the lower bound of the election timeout
 * @param electionTimeoutMaxMs the upper bound; above the lower bound
 * @param snapshotEveryEntries take a snapshot once this many log entries were applied after the
 *     last one; at least 1
 * @param logSegmentBytes the size at which a Raft log segment is closed and a new one started (as
 *     Kafka's {@code metadata.log.segment.bytes}); only closed segments are purged after a snapshot;
 *     at least 64 KiB
 */
public record ControllerQuorumConfig(
        int nodeId,
        List<QuorumVoter> voters,
        Path raftDir,
        int electionTimeoutMinMs,
        int electionTimeoutMaxMs,
        long snapshotEveryEntries,
        int logSegmentBytes) {

    /** Default lower bound of the election timeout. */
    public static final int DEFAULT_ELECTION_TIMEOUT_MIN_MS = 500;
    /** Default upper bound of the election timeout. */
    public static final int DEFAULT_ELECTION_TIMEOUT_MAX_MS = 1000;
    /** Default number of applied log entries between automatic snapshots. */
    public static final long DEFAULT_SNAPSHOT_EVERY_ENTRIES = 10_000;
    /** Default Raft log segment size: Ratis' own default. */
    public static final int DEFAULT_LOG_SEGMENT_BYTES = 32 * 1024 * 1024;
    /** The smallest allowed Raft log segment size. */
    public static final int MIN_LOG_SEGMENT_BYTES = 64 * 1024;

    /** Checks the fields. */
    public ControllerQuorumConfig {
        voters = List.copyOf(voters);
        Objects.requireNonNull(raftDir, "raftDir");
        Set<Integer> ids = new HashSet<>();
        for (QuorumVoter voter : voters) {
            if (!ids.add(voter.nodeId())) {
                throw new IllegalArgumentException("voter " + voter.nodeId() + " is listed twice");
            }
        }
        if (!ids.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not one of the voters " + voters);
        }
        if (electionTimeoutMinMs < 1 || electionTimeoutMaxMs <= electionTimeoutMinMs) {
            throw new IllegalArgumentException("election timeout must be 1 <= min < max, got "
                    + electionTimeoutMinMs + ".." + electionTimeoutMaxMs + " ms");
        }
        if (snapshotEveryEntries < 1) {
            throw new IllegalArgumentException("snapshotEveryEntries must be at least 1, got " + snapshotEveryEntries);
        }
        if (logSegmentBytes < MIN_LOG_SEGMENT_BYTES) {
            throw new IllegalArgumentException("logSegmentBytes must be at least " + MIN_LOG_SEGMENT_BYTES + ", got "
                    + logSegmentBytes);
        }
    }

    /**
     * A configuration with the default timeouts and snapshot interval.
     *
     * @param nodeId this voter's node id
     * @param quorumVoters the value of {@code controller.quorum.voters}
     * @param raftDir the Raft storage directory
     * @return the configuration
     * @throws IllegalArgumentException if the voters do not parse or do not include {@code nodeId}
     */
    public static ControllerQuorumConfig of(int nodeId, String quorumVoters, Path raftDir) {
        return new ControllerQuorumConfig(nodeId, parseVoters(quorumVoters), raftDir,
                DEFAULT_ELECTION_TIMEOUT_MIN_MS, DEFAULT_ELECTION_TIMEOUT_MAX_MS, DEFAULT_SNAPSHOT_EVERY_ENTRIES,
                DEFAULT_LOG_SEGMENT_BYTES);
    }

    /**
     * Parses {@code controller.quorum.voters}: {@code id@host:port} entries separated by commas,
     * blanks around entries ignored.
     *
     * @param text the property value
     * @return the voters in order; at least one
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<QuorumVoter> parseVoters(String text) {
        List<QuorumVoter> voters = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("controller.quorum.voters has an empty entry: '" + text + "'");
            }
            voters.add(QuorumVoter.parse(trimmed));
        }
        return voters;
    }

    /**
     * This voter's own entry.
     *
     * @return the entry whose node id is {@link #nodeId()}
     */
    public QuorumVoter self() {
        return voters.stream().filter(v -> v.nodeId() == nodeId).findFirst().orElseThrow();
    }

    /**
     * A copy with other election timeouts.
     *
     * @param minMs the lower bound
     * @param maxMs the upper bound
     * @return the new configuration
     */
    public ControllerQuorumConfig withElectionTimeoutMs(int minMs, int maxMs) {
        return new ControllerQuorumConfig(nodeId, voters, raftDir, minMs, maxMs, snapshotEveryEntries,
                logSegmentBytes);
    }

    /**
     * A copy with another snapshot interval.
     *
     * @param entries applied entries between automatic snapshots
     * @return the new configuration
     */
    public ControllerQuorumConfig withSnapshotEveryEntries(long entries) {
        return new ControllerQuorumConfig(nodeId, voters, raftDir, electionTimeoutMinMs, electionTimeoutMaxMs,
                entries, logSegmentBytes);
    }

    /**
     * A copy with another Raft log segment size.
     *
     * @param bytes the segment size
     * @return the new configuration
     */
    public ControllerQuorumConfig withLogSegmentBytes(int bytes) {
        return new ControllerQuorumConfig(nodeId, voters, raftDir, electionTimeoutMinMs, electionTimeoutMaxMs,
                snapshotEveryEntries, bytes);
    }
}
