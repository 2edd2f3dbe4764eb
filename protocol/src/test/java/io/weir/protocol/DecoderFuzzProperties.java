package io.weir.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;

/** Whatever bytes arrive, the decoder answers with an outcome; it never throws. */
class DecoderFuzzProperties {

    private final RequestDecoder decoder = new RequestDecoder(ApiVersionTable.builder()
            .implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4))
            .implement(ApiKeys.METADATA, VersionRange.of(0, 13))
            .build());

    @Property(tries = 2000)
    void randomBytesNeverThrow(@ForAll @Size(max = 200) byte[] frame) {
        assertThat(decoder.decode(ByteBuffer.wrap(frame))).isNotNull();
    }

    @Property(tries = 2000)
    void corruptedValidFramesNeverThrow(@ForAll("validFrames") byte[] frame, @ForAll("positions") int position, @ForAll byte value) {
        byte[] corrupted = frame.clone();
        corrupted[Math.floorMod(position, corrupted.length)] = value;

        assertThat(decoder.decode(ByteBuffer.wrap(corrupted))).isNotNull();
    }

    @Property(tries = 500)
    void truncatedValidFramesNeverThrow(@ForAll("validFrames") byte[] frame, @ForAll("positions") int cut) {
        int length = Math.floorMod(cut, frame.length);

        assertThat(decoder.decode(ByteBuffer.wrap(frame, 0, length))).isNotNull();
    }

    @Provide
    Arbitrary<byte[]> validFrames() {
        MetadataRequestData metadata = new MetadataRequestData().setTopics(List.of(new MetadataRequestTopic().setName("orders")));
        ApiVersionsRequestData apiVersions = new ApiVersionsRequestData().setClientSoftwareName("a").setClientSoftwareVersion("1");
        return Arbitraries.of(
                toArray(Frames.request(metadata, 4, 1, "c")),
                toArray(Frames.request(metadata, 12, 1, "c")),
                toArray(Frames.request(apiVersions, 3, 1, "c")),
                toArray(Frames.request(apiVersions, 0, 1, "c")));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1000);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }
}
