package io.weir.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.weir.broker.handler.RequestDispatcher;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka listener: accepts TCP connections on {@code host:port} and serves Kafka requests on
 * them through a {@link RequestDispatcher}.
 *
 * <p>One accept thread and {@code networkThreads} worker event loops, on epoll when the native
 * transport loads (Linux) and NIO otherwise. Each connection lives on one worker loop; see
 * {@link ConnectionHandler} for framing, ordering, back-pressure and timeouts.
 *
 * <p>Lifecycle: {@link #start()} binds (port 0 picks a free port, see {@link #boundPort()});
 * {@link #close()} stops accepting, closes every connection and shuts the loops down. Start and
 * close are thread-safe; a server is started at most once.
 */
public final class SocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    private static final int ACCEPT_BACKLOG = 1024;
    private static final int WRITE_LOW_WATER_MARK_BYTES = 512 * 1024;
    private static final int WRITE_HIGH_WATER_MARK_BYTES = 2 * 1024 * 1024;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000L;

    private final ListenerConfig config;
    private final RequestDispatcher dispatcher;
    private final String logPrefix;
    private final boolean epoll = Epoll.isAvailable();
    private EventLoopGroup acceptGroup;
    private EventLoopGroup workerGroup;
    private ChannelGroup connections;
    private Channel serverChannel;
    private boolean closed;

    public SocketServer(ListenerConfig config, RequestDispatcher dispatcher) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.logPrefix = "[node " + config.nodeId() + " " + config.listenerName() + "] ";
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException if already started or closed, or the address cannot be bound
     */
    public synchronized void start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("a socket server starts once");
        }
        IoHandlerFactory ioHandlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("weir-accept-" + config.nodeId()), ioHandlers);
        workerGroup = new MultiThreadIoEventLoopGroup(config.networkThreads(), new DefaultThreadFactory("weir-network-" + config.nodeId()), ioHandlers);
        connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            serverChannel = bootstrap().bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (Exception e) {
            shutDownEventLoops();
            throw new IllegalStateException(logPrefix + "cannot bind " + config.host() + ":" + config.port(), e);
        }
        log.info("{}listening on {} ({} transport)", logPrefix, serverChannel.localAddress(), epoll ? "epoll" : "nio");
    }

    private ServerBootstrap bootstrap() {
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_LOW_WATER_MARK_BYTES, WRITE_HIGH_WATER_MARK_BYTES))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, config.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS),
                                new ConnectionHandler(config, dispatcher));
                    }
                });
        if (config.socketReceiveBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.socketReceiveBufferBytes());
        }
        if (config.socketSendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes());
        }
        return bootstrap;
    }

    /** The bound address; only after {@link #start()}. */
    public synchronized InetSocketAddress boundAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The bound port, which is the chosen one when the configured port is 0. */
    public int boundPort() {
        return boundAddress().getPort();
    }

    /** Whether the native epoll transport is used. */
    public boolean usesEpoll() {
        return epoll;
    }

    /** Open client connections right now. */
    public synchronized int connectionCount() {
        return connections == null ? 0 : connections.size();
    }

    /** Stops accepting, closes all connections and stops the event loops; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        shutDownEventLoops();
        log.info("{}stopped", logPrefix);
    }

    private void shutDownEventLoops() {
        acceptGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        workerGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        acceptGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        workerGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
    }
}
