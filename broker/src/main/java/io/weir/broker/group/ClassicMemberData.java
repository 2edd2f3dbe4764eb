package io.weir.broker.group;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a classic-protocol member of a consumer group (KIP-848 online migration) told the coordinator
 * in its last JoinGroup: the coordinator needs its session timeout to expire it, and its protocols
 * (assignor names with ConsumerProtocol subscriptions) to answer JoinGroup and to hand it back to a
 * classic group on downgrade. Immutable; equal when timeouts, names and bytes are equal.
 *
 * @param sessionTimeoutMs the session timeout it asked for
 * @param protocols the protocols it supports, in its order of preference
 */
record ClassicMemberData(int sessionTimeoutMs, List<JoinRequest.Protocol> protocols) {

    ClassicMemberData {
        protocols = List.copyOf(protocols);
    }

    /** The first protocol's name. */
    String firstProtocolName() {
        return protocols.isEmpty() ? "" : protocols.get(0).name();
    }

    /** Its metadata (subscription) for {@code protocolName}, else the first protocol's. */
    byte[] metadata(String protocolName) {
        return protocols.stream().filter(p -> p.name().equals(protocolName)).findFirst()
                .or(() -> protocols.stream().findFirst()).map(JoinRequest.Protocol::metadata).orElse(new byte[0]);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ClassicMemberData that) || sessionTimeoutMs != that.sessionTimeoutMs
                || protocols.size() != that.protocols.size()) {
            return false;
        }
        for (int i = 0; i < protocols.size(); i++) {
            if (!protocols.get(i).name().equals(that.protocols.get(i).name())
                    || !Arrays.equals(protocols.get(i).metadata(), that.protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionTimeoutMs, protocols.stream().map(JoinRequest.Protocol::name).toList());
    }
}
