package io.weir.broker.network;

import io.netty.buffer.ByteBuf;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.RequestHeader;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The requests of one connection that have been dispatched and not yet answered, in arrival
 * order, so that responses leave in request order whatever order handlers complete in.
 *
 * <p>Each entry holds its request frame until the handler's answer is complete, because the
 * decoded request may read the frame's memory (records in a Produce request) until then. A frame
 * is released exactly once: when its answered entry leaves the head of the queue, or, once the
 * connection has closed, as soon as its handler completes. A response that will never be
 * written (the connection closed first) has its file regions released here too.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class InFlightRequests {

    /** One dispatched request. */
    static final class Entry {
        private final RequestHeader header;
        private final ByteBuf frame;
        private final int frameBytes;
        private boolean completed;
        private boolean abandoned;
        private Optional<EncodedResponse> response = Optional.empty();
        private Optional<Throwable> failure = Optional.empty();

        private Entry(RequestHeader header, ByteBuf frame) {
            this.header = header;
            this.frame = frame;
            this.frameBytes = frame.readableBytes();
        }

        RequestHeader header() {
            return header;
        }

        Optional<EncodedResponse> response() {
            return response;
        }

        Optional<Throwable> failure() {
            return failure;
        }
    }

    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private long frameBytes;
    private boolean closed;

    /** Adds a dispatched request, taking ownership of its frame. */
    Entry add(RequestHeader header, ByteBuf frame) {
        Entry entry = new Entry(header, frame);
        if (closed) {
            entry.abandoned = true;
        } else {
            queue.addLast(entry);
            frameBytes += entry.frameBytes;
        }
        return entry;
    }

    /**
     * Records the handler's outcome. Returns false when the connection has closed meanwhile: the
     * frame has then been released and there is nothing to send.
     */
    boolean complete(Entry entry, Optional<EncodedResponse> response, Throwable failure) {
        if (entry.completed) {
            throw new IllegalStateException("request completed twice: " + entry.header.describe());
        }
        entry.completed = true;
        if (entry.abandoned) {
            entry.frame.release();
            response.ifPresent(EncodedResponse::release);
            return false;
        }
        entry.response = response;
        entry.failure = Optional.ofNullable(failure);
        return true;
    }

    /** Removes and returns the oldest request if it has completed, releasing its frame. */
    Optional<Entry> pollCompleted() {
        Entry head = queue.peekFirst();
        if (head == null || !head.completed) {
            return Optional.empty();
        }
        queue.removeFirst();
        frameBytes -= head.frameBytes;
        head.frame.release();
        return Optional.of(head);
    }

    int count() {
        return queue.size();
    }

    /** Bytes of request frames held by requests in flight. */
    long frameBytes() {
        return frameBytes;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * The connection closed: releases the frames of completed requests now and of the others when
     * their handlers complete. Nothing is sent any more.
     */
    void close() {
        closed = true;
        for (Entry entry : queue) {
            entry.abandoned = true;
            if (entry.completed) {
                entry.frame.release();
                entry.response.ifPresent(EncodedResponse::release);
            }
        }
        queue.clear();
        frameBytes = 0;
    }
}
