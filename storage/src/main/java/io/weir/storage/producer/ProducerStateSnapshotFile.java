package io.weir.storage.producer;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads and writes producer state snapshot files: {@code <offset>.snapshot}, the offset zero-padded
 * to 20 digits, in the partition directory. This is Weir's own format (not Kafka's). All numbers are
 * big-endian:
 *
 * <pre>
 * magic            4 bytes  "WPSS"
 * version          int16    1
 * crc              int32    CRC-32C of every byte after this field
 * snapshotOffset   int64    the state covers every batch below this offset
 * producerCount    int32
 * producerCount times:
 *   producerId             int64
 *   producerEpoch          int16
 *   coordinatorEpoch       int32
 *   lastTimestamp          int64
 *   currentTxnFirstOffset  int64   -1 when no transaction is open
 *   batchCount             int8    0..5, oldest first
 *   batchCount times:
 *     firstSequence int32, lastSequence int32, firstOffset int64, lastOffset int64, timestamp int64
 * </pre>
 *
 * <p>Files are written to {@code <name>.tmp}, forced, renamed atomically over the final name, and the
 * directory is forced, so a crash leaves either the old file set or the new file, never a torn
 * snapshot. Snapshots taken at a segment roll skip the two forces ({@link #writeWithoutFsync}) and
 * are forced later off the append path; until then a crash may leave a torn file under the final
 * name, which the CRC rejects on load. Stateless and thread-safe.
 */
final class ProducerStateSnapshotFile {
    static final String SUFFIX = ".snapshot";
    static final String TMP_SUFFIX = ".tmp";
    static final short VERSION = 1;

    private static final byte[] MAGIC = {'W', 'P', 'S', 'S'};
    private static final int HEADER_BYTES = 4 + 2 + 4;
    private static final int PRODUCER_BYTES = 8 + 2 + 4 + 8 + 8 + 1;
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;
    private static final Pattern NAME = Pattern.compile("\\d{20}\\" + SUFFIX);

    private ProducerStateSnapshotFile() {}

    /** What a snapshot file holds. */
    record Contents(long offset, List<ProducerStateEntry> producers) {}

    static Path path(Path dir, long offset) {
        return dir.resolve(String.format("%020d%s", offset, SUFFIX));
    }

    /** The offset a snapshot file name stands for, if the name is one. */
    static OptionalLong offsetOf(Path file) {
        String name = file.getFileName().toString();
        if (!NAME.matcher(name).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(name.substring(0, 20)));
    }

    /** The snapshot offsets present in {@code dir}, ascending; empty if the directory does not exist. */
    static List<Long> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Long> offsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> offsetOf(f).ifPresent(offsets::add));
        }
        offsets.sort(null);
        return offsets;
    }

    /** Deletes leftovers of interrupted writes. */
    static void deleteTemporaryFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX + TMP_SUFFIX)).forEach(leftovers::add);
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
    }

    /** Writes the snapshot durably: the file and the rename are forced before this returns. */
    static void write(Path dir, long offset, Collection<ProducerStateEntry> producers) throws IOException {
        writeFile(dir, offset, producers, true);
        forceDirectory(dir);
    }

    /**
     * Writes the snapshot without forcing it, for the append path: the caller forces it later with
     * {@link #force} and the directory with {@link #forceDirectory}. A crash before then may leave
     * no file, an empty one or a torn one under the final name; the CRC rejects the latter two on
     * load, and loading falls back to an older snapshot or to replaying the log.
     *
     * @return the snapshot file
     */
    static Path writeWithoutFsync(Path dir, long offset, Collection<ProducerStateEntry> producers) throws IOException {
        return writeFile(dir, offset, producers, false);
    }

    /** Forces a snapshot file's bytes to disk; a file deleted meanwhile (retention) is not an error. */
    static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            // deleted by retention or truncation since it was written: nothing to make durable
        }
    }

    private static Path writeFile(Path dir, long offset, Collection<ProducerStateEntry> producers, boolean fsync)
            throws IOException {
        ByteBuffer buffer = encode(offset, producers);
        Path target = path(dir, offset);
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (fsync) {
                channel.force(true);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static ByteBuffer encode(long offset, Collection<ProducerStateEntry> producers) {
        int size = HEADER_BYTES + 8 + 4;
        for (ProducerStateEntry entry : producers) {
            size += PRODUCER_BYTES + entry.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.put(MAGIC).putShort(VERSION).putInt(0);
        buffer.putLong(offset).putInt(producers.size());
        for (ProducerStateEntry entry : producers) {
            putEntry(buffer, entry);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER_BYTES, size - HEADER_BYTES);
        buffer.putInt(HEADER_BYTES - 4, (int) crc.getValue());
        return buffer.flip();
    }

    private static void putEntry(ByteBuffer buffer, ProducerStateEntry entry) {
        buffer.putLong(entry.producerId())
                .putShort(entry.producerEpoch())
                .putInt(entry.coordinatorEpoch())
                .putLong(entry.lastTimestamp())
                .putLong(entry.currentTxnFirstOffset().orElse(-1L))
                .put((byte) entry.batches().size());
        for (BatchMetadata batch : entry.batches()) {
            buffer.putInt(batch.firstSequence())
                    .putInt(batch.lastSequence())
                    .putLong(batch.firstOffset())
                    .putLong(batch.lastOffset())
                    .putLong(batch.timestamp());
        }
    }

    /**
     * Reads a snapshot file.
     *
     * @throws CorruptSnapshotException if the content is not a valid snapshot for its name
     * @throws IOException if the file cannot be read
     */
    static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Contents contents = decode(ByteBuffer.wrap(bytes), file);
        if (offsetOf(file).orElse(contents.offset()) != contents.offset()) {
            throw new CorruptSnapshotException(file + " holds offset " + contents.offset());
        }
        return contents;
    }

    static Contents decode(ByteBuffer buffer, Path file) {
        try {
            byte[] magic = new byte[MAGIC.length];
            buffer.get(magic);
            short version = buffer.getShort();
            if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
                throw new CorruptSnapshotException(file + ": not a version " + VERSION + " producer snapshot");
            }
            int storedCrc = buffer.getInt();
            CRC32C crc = new CRC32C();
            crc.update(buffer.duplicate());
            if ((int) crc.getValue() != storedCrc) {
                throw new CorruptSnapshotException(file + ": CRC mismatch");
            }
            return decodeBody(buffer, file);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptSnapshotException(file + ": malformed (" + e + ")");
        }
    }

    private static Contents decodeBody(ByteBuffer buffer, Path file) {
        long offset = buffer.getLong();
        int count = buffer.getInt();
        if (count < 0 || count > buffer.remaining() / PRODUCER_BYTES) {
            throw new CorruptSnapshotException(file + ": impossible producer count " + count);
        }
        List<ProducerStateEntry> producers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            producers.add(getEntry(buffer));
        }
        if (buffer.hasRemaining()) {
            throw new CorruptSnapshotException(file + ": " + buffer.remaining() + " trailing bytes");
        }
        return new Contents(offset, producers);
    }

    private static ProducerStateEntry getEntry(ByteBuffer buffer) {
        long producerId = buffer.getLong();
        short epoch = buffer.getShort();
        int coordinatorEpoch = buffer.getInt();
        long lastTimestamp = buffer.getLong();
        long txnFirstOffset = buffer.getLong();
        int batchCount = buffer.get();
        if (batchCount < 0) {
            throw new IllegalArgumentException("negative batch count " + batchCount);
        }
        List<BatchMetadata> batches = new ArrayList<>(batchCount);
        for (int i = 0; i < batchCount; i++) {
            batches.add(new BatchMetadata(
                    buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong(), buffer.getLong()));
        }
        // The entry's own checks (batch count, offset order) reject impossible values.
        return new ProducerStateEntry(
                producerId,
                epoch,
                coordinatorEpoch,
                lastTimestamp,
                txnFirstOffset < 0 ? OptionalLong.empty() : OptionalLong.of(txnFirstOffset),
                batches);
    }

    /** Makes a rename or delete in {@code dir} durable (on Linux a directory opened for reading can be forced). */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** A snapshot file whose content cannot be trusted. */
    static final class CorruptSnapshotException extends RuntimeException {
        CorruptSnapshotException(String message) {
            super(message);
        }
    }
}
