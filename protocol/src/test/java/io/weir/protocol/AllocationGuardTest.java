package io.weir.protocol;

import static io.weir.protocol.Frames.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.protocol.DecodeResult.Rejected;
import io.weir.protocol.DecodeResult.RejectReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/**
 * Frames whose length fields claim far more than the frame holds (the CVE-2022-34917 class of
 * attack and its tagged-field variants) must be refused before anything of that size is
 * allocated. The test JVM runs with a 256 MiB heap, so an allocation sized by any of these
 * claims would fail the test with an OutOfMemoryError instead of a rejection.
 */
class AllocationGuardTest {

    private static final int MAX_INT = Integer.MAX_VALUE;
    private static final byte[] VARINT_MAX_INT = bytes(0xff, 0xff, 0xff, 0xff, 0x07);
    private static final byte[] VARINT_MAX_UINT = bytes(0xff, 0xff, 0xff, 0xff, 0x0f);

    private final RequestDecoder decoder = new RequestDecoder(ApiVersionTable.builder()
            .implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4))
            .implement(ApiKeys.METADATA, VersionRange.of(0, 13))
            .build());

    @Test
    void metadataClaimingTwoBillionTopicsInATinyFrame() {
        ByteBuffer frame = Frames.rawV1(ApiKeys.METADATA, 4, concat(int32(MAX_INT), bytes(1)));

        assertThat(frame.remaining()).isLessThan(20);
        assertRejected(frame, RejectReason.MALFORMED_BODY, "");
    }

    @Test
    void flexibleMetadataClaimingTwoBillionTopics() {
        assertRejected(Frames.rawV2(ApiKeys.METADATA, 12, concat(VARINT_MAX_INT, bytes(1, 0, 0))), RejectReason.MALFORMED_BODY, "");
    }

    @Test
    void stringLongerThanTheFrame() {
        byte[] oneTopicWithLongName = concat(int32(1), int16(32_767), bytes('a', 'b'));

        assertRejected(Frames.rawV1(ApiKeys.METADATA, 4, oneTopicWithLongName), RejectReason.MALFORMED_BODY, "string claims 32767");
    }

    @Test
    void flexibleStringLongerThanTheFrame() {
        byte[] oneTopicWithHugeName = concat(bytes(2), new byte[16], VARINT_MAX_INT);

        assertRejected(Frames.rawV2(ApiKeys.METADATA, 12, oneTopicWithHugeName), RejectReason.MALFORMED_BODY, "");
    }

    @Test
    void clientIdLongerThanTheFrame() {
        ByteBuffer frame = ByteBuffer.wrap(concat(int16(ApiKeys.METADATA.id), int16(4), int32(1), int16(32_000), bytes('x')));

        assertRejected(frame, RejectReason.MALFORMED_HEADER, "string claims 32000");
    }

    @Test
    void headerTaggedFieldClaimingTwoGigabytes() {
        byte[] header = concat(int16(ApiKeys.API_VERSIONS.id), int16(3), int32(1), int16(-1), bytes(1, 0), VARINT_MAX_INT);

        assertRejected(ByteBuffer.wrap(header), RejectReason.MALFORMED_HEADER, "tagged field 0 claims 2147483647");
    }

    @Test
    void headerTaggedFieldWithASizeAboveTwoToThe31() {
        byte[] header = concat(int16(ApiKeys.METADATA.id), int16(12), int32(1), int16(-1), bytes(1, 5), VARINT_MAX_UINT);

        assertRejected(ByteBuffer.wrap(header), RejectReason.MALFORMED_HEADER, "claims 4294967295");
    }

    @Test
    void headerClaimingTwoBillionTaggedFields() {
        byte[] header = concat(int16(ApiKeys.METADATA.id), int16(12), int32(1), int16(-1), VARINT_MAX_INT, bytes(1, 1, 0));

        assertRejected(ByteBuffer.wrap(header), RejectReason.MALFORMED_HEADER, "");
    }

    @Test
    void bodyTaggedFieldClaimingTwoGigabytes() {
        byte[] body = concat(bytes(2, 'a', 2, 'b', 1, 7), VARINT_MAX_INT);

        assertRejected(Frames.rawV2(ApiKeys.API_VERSIONS, 3, body), RejectReason.MALFORMED_BODY, "tagged field 7 claims 2147483647");
    }

    @Test
    void bytesFieldClaimingTwoGigabytes() {
        // SaslAuthenticate v0: auth_bytes is an int32-length bytes field.
        assertRejected(Frames.rawV1(ApiKeys.SASL_AUTHENTICATE, 0, concat(int32(MAX_INT), bytes(1, 2))), RejectReason.MALFORMED_BODY, "");
    }

    @Test
    void produceRecordsClaimingTwoGigabytes() {
        byte[] body = concat(int16(-1), int16(1), int32(1000), int32(1), int16(1), bytes('t'), int32(1), int32(0), int32(MAX_INT));

        assertRejected(Frames.rawV1(ApiKeys.PRODUCE, 3, body), RejectReason.MALFORMED_BODY, "records claims 2147483647");
    }

    @Test
    void manyHostileFramesDoNotAccumulateMemory() {
        Runtime runtime = Runtime.getRuntime();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();
        var results = new ArrayList<DecodeResult>();
        for (int i = 0; i < 10_000; i++) {
            results.add(decoder.decode(Frames.rawV2(ApiKeys.API_VERSIONS, 3, concat(bytes(2, 'a', 2, 'b', 1, 7), VARINT_MAX_INT))));
        }
        long usedAfter = runtime.totalMemory() - runtime.freeMemory();

        assertThat(results).allMatch(r -> r instanceof Rejected);
        assertThat(usedAfter - usedBefore).isLessThan(64L << 20);
    }

    @Test
    void boundedReadableRefusesEveryOversizedLength() {
        BoundedReadable readable = new BoundedReadable(ByteBuffer.wrap(new byte[8]));

        assertThatThrownBy(() -> readable.readArray(MAX_INT)).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> readable.readArray(-1)).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> readable.readString(9)).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> readable.readByteBuffer(9)).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> readable.readRecords(MAX_INT)).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> readable.readUnknownTaggedField(null, 1, MAX_INT)).isInstanceOf(MalformedRequestException.class);
        assertThat(readable.readRecords(-1)).isNull();
        assertThat(readable.readArray(8)).hasSize(8);
        assertThat(readable.remaining()).isZero();
    }

    private void assertRejected(ByteBuffer frame, RejectReason reason, String detailFragment) {
        DecodeResult result = decoder.decode(frame);

        assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).contains(detailFragment);
        });
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] int16(int value) {
        return ByteBuffer.allocate(2).putShort((short) value).array();
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }
}
