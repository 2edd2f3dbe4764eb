package io.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/weir}'s class-data archive, run as real processes on a copy of the launcher whose
 * "built" jar is {@link LauncherFakeNode} (so no Maven build runs): the first {@code start} makes
 * the archive and later ones use it; a newer jar makes a new one; an unusable archive and {@code
 * WEIR_CDS=off} still start, without a word about it; other commands neither make nor use one.
 */
class LauncherArchiveIT {
    private static final long DEADLINE_MS = 60_000;
    private static final String JAR_NAME = "weir-server-9.9.9";

    @TempDir
    Path root;

    private Path jar;
    private Path archive;

    private record Run(String stdout, String stderr) {}

    @BeforeEach
    void layOutAFreshClone() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path launcher = Files.copy(Path.of("..", "bin", "weir"), bin.resolve("weir"), StandardCopyOption.COPY_ATTRIBUTES);
        assertThat(launcher).isExecutable();
        Path target = Files.createDirectories(root.resolve("server").resolve("target"));
        Files.createDirectories(target.resolve("lib"));
        jar = target.resolve(JAR_NAME + ".jar");
        archive = target.resolve(JAR_NAME + ".jsa");
        writeFakeJar(jar);
        Path lib = target.resolve("lib");
        Files.setLastModifiedTime(lib, Files.getLastModifiedTime(jar));
    }

    @Test
    void firstStartMakesTheArchiveAndLaterStartsUseIt() throws Exception {
        Run first = start(Map.of());
        assertThat(first.stdout()).isEqualTo(readyLine("-XX:SharedArchiveFile=" + archive));
        assertThat(first.stderr()).contains("preparing a class-data archive");
        assertThat(archive).isRegularFile();
        FileTime made = Files.getLastModifiedTime(archive);

        Run second = start(Map.of());
        assertThat(second.stdout()).isEqualTo(readyLine("-XX:SharedArchiveFile=" + archive));
        assertThat(second.stderr()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);
    }

    @Test
    void aNewerJarMakesANewArchive() throws Exception {
        start(Map.of());
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000);
        Files.setLastModifiedTime(archive, old);

        Run run = start(Map.of());

        assertThat(run.stderr()).contains("preparing a class-data archive");
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(old);
    }

    @Test
    void anUnusableArchiveIsIgnoredSilently() throws Exception {
        Files.writeString(archive, "not an archive");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        Run run = start(Map.of());

        assertThat(run.stdout()).isEqualTo(readyLine("-XX:SharedArchiveFile=" + archive));
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void cdsOffRunsWithoutAnArchive() throws Exception {
        Run run = start(Map.of("WEIR_CDS", "off"));

        assertThat(run.stdout()).isEqualTo(readyLine("none"));
        assertThat(run.stderr()).isEmpty();
        assertThat(archive).doesNotExist();
    }

    @Test
    void otherCommandsNeitherMakeNorUseTheArchive() throws Exception {
        Process process = launcher(Map.of(), "version").start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).isTrue();

        assertThat(stdout.strip()).isEqualTo("command version");
        assertThat(archive).doesNotExist();
    }

    private static String readyLine(String archiveOption) {
        return "Weir fake node 1 ready: listener PLAINTEXT://127.0.0.1:PORT, archive=" + archiveOption;
    }

    /** Runs {@code bin/weir start} until its ready line, then stops it with SIGTERM. */
    private Run start(Map<String, String> environment) throws Exception {
        Path stdout = Files.createTempFile(root, "start", ".out");
        Path stderr = Files.createTempFile(root, "start", ".err");
        Process process = launcher(environment, "start")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            Awaitility.await("the ready line")
                    .atMost(Duration.ofMillis(DEADLINE_MS))
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("the launcher exited", () -> !process.isAlive())
                    .until(() -> Files.readString(stdout).contains("\n"));
            process.destroy();
            assertThat(process.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
        String ready = Files.readString(stdout).strip().replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
        return new Run(ready, Files.readString(stderr).strip());
    }

    private ProcessBuilder launcher(Map<String, String> environment, String command) {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("bin").resolve("weir").toString(), command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        builder.environment().remove("WEIR_CDS");
        builder.environment().remove("WEIR_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return builder.directory(root.toFile());
    }

    private static void writeFakeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherFakeNode.class.getName());
        String entry = LauncherFakeNode.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            try (var in = LauncherFakeNode.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
    }
}
