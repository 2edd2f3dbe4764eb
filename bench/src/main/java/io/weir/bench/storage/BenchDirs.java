package io.weir.bench.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where benchmark logs live: {@code -Dweir.bench.dir=DIR}, else the system temporary folder. */
public final class BenchDirs {
    private BenchDirs() {}

    public static Path root() throws IOException {
        Path root = Path.of(System.getProperty("weir.bench.dir", System.getProperty("java.io.tmpdir")));
        return Files.createDirectories(root);
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
