package io.weir.broker.group;

import java.util.Optional;

/**
 * The answer to a SyncGroup request. Immutable.
 *
 * @param error NONE or why it failed
 * @param protocolType the group's protocol type (v5+)
 * @param protocolName the selected protocol (v5+)
 * @param assignment the member's assignment, empty on error
 */
public record SyncResult(GroupError error, Optional<String> protocolType, Optional<String> protocolName, byte[] assignment) {

    public static SyncResult error(GroupError error) {
        return new SyncResult(error, Optional.empty(), Optional.empty(), new byte[0]);
    }
}
