/**
 * One handler per Kafka API, the registry that lists them, and the dispatcher that turns a
 * request frame into a (possibly later) response.
 *
 * <p>Owns: {@link io.weir.broker.handler.ApiHandler} (the contract every API handler implements,
 * stating its version range next to its code), {@link io.weir.broker.handler.HandlerRegistry}
 * (the handlers a listener serves, from which Weir's advertised API versions are derived),
 * {@link io.weir.broker.handler.RequestDispatcher} (decode, route, map failures to error
 * responses, encode), and the handlers themselves, one file each.
 *
 * <p>This is the only broker package allowed to name kafka-clients' generated message classes
 * ({@code org.apache.kafka.common.message.*RequestData} / {@code *ResponseData}), {@code ApiKeys}
 * and {@code Errors}: a handler reads its request and builds its response with them directly,
 * because they are the protocol's schema and wrapping them would add only copies. The request
 * wrappers in {@code org.apache.kafka.common.requests} and the client networking classes stay
 * inside {@code io.weir.protocol}; the ArchUnit test {@code LayeringTest} checks both rules.
 *
 * <p>Threading: the dispatcher runs on the connection's event loop, and so does
 * {@link io.weir.broker.handler.ApiHandler#handle}. A handler must not block; one that waits
 * (acks=all produce, fetch long-poll) returns an incomplete future and completes it from any
 * thread. Responses still leave in request order per connection.
 */
package io.weir.broker.handler;
