package io.weir.metadata.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file {@code metadata.log} of committed record batches. Each batch, all integers
 * big-endian:
 *
 * <pre>
 * batchLength:int32   bytes after this field (12 + size of records)
 * crc32c:int32        CRC-32C of everything after this field
 * baseOffset:int64    offset of the first record; the next ones follow by one
 * records:record-list the records, as {@link MetadataRecordCodec#serializeAll(List)} writes them
 * </pre>
 *
 * <p>Opening reads every batch; the first one that is incomplete, has an impossible length or a
 * wrong checksum marks a torn write (a crash while appending): the file is truncated there with
 * one WARN, keeping the valid prefix. A batch with a correct checksum that does not decode is not
 * a torn write and fails the open. Every append is forced to disk before it returns.
 *
 * <p>Not thread-safe: the owning {@link LocalMetadataStore} serializes access.
 */
final class MetadataLog implements Closeable {
    static final String FILE_NAME = "metadata.log";
    /** batchLength + crc32c + baseOffset. */
    static final int HEADER_BYTES = 16;
    /** Upper bound of one batch; metadata batches are small, so anything larger is garbage. */
    static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MetadataLog.class);

    private final FileChannel channel;
    private long sizeBytes;

    /** One decoded batch. */
    record Batch(long baseOffset, List<MetadataRecord> records) {
        long lastOffset() {
            return baseOffset + records.size() - 1;
        }
    }

    private MetadataLog(FileChannel channel, long sizeBytes) {
        this.channel = channel;
        this.sizeBytes = sizeBytes;
    }

    /**
     * Opens (creating if missing) the log in {@code dir}, truncates a torn tail and returns the
     * valid batches through {@code batches}.
     */
    static MetadataLog open(Path dir, String logPrefix, List<Batch> batches) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (created) {
                MetadataSnapshot.forceDirectory(dir); // the new file's directory entry must survive a crash too
            }
            long fileBytes = channel.size();
            long validBytes = readBatches(channel, fileBytes, batches);
            if (validBytes < fileBytes) {
                LOG.warn("{} {} ends with a torn or corrupt batch at byte {}: dropping {} bytes, keeping {} batches",
                        logPrefix, file, validBytes, fileBytes - validBytes, batches.size());
                channel.truncate(validBytes);
                channel.force(true);
            }
            return new MetadataLog(channel, validBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads batches from the start; returns the number of bytes that hold valid batches. */
    private static long readBatches(FileChannel channel, long fileBytes, List<Batch> batches) throws IOException {
        long position = 0;
        while (true) {
            Optional<ByteBuffer> body = readBatchBody(channel, position, fileBytes);
            if (body.isEmpty()) {
                return position;
            }
            ByteBuffer bytes = body.get();
            long baseOffset = bytes.getLong();
            List<MetadataRecord> records;
            try {
                records = MetadataRecordCodec.deserializeAll(bytes);
            } catch (CorruptMetadataException e) {
                throw new CorruptMetadataException("Batch at byte " + position + " of " + FILE_NAME
                        + " has a valid checksum but does not decode: " + e.getMessage(), e);
            }
            if (!records.isEmpty()) {
                batches.add(new Batch(baseOffset, records));
            }
            position += 8 + bytes.capacity(); // batchLength and crc32c fields, then the checked bytes
        }
    }

    /**
     * The checked bytes after the CRC (baseOffset and records) of the batch at {@code position},
     * or empty if there is no complete, intact batch there.
     */
    private static Optional<ByteBuffer> readBatchBody(FileChannel channel, long position, long fileBytes)
            throws IOException {
        if (fileBytes - position < HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.allocate(8);
        readFully(channel, header, position);
        int batchLength = header.getInt(0);
        int crc = header.getInt(4);
        if (batchLength < HEADER_BYTES - 4 || batchLength > MAX_BATCH_BYTES || batchLength > fileBytes - position - 4) {
            return Optional.empty();
        }
        ByteBuffer body = ByteBuffer.allocate(batchLength - 4);
        readFully(channel, body, position + 8);
        if (crc32c(body.array()) != crc) {
            return Optional.empty();
        }
        return Optional.of(body.rewind());
    }

    /**
     * Appends one batch and forces it to disk. On failure the file is cut back to its previous
     * size (best effort) and the exception is rethrown.
     */
    void append(long baseOffset, byte[] encodedRecords) throws IOException {
        ByteBuffer batch = encodeBatch(baseOffset, encodedRecords);
        long start = sizeBytes;
        try {
            long position = start;
            while (batch.hasRemaining()) {
                position += channel.write(batch, position);
            }
            channel.force(false);
            sizeBytes = position;
        } catch (IOException e) {
            try {
                channel.truncate(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Empties the log (its records are covered by a durable snapshot). */
    void reset() throws IOException {
        channel.truncate(0);
        sizeBytes = 0; // before forcing: if forcing fails, the next append must still start at byte 0
        channel.force(true);
    }

    long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static ByteBuffer encodeBatch(long baseOffset, byte[] encodedRecords) {
        int batchLength = HEADER_BYTES - 4 + encodedRecords.length;
        ByteBuffer batch = ByteBuffer.allocate(4 + batchLength);
        batch.putInt(batchLength);
        batch.putInt(0);
        batch.putLong(baseOffset);
        batch.put(encodedRecords);
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), 8, batch.capacity() - 8);
        batch.putInt(4, (int) crc.getValue());
        return batch.flip();
    }

    private static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("Unexpected end of " + FILE_NAME + " at byte " + at);
            }
            at += read;
        }
        buffer.flip();
    }
}
