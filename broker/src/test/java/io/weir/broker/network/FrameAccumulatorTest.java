package io.weir.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameAccumulatorTest {

    private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(false);
    private final FrameAccumulator accumulator = new FrameAccumulator(allocator, 1_000);
    private final List<ByteBuf> frames = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        frames.forEach(ByteBuf::release);
        accumulator.release();
    }

    @Test
    void cutsFramesAsTheirBytesArrive() {
        accumulator.append(Unpooled.buffer().writeInt(5).writeBytes(new byte[] {1, 2}));
        assertThat(accumulator.next()).isInstanceOf(FrameAccumulator.Incomplete.class);
        assertThat(accumulator.hasPartialFrame()).isTrue();

        accumulator.append(Unpooled.buffer().writeBytes(new byte[] {3, 4, 5}).writeInt(1).writeByte(9));

        assertThat(bytesOf(accumulator.next())).containsExactly(1, 2, 3, 4, 5);
        assertThat(bytesOf(accumulator.next())).containsExactly(9);
        assertThat(accumulator.next()).isInstanceOf(FrameAccumulator.Incomplete.class);
        assertThat(accumulator.hasPartialFrame()).isFalse();
    }

    @Test
    void cutsManyFramesFromOneRead() {
        ByteBuf read = Unpooled.buffer();
        for (int i = 0; i < 100; i++) {
            read.writeInt(1).writeByte(i);
        }
        accumulator.append(read);

        for (int i = 0; i < 100; i++) {
            assertThat(bytesOf(accumulator.next())).containsExactly(i);
        }
        assertThat(accumulator.next()).isInstanceOf(FrameAccumulator.Incomplete.class);
    }

    @Test
    void rejectsNegativeAndOversizedSizesBeforeTheirBytesArrive() {
        FrameAccumulator negative = new FrameAccumulator(allocator, 1_000);
        negative.append(Unpooled.buffer().writeInt(-1));
        FrameAccumulator huge = new FrameAccumulator(allocator, 1_000);
        huge.append(Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeByte(1));

        assertThat(negative.next()).isEqualTo(new FrameAccumulator.InvalidSize(-1));
        assertThat(huge.next()).isEqualTo(new FrameAccumulator.InvalidSize(Integer.MAX_VALUE));
        assertThat(huge.bufferedBytes()).isEqualTo(5);
        negative.release();
        huge.release();
    }

    @Test
    void holdsOnlyTheBytesThatArrivedForALargeClaim() {
        FrameAccumulator large = new FrameAccumulator(allocator, 200_000_000);
        large.append(Unpooled.buffer().writeInt(100_000_000).writeBytes(new byte[6]));

        assertThat(large.next()).isInstanceOf(FrameAccumulator.Incomplete.class);
        assertThat(large.bufferedBytes()).isEqualTo(10);
        assertThat(allocator.metric().usedHeapMemory() + allocator.metric().usedDirectMemory()).isLessThan(1 << 20);
        large.release();
    }

    @Test
    void framesStayValidWhileMoreBytesArrive() {
        ByteBuf first = allocator.buffer(16).writeInt(3).writeBytes(new byte[] {7, 8, 9}).writeInt(2).writeByte(1);
        accumulator.append(first);
        ByteBuf held = ((FrameAccumulator.Frame) accumulator.next()).frame();
        frames.add(held);

        for (int i = 0; i < 50; i++) {
            accumulator.append(allocator.buffer(64).writeBytes(new byte[64]));
        }

        assertThat(held.getByte(0)).isEqualTo((byte) 7);
        assertThat(held.getByte(2)).isEqualTo((byte) 9);
        assertThat(accumulator.bufferedBytes()).isEqualTo(4 + 1 + 50 * 64);
    }

    @Test
    void releasesEverythingOnceFramesAndAccumulatorAreReleased() {
        ByteBuf read = allocator.buffer(8).writeInt(2).writeBytes(new byte[] {1, 2}).writeByte(0);
        accumulator.append(read);
        ByteBuf frame = ((FrameAccumulator.Frame) accumulator.next()).frame();
        accumulator.release();
        assertThat(read.refCnt()).isEqualTo(1);

        frame.release();

        assertThat(read.refCnt()).isZero();
    }

    private List<Integer> bytesOf(FrameAccumulator.Next next) {
        assertThat(next).isInstanceOf(FrameAccumulator.Frame.class);
        ByteBuf frame = ((FrameAccumulator.Frame) next).frame();
        frames.add(frame);
        List<Integer> values = new ArrayList<>();
        for (int i = frame.readerIndex(); i < frame.writerIndex(); i++) {
            values.add((int) frame.getByte(i));
        }
        return values;
    }
}
