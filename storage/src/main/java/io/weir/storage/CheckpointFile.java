package io.weir.storage;

import io.weir.storage.errors.KafkaStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kafka's text checkpoint format: a version line {@code 0}, a line with the number of entries,
 * then one entry per line (space-separated fields). Written atomically: a {@code .tmp} sibling is
 * written and fsynced, renamed over the file, and the directory is fsynced. Thread-safety:
 * stateless; callers serialise writes to one file.
 */
final class CheckpointFile {
    static final int VERSION = 0;

    private CheckpointFile() {}

    static void write(Path file, List<String> entries) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(entries.size()).append('\n');
        for (String entry : entries) {
            text.append(entry).append('\n');
        }
        writeAtomically(file, text.toString());
    }

    /** Replaces {@code file} with {@code text} atomically: a fsynced {@code .tmp} sibling renamed over it, then the directory fsynced. */
    static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + LogFileNames.TMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw new KafkaStorageException("writing " + file + " failed", e);
        }
    }

    /**
     * The entries, or empty when the file does not exist.
     *
     * @throws IllegalArgumentException when the file is malformed
     */
    static Optional<List<String[]>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KafkaStorageException("reading checkpoint " + file + " failed", e);
        }
        if (lines.size() < 2 || !lines.get(0).trim().equals(String.valueOf(VERSION))) {
            throw new IllegalArgumentException("checkpoint " + file + " has no version 0 header");
        }
        int count = Integer.parseInt(lines.get(1).trim());
        if (count < 0 || lines.size() - 2 < count) {
            throw new IllegalArgumentException("checkpoint " + file + " announces " + count + " entries");
        }
        List<String[]> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(lines.get(i + 2).trim().split("\\s+"));
        }
        return Optional.of(entries);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or sync directories; the rename is still atomic there.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
