package io.weir.broker.net;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking Kafka-protocol client of one remote broker, one request at a time over one socket.
 *
 * <p>Wire format (Kafka's): each request is {@code size int32} then the request header
 * ({@code api_key int16, api_version int16, correlation_id int32, client_id nullable string}, plus
 * tagged fields in header v2, which flexible versions use) then the body; each response is
 * {@code size int32}, the response header ({@code correlation_id int32}, plus tagged fields in
 * header v1) and the body. Bodies are kafka-clients' generated message classes at the version the
 * caller chooses; a response whose correlation id differs from the request's closes the connection.
 *
 * <p>Failures: the address is looked up anew at each connect (a restarted broker may listen on
 * another port); a failed connect, write or read (including no answer within
 * {@code requestTimeoutMs}) closes the socket and throws {@link BrokerClientException}; the next
 * call reconnects, but not before {@code reconnectBackoffMs} after the failure (it throws at once
 * meanwhile), so a caller looping on errors does not hammer a dead broker.
 *
 * <p>Thread-safety: {@link #send} is synchronized (one request in flight); {@link #close()} may be
 * called from any thread and makes a blocked {@link #send} fail at once.
 */
public final class BrokerClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerClient.class);
    private static final int SIZE_PREFIX_BYTES = 4;
    /** A response larger than this is refused (a corrupt size field must not allocate gigabytes). */
    private static final int MAX_RESPONSE_BYTES = 256 << 20;

    private final String logPrefix;
    private final String clientId;
    private final Supplier<Optional<InetSocketAddress>> address;
    private final int requestTimeoutMs;
    private final long reconnectBackoffMs;
    private final Clock clock;
    private volatile Socket socket;
    private volatile boolean closed;
    private DataInputStream in;
    private OutputStream out;
    private int nextCorrelationId;
    private long lastFailureMs = Long.MIN_VALUE;

    /**
     * @param logPrefix context for log lines, e.g. {@code "[node 2 fetcher to 1]"}
     * @param clientId the client id sent in every request header
     * @param address where the remote broker listens now, or empty if unknown (looked up per connect)
     * @param requestTimeoutMs the longest wait for a connect or a response
     * @param reconnectBackoffMs the least time between a failure and the next connect
     * @param clock for the backoff
     */
    public BrokerClient(String logPrefix, String clientId, Supplier<Optional<InetSocketAddress>> address, int requestTimeoutMs,
            long reconnectBackoffMs, Clock clock) {
        this.logPrefix = logPrefix;
        this.clientId = clientId;
        this.address = address;
        this.requestTimeoutMs = requestTimeoutMs;
        this.reconnectBackoffMs = reconnectBackoffMs;
        this.clock = clock;
    }

    /**
     * Sends {@code request} at {@code version} and returns the response body.
     *
     * @throws BrokerClientException no connection, I/O failure, timeout, or a malformed response
     */
    public synchronized <R extends ApiMessage> R send(ApiMessage request, short version, Class<R> responseType) {
        ensureConnected();
        ApiKeys apiKey = ApiKeys.forId(request.apiKey());
        int correlationId = nextCorrelationId++;
        try {
            out.write(frame(apiKey, version, correlationId, request).array());
            out.flush();
            ByteBuffer response = readFrame();
            ResponseHeaderData header = new ResponseHeaderData(new ByteBufferAccessor(response), apiKey.responseHeaderVersion(version));
            if (header.correlationId() != correlationId) {
                throw new IOException("correlation id " + header.correlationId() + " answers request " + correlationId);
            }
            ApiMessage body = ApiMessageType.fromApiKey(apiKey.id).newResponse();
            body.read(new ByteBufferAccessor(response), version);
            return responseType.cast(body);
        } catch (IOException | RuntimeException e) {
            disconnect();
            lastFailureMs = clock.millis();
            throw new BrokerClientException(logPrefix + " " + apiKey + " v" + version + " failed: " + e, e);
        }
    }

    private ByteBuffer frame(ApiKeys apiKey, short version, int correlationId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(apiKey.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId(clientId);
        short headerVersion = apiKey.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(SIZE_PREFIX_BYTES + size);
        buffer.putInt(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        return buffer;
    }

    private ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_RESPONSE_BYTES) {
            throw new IOException("response size " + size + " is out of bounds");
        }
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private void ensureConnected() {
        if (closed) {
            throw new BrokerClientException(logPrefix + " client is closed");
        }
        if (socket != null) {
            return;
        }
        if (lastFailureMs != Long.MIN_VALUE && clock.millis() - lastFailureMs < reconnectBackoffMs) {
            throw new BrokerClientException(logPrefix + " backing off after a failure");
        }
        InetSocketAddress target = address.get()
                .orElseThrow(() -> new BrokerClientException(logPrefix + " the remote broker's address is unknown"));
        Socket fresh = new Socket();
        try {
            fresh.connect(target, requestTimeoutMs);
            fresh.setSoTimeout(requestTimeoutMs);
            fresh.setTcpNoDelay(true);
            in = new DataInputStream(fresh.getInputStream());
            out = fresh.getOutputStream();
            socket = fresh;
            log.debug("{} connected to {}", logPrefix, target);
        } catch (IOException e) {
            closeQuietly(fresh);
            lastFailureMs = clock.millis();
            throw new BrokerClientException(logPrefix + " cannot connect to " + target + ": " + e, e);
        }
        if (closed) {
            disconnect();
            throw new BrokerClientException(logPrefix + " client is closed");
        }
    }

    /** Closes the connection (the next {@link #send} reconnects). Any thread. */
    public void disconnect() {
        Socket current = socket;
        socket = null;
        if (current != null) {
            closeQuietly(current);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort: the socket is abandoned either way.
        }
    }

    /** Closes the connection for good; a blocked {@link #send} fails at once. Idempotent, any thread. */
    @Override
    public void close() {
        closed = true;
        disconnect();
    }
}
