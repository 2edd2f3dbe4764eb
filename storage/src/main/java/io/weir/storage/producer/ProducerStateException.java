package io.weir.storage.producer;

/**
 * A batch the producer state refuses; the whole append fails and nothing is written. Each subclass
 * maps to exactly one Kafka error code, which the request edge puts in the Produce (or
 * WriteTxnMarkers) response for the partition.
 *
 * <p>These are expected outcomes of misbehaving or fenced producers, so they carry no stack trace.
 */
public abstract sealed class ProducerStateException extends RuntimeException
        permits OutOfOrderSequenceException,
                InvalidProducerEpochException,
                InvalidTxnStateException,
                TransactionCoordinatorFencedException {

    ProducerStateException(String message) {
        super(message, null, false, false);
    }

    /** The Kafka protocol error code. */
    public abstract short errorCode();

    /** The Kafka protocol error name, as in Kafka's error table. */
    public abstract String errorName();
}
