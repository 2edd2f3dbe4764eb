package io.weir.broker.replica;

import java.util.List;
import java.util.Optional;

/**
 * What one partition of a Produce request got. Thread-safety: immutable.
 *
 * @param errorCode Kafka error code, 0 on success
 * @param baseOffset offset of the first appended record, -1 on error
 * @param logAppendTimeMs the broker's timestamp for LogAppendTime topics, else -1
 * @param logStartOffset the log start offset after the append, -1 when unknown
 * @param recordErrors the records that made the batch fail (KIP-467), empty otherwise
 * @param errorMessage a summary of the failure, when there is one
 */
public record ProduceResult(
        short errorCode,
        long baseOffset,
        long logAppendTimeMs,
        long logStartOffset,
        List<RecordError> recordErrors,
        Optional<String> errorMessage) {

    public ProduceResult {
        recordErrors = List.copyOf(recordErrors);
    }

    /** A failed partition; the other partitions of the request are unaffected. */
    public static ProduceResult error(short errorCode, long logStartOffset, List<RecordError> recordErrors, Optional<String> message) {
        return new ProduceResult(errorCode, -1, -1, logStartOffset, recordErrors, message);
    }

    /**
     * One record that made its batch fail.
     *
     * @param batchIndex index of the record within the partition's records, counted from 0
     * @param message why
     */
    public record RecordError(int batchIndex, String message) {}
}
