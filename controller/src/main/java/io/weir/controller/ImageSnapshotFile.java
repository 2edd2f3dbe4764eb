package io.weir.controller;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecordCodec;

/**
 * One snapshot of the image in the state machine's directory, named by Ratis' convention
 * {@code snapshot.<term>_<index>} (the last Raft log entry it includes) with an MD5 file beside it
 * that Ratis writes and checks when it ships the snapshot to a lagging voter. All integers
 * big-endian:
 *
 * <pre>
 * magic:int32         0x57454353 ("WECS")
 * formatVersion:int16 0
 * crc32c:int32        CRC-32C of everything after this field
 * imageOffset:int64   the image's offset (last metadata record it includes), -1 if none
 * records:record-list as {@link MetadataRecordCodec#serializeAll(List)} writes {@link MetadataImage#toRecords()}
 * </pre>
 *
 * <p>Written to a temporary file, forced, then renamed into place, so a crash leaves no partial
 * snapshot under the final name. A file that fails its checks throws: the log before it may be
 * purged, so it cannot be skipped. Stateless; callers serialize writes.
 */
final class ImageSnapshotFile {
    static final int MAGIC = 0x57454353;
    static final short FORMAT_VERSION = 0;
    private static final int HEADER_BYTES = 4 + 2 + 4;

    private ImageSnapshotFile() {}

    static void write(Path file, MetadataImage image) throws IOException {
        byte[] records = MetadataRecordCodec.serializeAll(image.toRecords());
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + 8 + records.length);
        bytes.putInt(MAGIC).putShort(FORMAT_VERSION).putInt(0).putLong(image.offset()).put(records);
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), HEADER_BYTES, bytes.capacity() - HEADER_BYTES);
        bytes.putInt(6, (int) crc.getValue()).flip();
        Path temp = file.resolveSibling(file.getFileName() + ".weir-tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static MetadataImage read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        if (bytes.remaining() < HEADER_BYTES + 8 || bytes.getInt() != MAGIC) {
            throw new CorruptMetadataException(file + " is not a controller snapshot");
        }
        short version = bytes.getShort();
        if (version != FORMAT_VERSION) {
            throw new CorruptMetadataException(file + " has unsupported format version " + version);
        }
        int crc = bytes.getInt();
        CRC32C actual = new CRC32C();
        actual.update(bytes.array(), HEADER_BYTES, bytes.capacity() - HEADER_BYTES);
        if ((int) actual.getValue() != crc) {
            throw new CorruptMetadataException(file + " fails its checksum");
        }
        long offset = bytes.getLong();
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replayAll(MetadataRecordCodec.deserializeAll(bytes));
        return delta.apply(offset);
    }
}
