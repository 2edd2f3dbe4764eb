package io.weir.storage;

import io.weir.storage.errors.KafkaStorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code partition.metadata} file of a partition directory, in Kafka's format: the lines
 * {@code version: 0} and {@code topic_id: <id>}. It ties the log to one topic id, so that a log left
 * by a deleted topic is never taken for the log of a new topic of the same name. Written atomically
 * ({@link CheckpointFile#writeAtomically}). Thread-safety: stateless; callers serialise writes.
 */
final class PartitionMetadataFile {
    static final String NAME = "partition.metadata";
    private static final String VERSION_LINE = "version: 0";
    private static final String TOPIC_ID_PREFIX = "topic_id: ";

    private PartitionMetadataFile() {}

    /** The topic id recorded in {@code partitionDir}, or empty when there is no (readable) file. */
    static Optional<String> readTopicId(Path partitionDir) {
        try {
            return Files.readAllLines(partitionDir.resolve(NAME), StandardCharsets.UTF_8).stream()
                    .map(String::trim)
                    .filter(line -> line.startsWith(TOPIC_ID_PREFIX))
                    .map(line -> line.substring(TOPIC_ID_PREFIX.length()).trim())
                    .filter(id -> !id.isEmpty())
                    .findFirst();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KafkaStorageException("reading " + partitionDir.resolve(NAME) + " failed", e);
        }
    }

    static void writeTopicId(Path partitionDir, String topicId) {
        CheckpointFile.writeAtomically(partitionDir.resolve(NAME), VERSION_LINE + "\n" + TOPIC_ID_PREFIX + topicId + "\n");
    }
}
