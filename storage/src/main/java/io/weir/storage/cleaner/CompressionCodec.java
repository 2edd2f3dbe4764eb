package io.weir.storage.cleaner;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.weir.storage.Compression;
import io.weir.storage.errors.CorruptRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The record-batch compression codecs (attributes bits 0-2) and their stream formats, as Kafka
 * clients write them: 1 gzip (RFC 1952, JDK), 2 snappy (snappy-java's framed stream,
 * {@code SnappyOutputStream}), 3 lz4 (the LZ4 frame format with independent 64 KiB blocks and no
 * checksums beyond the header's), 4 zstd (a zstd frame). Compression takes a level (see
 * {@link io.weir.storage.Compression}; each codec's default is Kafka's). Decompression accepts any
 * valid stream of the format. Thread-safety: stateless.
 */
enum CompressionCodec {
    NONE(0),
    GZIP(1),
    SNAPPY(2),
    LZ4(3),
    ZSTD(4);

    private static final int GZIP_BUFFER_BYTES = 8 * 1024;

    private final int id;

    CompressionCodec(int id) {
        this.id = id;
    }

    int id() {
        return id;
    }

    /** The codec of an attributes id; throws CorruptRecordException for 5-7. */
    static CompressionCodec of(int id) {
        for (CompressionCodec codec : values()) {
            if (codec.id == id) {
                return codec;
            }
        }
        throw new CorruptRecordException("unknown compression codec " + id);
    }

    /** The decompressed bytes of {@code compressed}'s remaining bytes, in a new heap buffer. */
    ByteBuffer decompress(ByteBuffer compressed) {
        if (this == NONE) {
            return compressed.slice();
        }
        try (InputStream in = inputStream(new ByteBufferInputStream(compressed.slice()))) {
            return ByteBuffer.wrap(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException("cannot decompress " + this + " records: " + e);
        }
    }

    private InputStream inputStream(InputStream raw) throws IOException {
        return switch (this) {
            case NONE -> raw;
            case GZIP -> new GZIPInputStream(raw, GZIP_BUFFER_BYTES);
            case SNAPPY -> new SnappyInputStream(raw);
            case LZ4 -> new LZ4FrameInputStream(raw);
            case ZSTD -> new ZstdInputStreamNoFinalizer(raw);
        };
    }

    /** {@code length} bytes of {@code data} from {@code offset}, compressed at {@code level}. */
    byte[] compress(byte[] data, int offset, int length, int level) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, length / 2));
        try (OutputStream out = outputStream(bytes, level)) {
            out.write(data, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("compressing with " + this + " failed", e);
        }
        return bytes.toByteArray();
    }

    private OutputStream outputStream(OutputStream raw, int level) throws IOException {
        return switch (this) {
            case NONE -> raw;
            case GZIP -> new LeveledGzipOutputStream(raw, level);
            case SNAPPY -> new SnappyOutputStream(raw);
            case LZ4 -> new LZ4FrameOutputStream(raw, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L, lz4Compressor(level),
                    XXHashFactory.fastestInstance().hash32(), LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(raw, level);
        };
    }

    /** Kafka's choice: the fast compressor at the default level, the high-compression one at any other. */
    private static LZ4Compressor lz4Compressor(int level) {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        return level == Compression.LZ4_DEFAULT_LEVEL ? factory.fastCompressor() : factory.highCompressor(level);
    }

    /** A gzip stream whose deflater runs at {@code level} (-1: zlib's default). */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, GZIP_BUFFER_BYTES);
            def.setLevel(level);
        }
    }

    /** An InputStream over a ByteBuffer's remaining bytes. Not thread-safe. */
    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInputStream(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(target, offset, n);
            return n;
        }
    }
}
