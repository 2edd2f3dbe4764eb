/**
 * The Kafka wire codec, and the one place where Weir meets kafka-clients' protocol classes.
 *
 * <p>Owns: Weir's own table of implemented API versions ({@link io.weir.protocol.ApiVersionTable}),
 * decoding a request frame (the bytes after the 4-byte size prefix) into a header and a body
 * ({@link io.weir.protocol.RequestDecoder}), encoding a response with its header and size prefix
 * ({@link io.weir.protocol.ResponseEncoder}), and turning exceptions into Kafka error codes and
 * error responses ({@link io.weir.protocol.ErrorMapper}). It does no I/O and starts no threads.
 *
 * <p>What the rest of the broker sees. Request and response bodies are kafka-clients' generated
 * {@code *RequestData} / {@code *ResponseData} classes (typed as {@code ApiMessage}), passed
 * through without wrapping: they are exactly the protocol's JSON schemas, and wrapping ~80 of
 * them would add a layer of copies and nothing else. The rule that keeps this contained, checked
 * by an ArchUnit test in the broker module: only this package and the broker's per-API handler
 * package ({@code io.weir.broker.handler}) may name kafka-clients types; the request/response
 * wrapper classes ({@code org.apache.kafka.common.requests}) and the client network layer are
 * used here only. The transport sees only this package's types ({@link io.weir.protocol.DecodedRequest},
 * {@link io.weir.protocol.EncodedResponse}).
 *
 * <p>Hostile input. Every length read from a frame (string, bytes, records, tagged field) is
 * checked against the bytes remaining in that frame before anything is allocated; the generated
 * code already checks collection counts the same way. A frame therefore never costs more memory
 * than a small multiple of its own size.
 */
package io.weir.protocol;
