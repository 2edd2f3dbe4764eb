package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatLeaseTest {
    private static final long LENGTH_NS = 1_000;
    // nanoTime readings may be negative; the lease must work across zero.
    private static final long T = -500;

    @Test
    void noLeaseBeforeAnUnfencedAnswer() {
        HeartbeatLease lease = new HeartbeatLease(LENGTH_NS);
        assertThat(lease.validAt(T)).isFalse();
        lease.onAnswer(T, true);
        assertThat(lease.validAt(T)).isFalse();
    }

    @Test
    void anUnfencedAnswerHoldsTheLeaseForItsLengthFromTheSendTime() {
        HeartbeatLease lease = new HeartbeatLease(LENGTH_NS);
        lease.onAnswer(T, false);
        assertThat(lease.validAt(T + LENGTH_NS - 1)).isTrue();
        assertThat(lease.validAt(T + LENGTH_NS)).isFalse();
    }

    @Test
    void anOlderAnswerDoesNotShortenIt() {
        HeartbeatLease lease = new HeartbeatLease(LENGTH_NS);
        lease.onAnswer(T + 300, false);
        lease.onAnswer(T, false);
        assertThat(lease.validAt(T + LENGTH_NS + 299)).isTrue();
    }

    @Test
    void aFencedAnswerOrARevocationEndsItAtOnce() {
        HeartbeatLease lease = new HeartbeatLease(LENGTH_NS);
        lease.onAnswer(T, false);
        lease.onAnswer(T + 10, true);
        assertThat(lease.validAt(T + 20)).isFalse();
        lease.onAnswer(T + 30, false);
        assertThat(lease.validAt(T + 40)).isTrue();
        lease.revoke();
        assertThat(lease.validAt(T + 40)).isFalse();
    }
}
