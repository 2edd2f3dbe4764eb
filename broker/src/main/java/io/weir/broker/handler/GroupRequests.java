package io.weir.broker.handler;

import io.weir.broker.group.GroupError;
import io.weir.broker.group.GroupException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import org.apache.kafka.common.protocol.Errors;

/** What the group handlers share: the client host as Kafka reports it, and error codes of failures. Stateless. */
final class GroupRequests {
    private GroupRequests() {}

    /** The client's address as Kafka shows it in DescribeGroups: "/" + the IP address. */
    static String clientHost(ConnectionInfo connection) {
        SocketAddress address = connection.clientAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return "/" + inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** The error code of a failed coordinator call. */
    static short codeOf(Throwable failure) {
        return GroupException.errorOf(failure).code();
    }

    /** Kafka's default message for an error, null for NONE (the schemas' "no message"). */
    static String message(GroupError error) {
        return error == GroupError.NONE ? null : Errors.forCode(error.code()).message();
    }

    static GroupError errorOf(Throwable failure) {
        return GroupException.errorOf(failure);
    }

    static Optional<String> optional(String nullable) {
        return Optional.ofNullable(nullable);
    }
}
