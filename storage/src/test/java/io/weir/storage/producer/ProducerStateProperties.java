package io.weir.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ProducerStateProperties {

    /** One step of a generated log: a data batch or a marker of one of four producers. */
    record Op(int producer, boolean marker, boolean bumpEpoch, int records, boolean transactional, boolean abort,
            int coordinatorEpoch, long timestamp) {}

    @Provide
    Arbitrary<List<Op>> logs() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 9).map(i -> i == 0),
                        Arbitraries.integers().between(0, 9).map(i -> i == 0),
                        Arbitraries.integers().between(1, 20),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.longs().between(0, 1_000_000))
                .as(Op::new);
        return op.list().ofMaxSize(60);
    }

    /** Applies a generated log as a follower would, and returns the next offset. */
    private static long replay(ProducerStateManager manager, List<Op> ops) {
        Map<Integer, Short> epochs = new HashMap<>();
        Map<Integer, Integer> sequences = new HashMap<>();
        long offset = 0;
        for (Op op : ops) {
            short epoch = epochs.getOrDefault(op.producer(), (short) 0);
            if (op.bumpEpoch()) {
                epoch++;
                epochs.put(op.producer(), epoch);
                sequences.put(op.producer(), 0);
            }
            ProducerBatch batch;
            if (op.marker()) {
                TransactionResult result = op.abort() ? TransactionResult.ABORT : TransactionResult.COMMIT;
                batch = ProducerBatch.marker(op.producer(), epoch,
                        new TransactionMarker(result, op.coordinatorEpoch()), op.timestamp());
            } else {
                int sequence = sequences.getOrDefault(op.producer(), 0);
                batch = ProducerBatch.data(op.producer(), epoch, sequence, op.records() - 1, op.timestamp(),
                        op.transactional());
                sequences.put(op.producer(), Sequences.increment(sequence, op.records()));
            }
            manager.updateFromAppendedBatch(batch, offset);
            offset += batch.lastOffsetDelta() + 1L;
        }
        return offset;
    }

    @Property(tries = 200)
    void aSnapshotReloadsToTheSameState(@ForAll("logs") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("pstate-prop");
        try {
            ProducerStateManager original = new ProducerStateManager(dir, "prop");
            long end = replay(original, ops);
            original.takeSnapshot(end);
            ProducerStateManager restored = new ProducerStateManager(dir, "prop");
            assertThat(restored.loadLatestSnapshot(end)).hasValue(end);
            assertThat(restored.activeProducers()).isEqualTo(original.activeProducers());
            // Completed-but-unreplicated transactions are not in snapshots; once replicated, both agree.
            original.onHighWatermarkUpdated(end);
            assertThat(restored.firstUnstableOffset()).isEqualTo(original.firstUnstableOffset());
        } finally {
            deleteRecursively(dir);
        }
    }

    @Property(tries = 200)
    void encodingRoundTripsAndAnySingleBitFlipIsDetected(
            @ForAll("logs") List<Op> ops, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int flipAt) {
        ProducerStateManager manager = new ProducerStateManager(Path.of("unused"), "prop");
        long end = replay(manager, ops);
        var buffer = ProducerStateSnapshotFile.encode(end, manager.activeProducers().values());
        var contents = ProducerStateSnapshotFile.decode(buffer.duplicate(), Path.of("x"));
        assertThat(contents.offset()).isEqualTo(end);
        assertThat(contents.producers()).containsExactlyInAnyOrderElementsOf(manager.activeProducers().values());

        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        int bit = flipAt % (bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThatThrownBy(() -> ProducerStateSnapshotFile.decode(java.nio.ByteBuffer.wrap(bytes), Path.of("x")))
                .isInstanceOf(ProducerStateSnapshotFile.CorruptSnapshotException.class);
    }

    /**
     * A producer sends batch {@code i} (of the given sizes) in the scheduled order: the next new
     * batch is accepted, a retry of one of the last five is a duplicate answered with its original
     * offsets, anything else is out of order. The log ends up with every batch exactly once, in order.
     */
    @Property(tries = 300)
    void retriesAreNeverWrittenTwice(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 5) Integer> sizes,
            @ForAll @Size(max = 80) List<@IntRange(min = -8, max = 2) Integer> schedule,
            @ForAll boolean nearWrap,
            @ForAll @IntRange(min = 0, max = 100) int distance) {
        ProducerStateManager manager = new ProducerStateManager(Path.of("unused"), "prop");
        int[] sequences = new int[sizes.size()];
        long[] offsets = new long[sizes.size()];
        sequences[0] = nearWrap ? Integer.MAX_VALUE - distance : distance;
        for (int i = 1; i < sizes.size(); i++) {
            sequences[i] = Sequences.increment(sequences[i - 1], sizes.get(i - 1));
        }
        int next = 0;
        long logEnd = 0;
        for (int step : schedule) {
            int index = next + step; // step 0: the next batch; negative: a retry; positive: a gap
            if (index < 0 || index >= sizes.size() || (next == 0 && index > 0)) {
                continue; // a producer with no state may start anywhere (KIP-360): not a gap yet
            }
            ProducerBatch batch =
                    ProducerBatch.data(7L, (short) 0, sequences[index], sizes.get(index) - 1, index, false);
            if (index == next) {
                ProducerAppendResult result = manager.prepare(List.of(batch));
                assertThat(result).isInstanceOf(ProducerAppendResult.Accepted.class);
                ((ProducerAppendResult.Accepted) result).pending().commitContiguous(logEnd);
                offsets[index] = logEnd;
                logEnd += sizes.get(index);
                next++;
            } else if (index < next && next - index <= ProducerStateEntry.MAX_RETAINED_BATCHES) {
                assertThat(manager.prepare(List.of(batch)))
                        .isEqualTo(new ProducerAppendResult.Duplicate(new BatchMetadata(sequences[index],
                                batch.lastSequence(), offsets[index], offsets[index] + sizes.get(index) - 1, index)));
            } else {
                assertThatThrownBy(() -> manager.prepare(List.of(batch)))
                        .isInstanceOf(OutOfOrderSequenceException.class);
            }
        }
        if (next > 0) {
            int lastSequence = Sequences.increment(sequences[next - 1], sizes.get(next - 1) - 1);
            assertThat(manager.lastEntry(7L).orElseThrow().lastSequence()).hasValue(lastSequence);
            assertThat(manager.lastEntry(7L).orElseThrow().lastBatch().orElseThrow().lastOffset())
                    .isEqualTo(logEnd - 1);
        }
    }

    /** What a leader accepts and a follower replays from the log produce the same state. */
    @Property(tries = 200)
    void leaderAndFollowerAgree(@ForAll("logs") List<Op> ops) {
        ProducerStateManager leader = new ProducerStateManager(Path.of("unused"), "leader");
        ProducerStateManager follower = new ProducerStateManager(Path.of("unused"), "follower");
        ProducerStateManager generator = new ProducerStateManager(Path.of("unused"), "generator");
        Map<Integer, Short> epochs = new HashMap<>();
        long offset = 0;
        for (Op op : ops) {
            short epoch = (short) (epochs.getOrDefault(op.producer(), (short) 0) + (op.bumpEpoch() ? 1 : 0));
            epochs.put(op.producer(), epoch);
            int sequence = generator.lastEntry(op.producer())
                    .filter(e -> e.producerEpoch() == epoch)
                    .map(e -> Sequences.increment(e.lastSequence().orElse(-1), 1))
                    .orElse(0);
            ProducerBatch batch = op.marker()
                    ? ProducerBatch.marker(op.producer(), epoch, new TransactionMarker(
                            op.abort() ? TransactionResult.ABORT : TransactionResult.COMMIT, 0), op.timestamp())
                    : ProducerBatch.data(op.producer(), epoch, sequence, op.records() - 1, op.timestamp(),
                            op.transactional());
            AppendOrigin origin = op.marker() ? AppendOrigin.COORDINATOR : AppendOrigin.CLIENT;
            ProducerAppendResult result;
            try {
                result = leader.prepare(List.of(batch), origin, 1);
            } catch (InvalidTxnStateException e) {
                continue; // a non-transactional batch inside a transaction: refused, nothing written
            }
            assertThat(result).isInstanceOf(ProducerAppendResult.Accepted.class);
            List<CompletedTransaction> fromLeader =
                    ((ProducerAppendResult.Accepted) result).pending().commitContiguous(offset);
            assertThat(follower.updateFromAppendedBatch(batch, offset).stream().toList()).isEqualTo(fromLeader);
            generator.updateFromAppendedBatch(batch, offset);
            offset += batch.lastOffsetDelta() + 1L;
        }
        assertThat(follower.activeProducers()).isEqualTo(leader.activeProducers());
        assertThat(follower.firstUnstableOffset()).isEqualTo(leader.firstUnstableOffset());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
