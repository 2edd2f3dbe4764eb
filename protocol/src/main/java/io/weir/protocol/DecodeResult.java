package io.weir.protocol;

/**
 * What {@link RequestDecoder} made of one frame. Each outcome has one answer at the edge:
 *
 * <ul>
 *   <li>{@link Decoded}: hand the request to its API's handler;
 *   <li>{@link UnsupportedVersion}: the codec could parse it but Weir does not implement that API
 *       at that version; answer UNSUPPORTED_VERSION in the API's own error response;
 *   <li>{@link UnsupportedApiVersionsVersion}: an ApiVersions request at a version Weir does not
 *       implement; answer UNSUPPORTED_VERSION in a v0 response that still lists Weir's ranges
 *       (KIP-511), without parsing the body;
 *   <li>{@link Rejected}: unknown api key, a version the codec does not know, or bytes that do not
 *       parse; close the connection, as Kafka does.
 * </ul>
 */
public sealed interface DecodeResult {

    /** A request Weir implements. */
    record Decoded(DecodedRequest request) implements DecodeResult {}

    /** A well-formed request at an API version Weir does not implement. */
    record UnsupportedVersion(DecodedRequest request) implements DecodeResult {}

    /** An ApiVersions request at a version Weir does not implement; the body was not parsed. */
    record UnsupportedApiVersionsVersion(RequestHeader header) implements DecodeResult {}

    /** A frame that gets no answer: the connection that sent it is closed. */
    record Rejected(RejectReason reason, String detail) implements DecodeResult {}

    /** Why a frame was rejected. */
    enum RejectReason {
        /** Too short to hold an api key and version. */
        TRUNCATED_HEADER,
        /** An api key the codec does not know. */
        UNKNOWN_API_KEY,
        /** A version of a known API that the codec cannot parse. */
        UNKNOWN_VERSION,
        /** The header did not parse. */
        MALFORMED_HEADER,
        /** The body did not parse, or claimed more bytes than the frame holds. */
        MALFORMED_BODY,
        /** The body parsed but bytes were left over in the frame. */
        TRAILING_BYTES
    }
}
