package io.weir.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.weir.metadata.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoint ({@code weir.http.listener}), on the JDK's built-in HTTP server:
 *
 * <ul>
 *   <li>{@code GET /health}: 200 and {@code {"status":"ok","nodeId":1,"clusterId":"...",
 *       "uptimeMs":1234,"logDirs":["/abs/data"]}};
 *   <li>{@code GET /metrics}: 200 and the Prometheus text format (version 0.0.4);
 *   <li>any other path: 404; any other method on a known path: 405 with {@code Allow: GET}.
 * </ul>
 *
 * <p>Bounded: {@value #THREADS} handler threads with a queue of {@value #QUEUE_LENGTH} exchanges
 * (beyond it a connection is refused), request bodies are never read (a request announcing a body
 * of more than {@value #MAX_REQUEST_BODY_BYTES} bytes gets 413), and the JDK server's own limits
 * on header count and idle connections apply.
 *
 * <p>Thread-safety: started by {@link #start}, stopped by {@link #close()} (idempotent); requests
 * run on the handler threads.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final int THREADS = 2;
    private static final int QUEUE_LENGTH = 16;
    private static final int BACKLOG = 16;
    private static final long MAX_REQUEST_BODY_BYTES = 4096;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final NodeMetrics metrics;
    private final NodeView node;
    private final Clock clock;
    private final long startedMs;
    private final String logPrefix;
    private boolean closed;

    private HttpEndpoint(HttpServer server, ThreadPoolExecutor executor, NodeView node, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.node = node;
        this.clock = clock;
        this.startedMs = clock.millis();
        this.metrics = new NodeMetrics(node);
        this.logPrefix = "[node " + node.nodeId() + " http]";
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving.
     *
     * @throws UncheckedIOException if the address can not be bound
     */
    public static HttpEndpoint start(HostPort address, NodeView node, Clock clock) {
        InetSocketAddress bindAddress = address.host().isEmpty()
                ? new InetSocketAddress(address.port()) : new InetSocketAddress(address.host(), address.port());
        HttpServer server;
        try {
            server = HttpServer.create(bindAddress, BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the HTTP listener " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger threadCount = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_LENGTH), runnable -> {
                    Thread thread = new Thread(runnable, "weir-http-" + threadCount.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        HttpEndpoint endpoint = new HttpEndpoint(server, executor, node, clock);
        server.createContext("/", endpoint::handle);
        server.setExecutor(executor);
        server.start();
        log.info("{} serving health and metrics on http://{}", endpoint.logPrefix, endpoint.address());
        return endpoint;
    }

    /** The bound address: a configured port 0 is the port the operating system chose. */
    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    /** {@code host:port} as bound, with the configured host name. */
    private String address() {
        InetSocketAddress bound = boundAddress();
        return bound.getHostString() + ":" + bound.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            log.debug("{} {} {}", logPrefix, exchange.getRequestMethod(), path);
            if (!path.equals("/health") && !path.equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
            } else if (announcedBodyBytes(exchange) > MAX_REQUEST_BODY_BYTES) {
                send(exchange, 413, "text/plain; charset=utf-8", "request too large\n");
            } else if (path.equals("/health")) {
                send(exchange, 200, "application/json", health());
            } else {
                send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
            }
        } catch (RuntimeException e) {
            log.error("{} could not answer {} {}", logPrefix, exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private static long announcedBodyBytes(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private String health() {
        String dirs = node.logDirs().stream()
                .map(dir -> Json.string(dir.toAbsolutePath().toString()))
                .collect(Collectors.joining(","));
        return "{\"status\":\"ok\",\"nodeId\":" + node.nodeId() + ",\"clusterId\":" + Json.string(node.clusterId().get())
                + ",\"uptimeMs\":" + Math.max(0, clock.millis() - startedMs) + ",\"logDirs\":[" + dirs + "]}\n";
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting, ends open exchanges, stops the handler threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        metrics.close();
        log.info("{} stopped", logPrefix);
    }

    /** Minimal JSON string quoting for the health document. */
    static final class Json {
        private Json() {}

        static String string(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
