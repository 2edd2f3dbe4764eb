package io.weir.broker.group;

import io.weir.broker.group.GroupSnapshot.MemberSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: who it is, what it supports, its assignment, and the JoinGroup or
 * SyncGroup answer it is waiting for. Mutable; owned by its shard's lane.
 */
final class ClassicMember {
    private final String memberId;
    private final Optional<String> groupInstanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<JoinRequest.Protocol> protocols;
    private byte[] assignment = new byte[0];
    private Optional<CompletableFuture<JoinResult>> awaitingJoin = Optional.empty();
    private Optional<CompletableFuture<SyncResult>> awaitingSync = Optional.empty();

    ClassicMember(String memberId, JoinRequest request) {
        this.memberId = memberId;
        this.groupInstanceId = request.groupInstanceId();
        update(request);
    }

    private ClassicMember(String memberId, ClassicMember copied) {
        this.memberId = memberId;
        this.groupInstanceId = copied.groupInstanceId;
        this.clientId = copied.clientId;
        this.clientHost = copied.clientHost;
        this.rebalanceTimeoutMs = copied.rebalanceTimeoutMs;
        this.sessionTimeoutMs = copied.sessionTimeoutMs;
        this.protocols = copied.protocols;
        this.assignment = copied.assignment;
    }

    static ClassicMember fromSnapshot(MemberSnapshot snapshot, Optional<String> protocolName) {
        JoinRequest request = new JoinRequest("", snapshot.memberId(), snapshot.groupInstanceId(), snapshot.clientId(),
                snapshot.clientHost(), snapshot.sessionTimeoutMs(), snapshot.rebalanceTimeoutMs(), "",
                protocolName.map(name -> List.of(new JoinRequest.Protocol(name, snapshot.subscription()))).orElse(List.of()),
                false, false);
        ClassicMember member = new ClassicMember(snapshot.memberId(), request);
        member.assignment = snapshot.assignment();
        return member;
    }

    /** A copy of this member under a new id (a static member that restarted); nothing awaited. */
    ClassicMember withMemberId(String newMemberId) {
        return new ClassicMember(newMemberId, this);
    }

    /** Takes the client details, timeouts and protocols of a (re)join. */
    void update(JoinRequest request) {
        this.clientId = request.clientId();
        this.clientHost = request.clientHost();
        this.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        this.sessionTimeoutMs = request.sessionTimeoutMs();
        this.protocols = request.protocols();
    }

    /** Whether the member's protocols are exactly these (names, order and metadata). */
    boolean matches(List<JoinRequest.Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !Arrays.equals(other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    /** The member's metadata for {@code protocol}, empty bytes when it does not support it. */
    byte[] metadata(String protocol) {
        return protocols.stream().filter(p -> p.name().equals(protocol)).findFirst().map(JoinRequest.Protocol::metadata)
                .orElse(new byte[0]);
    }

    boolean supports(String protocol) {
        return protocols.stream().anyMatch(p -> p.name().equals(protocol));
    }

    /** The member's vote: its most preferred protocol among {@code candidates}. */
    Optional<String> vote(java.util.Set<String> candidates) {
        return protocols.stream().map(JoinRequest.Protocol::name).filter(candidates::contains).findFirst();
    }

    MemberSnapshot snapshot(Optional<String> protocolName) {
        return new MemberSnapshot(memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
                protocolName.map(this::metadata).orElse(new byte[0]), assignment);
    }

    String memberId() {
        return memberId;
    }

    Optional<String> groupInstanceId() {
        return groupInstanceId;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    List<JoinRequest.Protocol> protocols() {
        return protocols;
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] newAssignment) {
        this.assignment = newAssignment;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin.isPresent();
    }

    boolean isAwaitingSync() {
        return awaitingSync.isPresent();
    }

    /** Waits for the next join answer; a join still waiting is superseded by REBALANCE_IN_PROGRESS. */
    void awaitJoin(CompletableFuture<JoinResult> answer) {
        completeJoin(JoinResult.error(GroupError.REBALANCE_IN_PROGRESS, memberId));
        awaitingJoin = Optional.of(answer);
    }

    void awaitSync(CompletableFuture<SyncResult> answer) {
        completeSync(SyncResult.error(GroupError.REBALANCE_IN_PROGRESS));
        awaitingSync = Optional.of(answer);
    }

    /** Answers the waiting JoinGroup, if any. */
    void completeJoin(JoinResult result) {
        Optional<CompletableFuture<JoinResult>> waiting = awaitingJoin;
        awaitingJoin = Optional.empty();
        waiting.ifPresent(future -> future.complete(result));
    }

    /** Answers the waiting SyncGroup, if any. */
    void completeSync(SyncResult result) {
        Optional<CompletableFuture<SyncResult>> waiting = awaitingSync;
        awaitingSync = Optional.empty();
        waiting.ifPresent(future -> future.complete(result));
    }
}
