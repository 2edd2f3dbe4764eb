package io.weir.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.weir.broker.handler.ConnectionInfo;
import io.weir.broker.handler.Dispatch;
import io.weir.broker.handler.RequestDispatcher;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.FileSplice;
import io.weir.protocol.SliceRecords;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: cuts frames, dispatches them, and writes responses in request order.
 *
 * <p>Back-pressure: the connection stops reading while {@code maxInFlightRequestsPerConnection}
 * requests, or {@code maxRequestBytes} of request frames, await answers, or while the socket's
 * outbound buffer is above its high-water mark; bytes already read wait, undecoded, in the frame
 * accumulator. Deadlines: a frame started and not completed within {@code frameReadTimeoutMs}
 * while the connection is reading closes it; so does {@code connectionsMaxIdleMs} without
 * traffic while nothing is in flight. Any framing error closes it (DEBUG log line).
 *
 * <p>Zero-copy: a response with file-backed records ({@link SliceRecords}, Fetch) is written as
 * parts in wire order: slices of one buffer holding everything else, and a
 * {@link DefaultFileRegion} per slice, which Netty sends with {@code sendfile} (native on epoll,
 * {@code FileChannel.transferTo} on NIO). The region is retained once more than Netty releases
 * it, so Netty never closes the log segment's shared channel; the slice is released when its
 * write completes or fails. With TLS in the pipeline the records are copied into the buffer.
 *
 * <p>Not thread-safe: every method runs on the connection's event loop. Handler futures that
 * complete elsewhere are re-submitted to it.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ListenerConfig config;
    private final RequestDispatcher dispatcher;
    private final InFlightRequests inFlight = new InFlightRequests();
    private ChannelHandlerContext ctx;
    private FrameAccumulator frames;
    private ConnectionInfo connection;
    private Optional<ScheduledFuture<?>> frameDeadline = Optional.empty();
    private boolean processing;
    private boolean flushPending;
    private boolean closing;

    ConnectionHandler(ListenerConfig config, RequestDispatcher dispatcher) {
        this.config = config;
        this.dispatcher = dispatcher;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.frames = new FrameAccumulator(context.alloc(), config.maxRequestBytes());
        SocketAddress remote = context.channel().remoteAddress();
        this.connection = new ConnectionInfo(config.nodeId(), config.listenerName(), connectionId(remote), remote);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        log.debug("{}connected", connection.logPrefix());
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (closing) {
            ((ByteBuf) message).release();
            return;
        }
        frames.append((ByteBuf) message);
        processFrames();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        processFrames();
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent && inFlight.isEmpty()) {
            closeConnection("idle for " + config.connectionsMaxIdleMs() + " ms");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("{}connection error", connection.logPrefix(), cause);
        closeConnection("connection error: " + cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closing = true;
        cancelFrameDeadline();
        frames.release();
        inFlight.close();
        log.debug("{}disconnected", connection.logPrefix());
        context.fireChannelInactive();
    }

    /** Cuts and dispatches every complete frame the connection may take now, then settles reading and deadlines. */
    private void processFrames() {
        if (processing || closing) {
            return;
        }
        processing = true;
        boolean cutAny = false;
        try {
            while (!closing && canTakeRequest()) {
                FrameAccumulator.Next next = frames.next();
                if (next instanceof FrameAccumulator.Frame frame) {
                    cutAny = true;
                    dispatch(frame.frame());
                } else if (next instanceof FrameAccumulator.InvalidSize invalid) {
                    closeConnection("frame size " + invalid.declaredBytes() + " outside 0.." + config.maxRequestBytes());
                } else {
                    break;
                }
            }
        } finally {
            processing = false;
        }
        if (!closing) {
            maybeFlush();
            ctx.channel().config().setAutoRead(canTakeRequest());
            updateFrameDeadline(cutAny);
        }
    }

    private void dispatch(ByteBuf frame) {
        Dispatch dispatch;
        try {
            dispatch = dispatcher.dispatch(frame.nioBuffer(), connection);
        } catch (RuntimeException e) {
            frame.release();
            log.error("{}dispatch failed", connection.logPrefix(), e);
            closeConnection("dispatch failed: " + e);
            return;
        }
        if (dispatch instanceof Dispatch.Close close) {
            frame.release();
            closeConnection(close.reason());
            return;
        }
        Dispatch.Respond respond = (Dispatch.Respond) dispatch;
        InFlightRequests.Entry entry = inFlight.add(respond.header(), frame);
        respond.response().whenComplete((response, failure) -> onAnswered(entry, response, failure));
    }

    private void onAnswered(InFlightRequests.Entry entry, Optional<EncodedResponse> response, Throwable failure) {
        if (ctx.executor().inEventLoop()) {
            completeOnEventLoop(entry, response, failure);
            return;
        }
        try {
            ctx.executor().execute(() -> completeOnEventLoop(entry, response, failure));
        } catch (RejectedExecutionException e) {
            // The event loop has shut down, so the connection is closed and nothing else touches
            // the entry: only its frame remains to be released.
            inFlight.complete(entry, Optional.empty(), e);
        }
    }

    private void completeOnEventLoop(InFlightRequests.Entry entry, Optional<EncodedResponse> response, Throwable failure) {
        if (inFlight.complete(entry, response == null ? Optional.empty() : response, failure)) {
            writeCompletedResponses();
        }
    }

    /** Writes every answered request at the head of the queue, keeping request order. */
    private void writeCompletedResponses() {
        Optional<InFlightRequests.Entry> next;
        while (!closing && (next = inFlight.pollCompleted()).isPresent()) {
            InFlightRequests.Entry entry = next.get();
            if (entry.failure().isPresent()) {
                log.error("{}no response could be built for {}", connection.logPrefix(), entry.header().describe(), entry.failure().get());
                closeConnection("no response for " + entry.header().describe());
                return;
            }
            entry.response().ifPresent(response -> write(entry, response));
        }
        // Answers free in-flight room: take frames that were held back, and flush.
        processFrames();
    }

    private void write(InFlightRequests.Entry entry, EncodedResponse response) {
        if (response.fileBytes() > 0 && ctx.pipeline().get(SslHandler.class) == null) {
            writeSplit(entry, response);
            return;
        }
        int size = response.sizeBytes();
        ByteBuf buffer = ctx.alloc().ioBuffer(size);
        try {
            response.writeTo(buffer.nioBuffer(buffer.writerIndex(), size));
            buffer.writerIndex(buffer.writerIndex() + size);
        } catch (RuntimeException e) {
            buffer.release();
            log.error("{}cannot encode the response to {}", connection.logPrefix(), entry.header().describe(), e);
            closeConnection("response encoding failed");
            return;
        } finally {
            // Any file-backed records have been copied (or never will be).
            response.release();
        }
        ctx.write(buffer, ctx.voidPromise());
        flushPending = true;
    }

    /** Writes the buffer parts and, between them, each file region for sendfile. */
    private void writeSplit(InFlightRequests.Entry entry, EncodedResponse response) {
        int size = response.bufferBytes();
        ByteBuf buffer = ctx.alloc().ioBuffer(size);
        List<FileSplice> splices;
        try {
            splices = response.writeSplit(buffer.nioBuffer(0, size));
            buffer.writerIndex(size);
        } catch (RuntimeException e) {
            buffer.release();
            response.release();
            log.error("{}cannot encode the response to {}", connection.logPrefix(), entry.header().describe(), e);
            closeConnection("response encoding failed");
            return;
        }
        int from = 0;
        for (FileSplice splice : splices) {
            if (splice.bufferOffset() > from) {
                ctx.write(buffer.retainedSlice(from, splice.bufferOffset() - from), ctx.voidPromise());
            }
            writeRegion(splice.records());
            from = splice.bufferOffset();
        }
        if (size > from) {
            ctx.write(buffer.retainedSlice(from, size - from), ctx.voidPromise());
        }
        buffer.release();
        flushPending = true;
    }

    private void writeRegion(SliceRecords records) {
        DefaultFileRegion region = new DefaultFileRegion(records.channel(), records.position(), records.sizeInBytes());
        // One reference more than Netty gives back: the region is never deallocated, because
        // deallocation would close the segment's channel, which the log owns.
        region.retain();
        ctx.write(region).addListener(written -> records.release());
    }

    private boolean canTakeRequest() {
        return inFlight.count() < config.maxInFlightRequestsPerConnection()
                && inFlight.frameBytes() < config.maxRequestBytes()
                && ctx.channel().isWritable();
    }

    private void maybeFlush() {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }

    /** Arms the deadline while a frame is partly read and the connection is reading; restarts it per frame. */
    private void updateFrameDeadline(boolean cutAny) {
        if (cutAny || !canTakeRequest() || !frames.hasPartialFrame()) {
            cancelFrameDeadline();
        }
        if (frameDeadline.isEmpty() && canTakeRequest() && frames.hasPartialFrame()) {
            frameDeadline = Optional.of(ctx.executor().schedule(this::onFrameDeadline, config.frameReadTimeoutMs(), TimeUnit.MILLISECONDS));
        }
    }

    private void onFrameDeadline() {
        frameDeadline = Optional.empty();
        if (!closing && canTakeRequest() && frames.hasPartialFrame()) {
            closeConnection("frame incomplete after " + config.frameReadTimeoutMs() + " ms (" + frames.bufferedBytes() + " bytes received)");
        }
    }

    private void cancelFrameDeadline() {
        frameDeadline.ifPresent(deadline -> deadline.cancel(false));
        frameDeadline = Optional.empty();
    }

    private void closeConnection(String reason) {
        if (closing) {
            return;
        }
        closing = true;
        log.debug("{}closing connection: {}", connection.logPrefix(), reason);
        // Responses already written still go out; nothing more is read or answered.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private static String connectionId(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(remote);
    }
}
