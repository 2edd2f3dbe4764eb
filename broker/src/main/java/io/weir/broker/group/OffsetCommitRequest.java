package io.weir.broker.group;

import io.weir.storage.TopicPartitionKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An OffsetCommit request. Immutable.
 *
 * @param groupId the group
 * @param generationId the member's generation; -1 for a commit outside group membership (simple
 *     consumers, admin tools), accepted only while the group is Empty
 * @param memberId the member, "" outside group membership
 * @param groupInstanceId the static instance id (v7+), if any
 * @param retentionMs explicit retention (v2-4), if given
 * @param groupMustExist v9+: a commit with a generation to a group that does not exist is
 *     GROUP_ID_NOT_FOUND (ILLEGAL_GENERATION before)
 * @param offsets the offsets to commit
 */
public record OffsetCommitRequest(String groupId, int generationId, String memberId, Optional<String> groupInstanceId,
        OptionalLong retentionMs, boolean groupMustExist, Map<TopicPartitionKey, OffsetToCommit> offsets) {
    public OffsetCommitRequest {
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        offsets = Map.copyOf(offsets);
    }

    /**
     * One partition's commit.
     *
     * @param offset the offset
     * @param leaderEpoch the leader epoch (v6+), -1 when unknown
     * @param metadata the metadata string, "" when the client sent null
     */
    public record OffsetToCommit(long offset, int leaderEpoch, String metadata) {}
}
