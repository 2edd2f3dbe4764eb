package io.weir.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock a node holds on one data directory, so that two nodes (or a node and a Kafka
 * broker, which uses the same file name) never share it.
 *
 * <p>File format: {@code <dir>/.lock}, an operating-system lock ({@link FileChannel#tryLock()}) on
 * the whole file, which holds the owner's process id as decimal text (for the error message only).
 * The file is left in place on release; the lock, not the file, is what counts, so a crashed
 * owner's stale file never blocks a restart. Not thread-safe: owned by one {@link WeirNode}.
 */
final class LogDirLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private LogDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if missing and locks it.
     *
     * @throws StartupException if it can not be created or another process or node holds it
     */
    static LogDirLock acquire(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create data directory " + dir + ": " + reason(e), e);
        }
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException("cannot open lock file " + file + ": " + reason(e), e);
        }
        return lock(dir, file, channel);
    }

    private static LogDirLock lock(Path dir, Path file, FileChannel channel) {
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String owner = readOwner(channel);
                closeQuietly(channel);
                throw new StartupException("data directory " + dir + " is in use by another process"
                        + owner + " (lock file " + file + ")");
            }
            writeOwner(channel);
            return new LogDirLock(dir, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StartupException("data directory " + dir + " is in use by another node in this process", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("cannot lock data directory " + dir + ": " + reason(e), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Releases the lock; the file stays. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static String readOwner(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void writeOwner(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock attempt already failed; that is what the caller reports
        }
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
