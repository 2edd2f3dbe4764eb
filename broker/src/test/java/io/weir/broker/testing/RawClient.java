package io.weir.broker.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A blocking Kafka-protocol client over a plain socket, for tests that need exact control of the
 * bytes on the wire. Every read is bounded by a deadline (the socket timeout), never a sleep.
 */
public final class RawClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request frame, adding the size prefix. */
    public RawClient send(ByteBuffer frame) {
        return sendRaw(KafkaWire.sized(frame));
    }

    /** Sends bytes exactly as given. */
    public RawClient sendRaw(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        try {
            out.write(array);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Reads one response frame (without its size prefix). */
    public ByteBuffer receive() {
        try {
            int size = in.readInt();
            byte[] body = new byte[size];
            in.readFully(body);
            return ByteBuffer.wrap(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and reads its response. */
    public ByteBuffer roundTrip(ByteBuffer frame) {
        return send(frame).receive();
    }

    /**
     * Waits, up to {@code timeoutMs}, for the broker to close the connection; true if it did.
     * Any bytes the broker sends meanwhile are discarded.
     */
    public boolean awaitClosedByBroker(int timeoutMs) {
        try {
            socket.setSoTimeout(timeoutMs);
            while (in.read() != -1) {
                // discard
            }
            return true;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
