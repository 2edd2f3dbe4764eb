package io.weir.broker;

import io.weir.metadata.Uuid;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The identity file of a log directory, {@code meta.properties}, in Kafka's format: {@code
 * version=1}, {@code cluster.id}, {@code node.id} and {@code directory.id}. A directory without one
 * is given one on first start (Weir needs no separate format step); a directory that belongs to
 * another node or another cluster stops the start with one line saying so, so that data is never
 * mixed.
 *
 * <p>Not thread-safe; used once at start-up.
 */
final class MetaProperties {
    static final String FILE_NAME = "meta.properties";

    private MetaProperties() {}

    /**
     * The cluster id shared by {@code logDirs}, written where missing: an existing id is kept, a
     * fresh random one is made when no directory has any.
     *
     * @throws IllegalStateException if a directory belongs to another node or the directories
     *     disagree on the cluster
     */
    static String ensure(List<Path> logDirs, int nodeId) {
        return ensure(logDirs, nodeId, Optional.empty());
    }

    /**
     * As {@link #ensure(List, int)}, but when {@code expected} is given (the cluster id of a
     * multi-node cluster) every directory must belong to it, and new ones are given it.
     *
     * @throws IllegalStateException if a directory belongs to another node or another cluster
     */
    static String ensure(List<Path> logDirs, int nodeId, Optional<String> expected) {
        Optional<String> clusterId = expected;
        for (Path dir : logDirs) {
            Optional<Properties> existing = read(dir);
            if (existing.isEmpty()) {
                continue;
            }
            String dirNode = existing.get().getProperty("node.id", "");
            if (!dirNode.equals(Integer.toString(nodeId))) {
                throw new IllegalStateException("log directory " + dir + " belongs to node " + dirNode
                        + ", not to node " + nodeId + " (see its " + FILE_NAME + ")");
            }
            String dirCluster = existing.get().getProperty("cluster.id", "");
            if (clusterId.isPresent() && !clusterId.get().equals(dirCluster)) {
                throw new IllegalStateException("log directory " + dir + " belongs to cluster " + dirCluster
                        + (expected.isPresent() ? ", not to this cluster " : ", the others to cluster ") + clusterId.get());
            }
            clusterId = Optional.of(dirCluster);
        }
        String id = clusterId.orElseGet(() -> Uuid.random().toString());
        for (Path dir : logDirs) {
            if (read(dir).isEmpty()) {
                write(dir, id, nodeId);
            }
        }
        return id;
    }

    private static Optional<Properties> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return Optional.of(properties);
    }

    private static void write(Path dir, String clusterId, int nodeId) {
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        Properties properties = new Properties();
        properties.setProperty("version", "1");
        properties.setProperty("cluster.id", clusterId);
        properties.setProperty("node.id", Integer.toString(nodeId));
        properties.setProperty("directory.id", Uuid.random().toString());
        try {
            Files.createDirectories(dir);
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                properties.store(writer, "Weir log directory identity; do not edit");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
