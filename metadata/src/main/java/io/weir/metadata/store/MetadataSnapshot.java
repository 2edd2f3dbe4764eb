package io.weir.metadata.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;

/**
 * The file {@code metadata.snapshot}: a whole image as the records that rebuild it
 * ({@link MetadataImage#toRecords()}). All integers big-endian:
 *
 * <pre>
 * magic:int32         0x57454D53 ("WEMS")
 * formatVersion:int16 0
 * crc32c:int32        CRC-32C of everything after this field
 * offset:int64        the image's offset (last record it includes)
 * records:record-list as {@link MetadataRecordCodec#serializeAll(List)} writes them
 * </pre>
 *
 * <p>Written to {@code metadata.snapshot.tmp}, forced, then renamed over the old snapshot, and the
 * directory forced, so a crash leaves either the old or the new snapshot whole. A snapshot that
 * fails its checks is never ignored (the log before it may be gone): reading it throws.
 * Stateless; callers serialize writes.
 */
final class MetadataSnapshot {
    static final String FILE_NAME = "metadata.snapshot";
    static final String TEMP_FILE_NAME = FILE_NAME + ".tmp";
    static final int MAGIC = 0x57454D53;
    static final short FORMAT_VERSION = 0;
    private static final int HEADER_BYTES = 4 + 2 + 4;

    private MetadataSnapshot() {}

    static void write(Path dir, MetadataImage image) throws IOException {
        byte[] records = MetadataRecordCodec.serializeAll(image.toRecords());
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + 8 + records.length);
        file.putInt(MAGIC).putShort(FORMAT_VERSION).putInt(0).putLong(image.offset()).put(records);
        CRC32C crc = new CRC32C();
        crc.update(file.array(), HEADER_BYTES, file.capacity() - HEADER_BYTES);
        file.putInt(6, (int) crc.getValue()).flip();
        Path temp = dir.resolve(TEMP_FILE_NAME);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (file.hasRemaining()) {
                channel.write(file);
            }
            channel.force(true);
        }
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
    }

    /** The image in the snapshot, or empty if there is none. */
    static Optional<MetadataImage> read(Path dir) throws IOException {
        Path path = dir.resolve(FILE_NAME);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path));
        if (file.remaining() < HEADER_BYTES + 8 || file.getInt() != MAGIC) {
            throw new CorruptMetadataException(path + " is not a metadata snapshot");
        }
        short version = file.getShort();
        if (version != FORMAT_VERSION) {
            throw new CorruptMetadataException(path + " has unsupported format version " + version);
        }
        int crc = file.getInt();
        CRC32C actual = new CRC32C();
        actual.update(file.array(), HEADER_BYTES, file.capacity() - HEADER_BYTES);
        if ((int) actual.getValue() != crc) {
            throw new CorruptMetadataException(path + " fails its checksum");
        }
        long offset = file.getLong();
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replayAll(MetadataRecordCodec.deserializeAll(file));
        return Optional.of(delta.apply(offset));
    }

    static void deleteTemp(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(TEMP_FILE_NAME));
    }

    /** Makes a rename durable; some platforms cannot open a directory, and there it is skipped. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException e) {
            // Directories cannot be opened as channels here (e.g. Windows); the rename is all we can do.
        }
    }
}
