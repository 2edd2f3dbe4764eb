package io.weir.storage.producer;

import java.util.Objects;

/**
 * The producer state's verdict on the batches of one leader append, for the outcomes that are not
 * errors. Refused appends throw a {@link ProducerStateException} instead.
 */
public sealed interface ProducerAppendResult {

    /**
     * Every batch is valid: write them, then {@link PendingProducerAppend#commit commit} the pending
     * update with the offsets they were written at. If the write fails, drop the pending update.
     */
    record Accepted(PendingProducerAppend pending) implements ProducerAppendResult {
        public Accepted {
            Objects.requireNonNull(pending, "pending");
        }
    }

    /**
     * A batch is a retry of one of its producer's last five batches: write nothing and answer the
     * Produce request with the original batch's offsets (Kafka answers with error NONE, base offset
     * {@code original.firstOffset()} and log append time {@code original.timestamp()}).
     */
    record Duplicate(BatchMetadata original) implements ProducerAppendResult {
        public Duplicate {
            Objects.requireNonNull(original, "original");
        }
    }
}
