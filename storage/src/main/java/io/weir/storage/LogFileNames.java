package io.weir.storage;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * File names inside a partition directory, as Kafka names them: the base offset zero-padded to 20
 * digits plus {@code .log}, {@code .index}, {@code .timeindex}, {@code .txnindex} (aborted
 * transactions, see {@link TransactionIndex}) or {@code .snapshot} (producer state); {@code .deleted} marks files awaiting removal,
 * {@code .cleaned} (a cleaned segment being written) and {@code .swap} (a complete cleaned segment
 * being installed; {@code <base>.log.swap} is the commit point) belong to compaction; see
 * {@link PartitionLog#replaceSegments} and {@link LogLoader}. Thread-safety: stateless.
 */
final class LogFileNames {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String SNAPSHOT_SUFFIX = ".snapshot";
    static final String TXN_INDEX_SUFFIX = ".txnindex";
    static final String DELETED_SUFFIX = ".deleted";
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";
    static final String TMP_SUFFIX = ".tmp";
    static final String LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";

    private LogFileNames() {}

    static String offsetName(long offset) {
        return String.format("%020d", offset);
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(offsetName(baseOffset) + LOG_SUFFIX);
    }

    static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(offsetName(baseOffset) + INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(offsetName(baseOffset) + TIME_INDEX_SUFFIX);
    }

    static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(offsetName(offset) + SNAPSHOT_SUFFIX);
    }

    /** The offset of a name like {@code 00000000000000000042.log} with the given suffix. */
    static OptionalLong parseOffset(String fileName, String suffix) {
        if (!fileName.endsWith(suffix)) {
            return OptionalLong.empty();
        }
        String digits = fileName.substring(0, fileName.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }
}
