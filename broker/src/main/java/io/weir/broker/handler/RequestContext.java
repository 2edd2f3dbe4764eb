package io.weir.broker.handler;

import io.weir.protocol.RequestHeader;

/**
 * Everything a handler knows about a request besides its body. Immutable and thread-safe.
 *
 * @param header the request header (api, version, correlation id, client id)
 * @param connection the connection it arrived on
 */
public record RequestContext(RequestHeader header, ConnectionInfo connection) {

    /** The context prefix for log lines about this request. */
    public String logPrefix() {
        return connection.logPrefix();
    }
}
