package io.weir.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.RequestHeader;
import io.weir.protocol.ResponseEncoder;
import io.weir.protocol.SliceRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Responses that will never be written give up their file regions, whichever comes first: close or answer. */
class InFlightRequestsTest {

    private static final RequestHeader HEADER = new RequestHeader(ApiKeys.FETCH, (short) 12, 1, "c", (short) 2);

    @TempDir
    Path dir;

    private FileChannel channel;
    private final AtomicInteger releases = new AtomicInteger();

    @BeforeEach
    void open() throws IOException {
        channel = FileChannel.open(dir.resolve("segment.log"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(100));
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    @Test
    void aResponseCompletingAfterTheConnectionClosedIsReleased() {
        InFlightRequests inFlight = new InFlightRequests();
        ByteBuf frame = Unpooled.buffer(8).writeLong(1);
        InFlightRequests.Entry entry = inFlight.add(HEADER, frame);

        inFlight.close();
        boolean toWrite = inFlight.complete(entry, Optional.of(fetchResponse()), null);

        assertThat(toWrite).isFalse();
        assertThat(frame.refCnt()).isZero();
        assertThat(releases.get()).isEqualTo(1);
    }

    @Test
    void anAnsweredResponseStillQueuedWhenTheConnectionClosesIsReleased() {
        InFlightRequests inFlight = new InFlightRequests();
        InFlightRequests.Entry blocked = inFlight.add(HEADER, Unpooled.buffer(8).writeLong(1));
        InFlightRequests.Entry answered = inFlight.add(HEADER, Unpooled.buffer(8).writeLong(2));
        inFlight.complete(answered, Optional.of(fetchResponse()), null);
        assertThat(inFlight.pollCompleted()).isEmpty();

        inFlight.close();
        inFlight.complete(blocked, Optional.empty(), null);

        assertThat(releases.get()).isEqualTo(1);
    }

    private EncodedResponse fetchResponse() {
        FetchResponseData data = new FetchResponseData();
        FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse().setTopic("t");
        topic.partitions().add(new FetchResponseData.PartitionData().setRecords(SliceRecords.of(channel, 10, 50, releases::incrementAndGet)));
        data.responses().add(topic);
        return new ResponseEncoder().encode(HEADER, data);
    }
}
