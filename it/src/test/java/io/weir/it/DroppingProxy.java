package io.weir.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 (port chosen at run time) between Kafka clients and one Weir node that
 * loses acknowledgements: it forwards every request, and for chosen Produce responses it closes the
 * client's connection instead of forwarding the answer the broker already gave. The client never
 * sees the ack and retries the same batch with the same producer id, epoch and sequence.
 *
 * <p>Frames are read whole (4-byte size, then the body); a request's API key is the body's first
 * two bytes and its correlation id bytes 4-7, a response's correlation id its first four bytes.
 * The node must advertise the proxy's address so that clients come back through it.
 *
 * <p>Thread-safety: safe; two daemon threads per proxied connection, settings read atomically.
 */
final class DroppingProxy implements AutoCloseable {
    private static final short PRODUCE = 0;

    private final ServerSocket server;
    private final AtomicReference<Optional<InetSocketAddress>> target = new AtomicReference<>(Optional.empty());
    private final AtomicInteger produceResponses = new AtomicInteger();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile int dropEvery = 1;
    private volatile boolean offlineAfterDrop;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    DroppingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The address clients are given: the node's advertised listener must be this. */
    String address() {
        return "127.0.0.1:" + port();
    }

    /** Where requests go from now on, as {@code host:port}; connections made before keep their node. */
    void forwardTo(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        target.set(Optional.of(new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)))));
    }

    /** Refuses clients (accepts and closes at once) until the next {@link #forwardTo}. */
    void goOffline() {
        target.set(Optional.empty());
        sockets.forEach(DroppingProxy::closeQuietly);
    }

    /** Loses the next {@code count} Produce acknowledgements whose ordinal is a multiple of {@code every}. */
    void dropProduceResponses(int count, int every) {
        dropEvery = every;
        dropsLeft.set(count);
    }

    /** After the next dropped acknowledgement the proxy also goes offline (see {@link #goOffline}). */
    void goOfflineAfterNextDrop() {
        offlineAfterDrop = true;
    }

    /** How many Produce acknowledgements were lost so far. */
    int dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Optional<InetSocketAddress> node = target.get();
                if (node.isEmpty()) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(node.get(), 5_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                startPair(client, upstream);
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    private void startPair(Socket client, Socket upstream) {
        sockets.add(client);
        sockets.add(upstream);
        Set<Integer> produceCorrelations = ConcurrentHashMap.newKeySet();
        Runnable closeBoth = () -> {
            closeQuietly(client);
            closeQuietly(upstream);
            sockets.remove(client);
            sockets.remove(upstream);
        };
        daemon("proxy-requests", () -> pump(client, upstream, closeBoth, frame -> {
            if (frame.getShort(0) == PRODUCE) {
                produceCorrelations.add(frame.getInt(4));
            }
            return true;
        }));
        daemon("proxy-responses", () -> pump(upstream, client, closeBoth,
                frame -> !produceCorrelations.remove(frame.getInt(0)) || !shouldDrop()));
    }

    private boolean shouldDrop() {
        int ordinal = produceResponses.incrementAndGet();
        if (ordinal % dropEvery != 0 || dropsLeft.getAndUpdate(left -> Math.max(0, left - 1)) <= 0) {
            return false;
        }
        dropped.incrementAndGet();
        if (offlineAfterDrop) {
            offlineAfterDrop = false;
            target.set(Optional.empty());
        }
        return true;
    }

    /** A decision about one whole frame: forward it (true) or close the connection pair (false). */
    private interface FrameFilter {
        boolean forward(ByteBuffer frame);
    }

    private static void pump(Socket from, Socket to, Runnable closeBoth, FrameFilter filter) {
        try {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            while (true) {
                int size = in.readInt();
                byte[] frame = new byte[4 + size];
                ByteBuffer.wrap(frame).putInt(size);
                in.readFully(frame, 4, size);
                if (!filter.forward(ByteBuffer.wrap(frame, 4, size).slice())) {
                    break;
                }
                out.write(frame);
                out.flush();
            }
        } catch (EOFException e) {
            // the peer closed
        } catch (IOException e) {
            // either side went away
        } finally {
            closeBoth.run();
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(DroppingProxy::closeQuietly);
    }
}
