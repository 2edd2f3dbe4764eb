package io.weir.controller;

import java.util.OptionalInt;

/**
 * Told when this voter learns of a new Raft leader (the active controller), on a Ratis thread.
 * Must be quick and must not block on the quorum; hand longer work (registering brokers, fencing)
 * to another thread.
 */
@FunctionalInterface
public interface LeadershipListener {

    /**
     * The leader changed.
     *
     * @param leaderId the new leader's node id, or empty if no leader is known
     * @param isLocal whether the new leader is this voter
     */
    void onLeaderChange(OptionalInt leaderId, boolean isLocal);
}
