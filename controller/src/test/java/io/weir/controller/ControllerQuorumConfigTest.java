package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import io.weir.metadata.config.HostPort;
import io.weir.metadata.config.QuorumVoter;
import org.junit.jupiter.api.Test;

class ControllerQuorumConfigTest {
    private static final Path DIR = Path.of("/data/meta/raft");

    @Test
    void parsesKafkasVoterList() {
        assertThat(ControllerQuorumConfig.parseVoters("1@host-a:9093, 2@host-b:9093,3@[::1]:9094")).containsExactly(
                new QuorumVoter(1, new HostPort("host-a", 9093)),
                new QuorumVoter(2, new HostPort("host-b", 9093)),
                new QuorumVoter(3, new HostPort("::1", 9094)));
    }

    @Test
    void refusesMalformedVoterLists() {
        assertThatThrownBy(() -> ControllerQuorumConfig.parseVoters("")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> ControllerQuorumConfig.parseVoters("1@a:1,,2@b:2")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> ControllerQuorumConfig.parseVoters("one@a:1")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ControllerQuorumConfig.parseVoters("1@a")).hasMessageContaining("host:port");
    }

    @Test
    void theNodeMustBeOneOfTheDistinctVoters() {
        assertThatThrownBy(() -> ControllerQuorumConfig.of(4, "1@a:1,2@b:2", DIR)).hasMessageContaining("not one of");
        assertThatThrownBy(() -> ControllerQuorumConfig.of(1, "1@a:1,1@b:2", DIR)).hasMessageContaining("twice");
    }

    @Test
    void defaultsAreRelaxedElectionTimeoutsAndRatisSegments() {
        ControllerQuorumConfig config = ControllerQuorumConfig.of(2, "1@a:1,2@b:2,3@c:3", DIR);

        assertThat(config.self()).isEqualTo(new QuorumVoter(2, new HostPort("b", 2)));
        assertThat(config.electionTimeoutMinMs()).isEqualTo(500);
        assertThat(config.electionTimeoutMaxMs()).isEqualTo(1000);
        assertThat(config.logSegmentBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(config.withElectionTimeoutMs(100, 200).electionTimeoutMaxMs()).isEqualTo(200);
        assertThatThrownBy(() -> config.withElectionTimeoutMs(200, 200)).hasMessageContaining("min < max");
        assertThatThrownBy(() -> config.withSnapshotEveryEntries(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> config.withLogSegmentBytes(1024)).hasMessageContaining("at least");
    }

    @Test
    void mapsVotersOntoOneRaftGroupWithNodeIdsAsPeerIds() {
        var group = RaftSettings.group(List.of(new QuorumVoter(7, new HostPort("h", 9)),
                new QuorumVoter(8, new HostPort("::1", 10))));

        assertThat(group.getGroupId()).isEqualTo(RaftSettings.GROUP_ID);
        assertThat(group.getPeer(RaftSettings.peerId(7)).getAddress()).isEqualTo("h:9");
        assertThat(group.getPeer(RaftSettings.peerId(8)).getAddress()).isEqualTo("[::1]:10");
        assertThat(RaftSettings.nodeId(RaftSettings.peerId(8))).isEqualTo(8);
    }
}
