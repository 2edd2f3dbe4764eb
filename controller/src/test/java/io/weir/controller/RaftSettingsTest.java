package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RaftSettingsTest {

    /**
     * A leader paused for longer than the election timeout (SIGSTOP, a stalled VM) that answered a
     * queued pre-vote on waking up deadlocked Ratis 3.1.3 (the step-down it starts from the vote
     * handler waits for a thread that needs the lock the handler holds); the node then never
     * learned the new leader. ClusterFaultsIT's paused active controller reproduces it.
     */
    @Test
    void preVoteIsOffBecauseAStaleLeaderAnsweringOneDeadlocksRatis() {
        RaftProperties properties = RaftSettings.properties(
                ControllerQuorumConfig.of(1, "1@127.0.0.1:1,2@127.0.0.1:2,3@127.0.0.1:3", Path.of("/data/raft")));

        assertThat(RaftServerConfigKeys.LeaderElection.preVote(properties)).isFalse();
    }

    /**
     * A leader that loses its majority steps down on its leader-state thread while holding Ratis'
     * server lock, and waits there for its log appenders to stop; an appender handling a reply with
     * a higher term waits for that same lock. Up to Ratis 3.2.0 the wait had no bound and the voter
     * stayed stuck until restarted (ClusterFaultsIT's paused active controller); 3.2.1 bounds it.
     */
    @Test
    void ratisIsAVersionWhoseStepDownCannotWaitForeverUnderItsLock() throws ClassNotFoundException {
        String version = Class.forName("org.apache.ratis.server.impl.LeaderStateImpl")
                .getPackage().getImplementationVersion();

        assertThat(version).isNotNull();
        assertThat(Runtime.Version.parse(version)).isGreaterThanOrEqualTo(Runtime.Version.parse("3.2.1"));
    }
}
