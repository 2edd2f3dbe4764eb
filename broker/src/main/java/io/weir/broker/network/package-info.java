/**
 * The Kafka listener's network transport on Netty: accepting connections, framing, ordering
 * responses, back-pressure and connection timeouts.
 *
 * <p>Owns: {@link io.weir.broker.network.SocketServer} (bind, event loops, lifecycle),
 * {@link io.weir.broker.network.ListenerConfig}, and per connection the frame accumulator, the
 * in-flight queue and the channel handler that ties them to a
 * {@link io.weir.broker.handler.RequestDispatcher}.
 *
 * <p>Wire framing: each request and response is a 4-byte big-endian size followed by that many
 * bytes. A size below 0 or above {@code maxRequestBytes} closes the connection before anything is
 * allocated for it; a frame's bytes are kept only as they arrive.
 *
 * <p>Threading: one boss event loop accepts; each connection belongs to one worker event loop
 * (epoll on Linux, NIO elsewhere), which owns all of that connection's state. Decoding and handler
 * calls run there; handler futures completing on other threads hop back to it. This package is
 * the only one in the broker that imports Netty, and it never names kafka-clients types.
 */
package io.weir.broker.network;
