package io.weir.controller;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.InvalidTopicNameException;
import io.weir.metadata.MetadataException;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.TopicAlreadyExistsException;
import io.weir.metadata.UnknownTopicException;
import io.weir.metadata.Uuid;
import io.weir.metadata.controller.AlterPartitionException;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.ElectionType;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.QuorumDescription;
import io.weir.metadata.controller.QuorumDescription.ReplicaState;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.controller.StaleBrokerEpochException;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;
import io.weir.metadata.record.RegisterBrokerRecord;

/**
 * The requests a node sends to the active controller over Ratis (as read-only client messages
 * that the leader's state machine answers), and their replies. Big-endian binary:
 *
 * <pre>
 * request  = kind:int8 body
 *   0 COMMIT          records (MetadataRecordCodec.serializeAll)
 *   1 REGISTER        one RegisterBrokerRecord (epoch 0; the controller grants the real one)
 *   2 HEARTBEAT       nodeId:int32 brokerEpoch:int64 metadataOffset:int64 wantShutDown:int8
 *   3 ALTER_PARTITION topicId:16 bytes partition:int32 leaderId:int32 leaderEpoch:int32
 *                     partitionEpoch:int32 isrCount:int32 isr:int32*
 *   4 ELECT_LEADERS   electionType:int8 all:int8 [count:int32 (topic:UTF partition:int32)*]
 *   5 ALTER_REASSIGNMENTS count:int32 (topic:UTF partition:int32 cancel:int8 [replicas:int32 count+ids])*
 *   6 FETCH_METADATA  afterOffset:int64 maxWaitMs:int32 (a broker-only node's image offset; the
 *                     controller holds the request up to maxWaitMs while nothing is newer)
 *   7 DESCRIBE_QUORUM (no body)
 * reply    = 0 (ok) imageOffset:int64 body | 1 (error) errorKind:int8 detail:int8 message:UTF
 *   COMMIT body: nothing; REGISTER body: brokerEpoch:int64; HEARTBEAT body: fenced:int8
 *   shouldShutDown:int8; ALTER_PARTITION body: the registration (replicas, isr as count+ids,
 *   leader, leaderEpoch, partitionEpoch as int32); ELECT_LEADERS and ALTER_REASSIGNMENTS body: results
 *   (count:int32 (topic:UTF partition:int32 error:int8 hasMessage:int8 [message:UTF])*);
 *   FETCH_METADATA body: 0 (batches) count:int32 (baseOffset:int64 size:int32 records)* |
 *   1 (snapshot) offset:int64 records (the whole image, MetadataImage.toRecords());
 *   DESCRIBE_QUORUM body: leaderId:int32 leaderEpoch:int32 highWatermark:int64 voters observers, each
 *   a list count:int32 (replicaId:int32 logEndOffset:int64 lastFetchMs:int64 lastCaughtUpMs:int64)*
 * </pre>
 *
 * {@code imageOffset} is the active controller's image offset after the request: the caller waits
 * until its own image reaches it, so that what it asked for is visible locally when it returns.
 * Errors carry the exception's kind so that the caller rethrows the same type (a
 * {@link TopicAlreadyExistsException} stays one and keeps its Kafka error code). Two kinds both
 * mean "no active controller": {@code NOT_SENT} (7) when the request certainly changed nothing
 * (no leader known, refused by a voter that is not the ready leader), so that it may be sent
 * again, and {@code UNAVAILABLE} (4) when it may have been applied (a timeout, leadership lost
 * after the batch was proposed), so that a batch of records is not applied twice. Stateless.
 */
final class ControllerMessages {
    static final byte COMMIT = 0;
    static final byte REGISTER = 1;
    static final byte HEARTBEAT = 2;
    static final byte ALTER_PARTITION = 3;
    static final byte ELECT_LEADERS = 4;
    static final byte ALTER_REASSIGNMENTS = 5;
    static final byte FETCH_METADATA = 6;
    static final byte DESCRIBE_QUORUM = 7;

    private static final byte OK = 0;
    private static final byte ERROR = 1;

    private static final byte VALIDATION = 0;
    private static final byte TOPIC_EXISTS = 1;
    private static final byte UNKNOWN_TOPIC = 2;
    private static final byte INVALID_TOPIC_NAME = 3;
    private static final byte UNAVAILABLE = 4;
    private static final byte STALE_EPOCH = 5;
    private static final byte ALTER_PARTITION_ERROR = 6;
    private static final byte NOT_SENT = 7;

    private ControllerMessages() {}

    /** A decoded request. */
    sealed interface Request {}

    record Commit(List<MetadataRecord> records) implements Request {}

    record Register(BrokerRegistrationRequest request) implements Request {}

    record Heartbeat(BrokerHeartbeatRequest request) implements Request {}

    record AlterPartition(AlterPartitionRequest request) implements Request {}

    record ElectLeaders(ElectLeadersRequest request) implements Request {}

    record AlterReassignments(List<ReassignmentRequest> requests) implements Request {}

    record FetchMetadata(long afterOffset, int maxWaitMs) implements Request {}

    record DescribeQuorum() implements Request {}

    /** A successful reply: the controller's image offset and the kind-specific body. */
    record Reply(long imageOffset, ByteBuffer body) {}

    static byte[] commit(List<? extends MetadataRecord> records) {
        return write(out -> {
            out.writeByte(COMMIT);
            out.write(MetadataRecordCodec.serializeAll(records));
        });
    }

    static byte[] fetchMetadata(long afterOffset, int maxWaitMs) {
        return write(out -> {
            out.writeByte(FETCH_METADATA);
            out.writeLong(afterOffset);
            out.writeInt(maxWaitMs);
        });
    }

    static byte[] fetchedBody(MetadataWindow.Fetched fetched) {
        return write(out -> {
            if (fetched instanceof MetadataWindow.Snapshot snapshot) {
                out.writeByte(1);
                out.writeLong(snapshot.offset());
                out.write(MetadataRecordCodec.serializeAll(snapshot.records()));
                return;
            }
            List<MetadataWindow.Batch> batches = ((MetadataWindow.Batches) fetched).batches();
            out.writeByte(0);
            out.writeInt(batches.size());
            for (MetadataWindow.Batch batch : batches) {
                byte[] records = MetadataRecordCodec.serializeAll(batch.records());
                out.writeLong(batch.baseOffset());
                out.writeInt(records.length);
                out.write(records);
            }
        });
    }

    static MetadataWindow.Fetched fetchedReply(ByteBuffer body) {
        if (body.get() == 1) {
            long offset = body.getLong();
            return new MetadataWindow.Snapshot(offset, MetadataRecordCodec.deserializeAll(body.slice()));
        }
        int count = body.getInt();
        if (count < 0 || count > body.remaining() / 12) {
            throw new IllegalArgumentException("bad batch count " + count);
        }
        List<MetadataWindow.Batch> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long baseOffset = body.getLong();
            int size = body.getInt();
            if (size < 0 || size > body.remaining()) {
                throw new IllegalArgumentException("bad batch size " + size);
            }
            ByteBuffer records = body.slice().limit(size);
            body.position(body.position() + size);
            batches.add(new MetadataWindow.Batch(baseOffset, MetadataRecordCodec.deserializeAll(records)));
        }
        return new MetadataWindow.Batches(batches);
    }

    static byte[] describeQuorum() {
        return new byte[] {DESCRIBE_QUORUM};
    }

    static byte[] quorumBody(QuorumDescription quorum) {
        return write(out -> {
            out.writeInt(quorum.leaderId());
            out.writeInt(quorum.leaderEpoch());
            out.writeLong(quorum.highWatermark());
            writeReplicas(out, quorum.voters());
            writeReplicas(out, quorum.observers());
        });
    }

    private static void writeReplicas(DataOutputStream out, List<ReplicaState> replicas) throws IOException {
        out.writeInt(replicas.size());
        for (ReplicaState replica : replicas) {
            out.writeInt(replica.replicaId());
            out.writeLong(replica.logEndOffset());
            out.writeLong(replica.lastFetchTimestampMs());
            out.writeLong(replica.lastCaughtUpTimestampMs());
        }
    }

    static QuorumDescription quorumReply(ByteBuffer body) {
        return read(body, in -> new QuorumDescription(in.readInt(), in.readInt(), in.readLong(), readReplicas(in),
                readReplicas(in)));
    }

    private static List<ReplicaState> readReplicas(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available() / 28) {
            throw new IllegalArgumentException("bad replica count " + count);
        }
        List<ReplicaState> replicas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replicas.add(new ReplicaState(in.readInt(), in.readLong(), in.readLong(), in.readLong()));
        }
        return replicas;
    }

    static byte[] register(BrokerRegistrationRequest request) {
        RegisterBrokerRecord record = new RegisterBrokerRecord(request.nodeId(), request.incarnationId(), 0,
                request.listeners(), request.rack(), true);
        return write(out -> {
            out.writeByte(REGISTER);
            out.write(MetadataRecordCodec.serializeAll(List.of(record)));
        });
    }

    static byte[] heartbeat(BrokerHeartbeatRequest request) {
        return write(out -> {
            out.writeByte(HEARTBEAT);
            out.writeInt(request.nodeId());
            out.writeLong(request.brokerEpoch());
            out.writeLong(request.metadataOffset());
            out.writeBoolean(request.wantShutDown());
        });
    }

    static byte[] alterPartition(AlterPartitionRequest request) {
        return write(out -> {
            out.writeByte(ALTER_PARTITION);
            out.writeLong(request.topicId().mostSignificantBits());
            out.writeLong(request.topicId().leastSignificantBits());
            out.writeInt(request.partition());
            out.writeInt(request.leaderId());
            out.writeInt(request.leaderEpoch());
            out.writeInt(request.partitionEpoch());
            writeInts(out, request.newIsr());
        });
    }

    static byte[] electLeaders(ElectLeadersRequest request) {
        return write(out -> {
            out.writeByte(ELECT_LEADERS);
            out.writeByte(request.electionType().wireValue());
            out.writeBoolean(request.partitions().isEmpty());
            if (request.partitions().isPresent()) {
                writeRefs(out, request.partitions().get());
            }
        });
    }

    private static void writeRefs(DataOutputStream out, List<PartitionRef> refs) throws IOException {
        out.writeInt(refs.size());
        for (PartitionRef ref : refs) {
            out.writeUTF(ref.topic());
            out.writeInt(ref.partition());
        }
    }

    private static List<PartitionRef> readRefs(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available() / 6) {
            throw new IllegalArgumentException("bad partition count " + count);
        }
        List<PartitionRef> refs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            refs.add(new PartitionRef(in.readUTF(), in.readInt()));
        }
        return refs;
    }

    private static ElectLeaders readElectLeaders(DataInputStream in) throws IOException {
        ElectionType type = ElectionType.fromWire(in.readByte());
        boolean all = in.readBoolean();
        return new ElectLeaders(new ElectLeadersRequest(type, all ? Optional.empty() : Optional.of(readRefs(in))));
    }

    static byte[] alterReassignments(List<ReassignmentRequest> requests) {
        return write(out -> {
            out.writeByte(ALTER_REASSIGNMENTS);
            out.writeInt(requests.size());
            for (ReassignmentRequest request : requests) {
                out.writeUTF(request.partition().topic());
                out.writeInt(request.partition().partition());
                out.writeBoolean(request.targetReplicas().isEmpty());
                if (request.targetReplicas().isPresent()) {
                    writeInts(out, request.targetReplicas().get());
                }
            }
        });
    }

    private static AlterReassignments readAlterReassignments(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available() / 7) {
            throw new IllegalArgumentException("bad reassignment count " + count);
        }
        List<ReassignmentRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PartitionRef ref = new PartitionRef(in.readUTF(), in.readInt());
            Optional<List<Integer>> target = Optional.empty();
            if (!in.readBoolean()) {
                int size = in.readInt();
                if (size < 0 || size > in.available() / Integer.BYTES) {
                    throw new IllegalArgumentException("bad replica count " + size);
                }
                List<Integer> replicas = new ArrayList<>(size);
                for (int j = 0; j < size; j++) {
                    replicas.add(in.readInt());
                }
                target = Optional.of(replicas);
            }
            requests.add(new ReassignmentRequest(ref, target));
        }
        return new AlterReassignments(requests);
    }

    static byte[] resultsBody(List<PartitionResult> results) {
        return write(out -> {
            out.writeInt(results.size());
            for (PartitionResult result : results) {
                out.writeUTF(result.partition().topic());
                out.writeInt(result.partition().partition());
                out.writeByte(result.error().ordinal());
                out.writeBoolean(result.message().isPresent());
                if (result.message().isPresent()) {
                    out.writeUTF(result.message().get());
                }
            }
        });
    }

    static List<PartitionResult> resultsReply(ByteBuffer body) {
        return read(body, in -> {
            int count = in.readInt();
            List<PartitionResult> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                PartitionRef ref = new PartitionRef(in.readUTF(), in.readInt());
                PartitionResult.Error error = PartitionResult.Error.values()[in.readByte()];
                Optional<String> message = in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
                results.add(new PartitionResult(ref, error, message));
            }
            return results;
        });
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> T read(ByteBuffer bytes, Reader<T> reader) {
        byte[] rest = new byte[bytes.remaining()];
        bytes.get(rest);
        try {
            return reader.read(new DataInputStream(new ByteArrayInputStream(rest)));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated controller message", e);
        }
    }

    static Request decodeRequest(ByteBuffer bytes) {
        byte kind = bytes.get();
        switch (kind) {
            case COMMIT:
                return new Commit(MetadataRecordCodec.deserializeAll(bytes.slice()));
            case REGISTER: {
                RegisterBrokerRecord record = (RegisterBrokerRecord) MetadataRecordCodec.deserializeAll(bytes.slice()).get(0);
                return new Register(new BrokerRegistrationRequest(record.nodeId(), record.incarnationId(),
                        record.listeners(), record.rack()));
            }
            case HEARTBEAT:
                return new Heartbeat(new BrokerHeartbeatRequest(bytes.getInt(), bytes.getLong(), bytes.getLong(),
                        bytes.get() != 0));
            case ALTER_PARTITION: {
                Uuid topicId = new Uuid(bytes.getLong(), bytes.getLong());
                return new AlterPartition(new AlterPartitionRequest(topicId, bytes.getInt(), bytes.getInt(),
                        bytes.getInt(), bytes.getInt(), readInts(bytes)));
            }
            case ELECT_LEADERS:
                return read(bytes, ControllerMessages::readElectLeaders);
            case ALTER_REASSIGNMENTS:
                return read(bytes, ControllerMessages::readAlterReassignments);
            case FETCH_METADATA:
                return new FetchMetadata(bytes.getLong(), bytes.getInt());
            case DESCRIBE_QUORUM:
                return new DescribeQuorum();
            default:
                throw new IllegalArgumentException("unknown controller request kind " + kind);
        }
    }

    static byte[] ok(long imageOffset, byte[] body) {
        return write(out -> {
            out.writeByte(OK);
            out.writeLong(imageOffset);
            out.write(body);
        });
    }

    static byte[] longBody(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static byte[] heartbeatBody(BrokerHeartbeatReply reply) {
        return new byte[] {(byte) (reply.fenced() ? 1 : 0), (byte) (reply.shouldShutDown() ? 1 : 0)};
    }

    static BrokerHeartbeatReply heartbeatReply(ByteBuffer body) {
        return new BrokerHeartbeatReply(body.get() != 0, body.get() != 0);
    }

    static byte[] partitionBody(PartitionRegistration registration) {
        return write(out -> {
            writeInts(out, registration.replicas());
            writeInts(out, registration.isr());
            out.writeInt(registration.leader());
            out.writeInt(registration.leaderEpoch());
            out.writeInt(registration.partitionEpoch());
        });
    }

    static PartitionRegistration partitionReply(ByteBuffer body) {
        return new PartitionRegistration(readInts(body), readInts(body), body.getInt(), body.getInt(), body.getInt());
    }

    /** The error reply of a request that certainly changed nothing and may be sent again. */
    static byte[] notSent(String message) {
        return errorReply(NOT_SENT, (byte) 0, message);
    }

    /**
     * What a sender does with {@code reply} to {@code request}: {@code again} after a short pause
     * when the reply allows a resend ({@link #mayResend}) and the deadline has not passed, else the
     * decoded reply.
     */
    static CompletableFuture<Reply> resendOrDecode(byte[] request, byte[] reply, long deadlineNs, long backoffMs,
            Supplier<CompletableFuture<Reply>> again) {
        if (mayResend(reply, request[0] == COMMIT) && System.nanoTime() - deadlineNs < 0) {
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(backoffMs, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> again.get());
        }
        try {
            return CompletableFuture.completedFuture(decodeReply(ByteBuffer.wrap(reply)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether a reply says the request changed nothing and may be sent again: for a batch of
     * records only {@code NOT_SENT}; for broker and partition requests (idempotent) any
     * unavailability.
     */
    static boolean mayResend(byte[] reply, boolean recordBatch) {
        ByteBuffer bytes = ByteBuffer.wrap(reply);
        if (bytes.get() != ERROR) {
            return false;
        }
        byte kind = bytes.get();
        return kind == NOT_SENT || (!recordBatch && kind == UNAVAILABLE);
    }

    /** The error reply carrying {@code failure}'s kind and message. */
    static byte[] error(Throwable failure) {
        byte kind;
        byte detail = 0;
        if (failure instanceof TopicAlreadyExistsException) {
            kind = TOPIC_EXISTS;
        } else if (failure instanceof UnknownTopicException) {
            kind = UNKNOWN_TOPIC;
        } else if (failure instanceof InvalidTopicNameException) {
            kind = INVALID_TOPIC_NAME;
        } else if (failure instanceof StaleBrokerEpochException) {
            kind = STALE_EPOCH;
        } else if (failure instanceof AlterPartitionException e) {
            kind = ALTER_PARTITION_ERROR;
            detail = (byte) e.error().ordinal();
        } else if (failure instanceof MetadataValidationException || failure instanceof IllegalArgumentException) {
            kind = VALIDATION;
        } else {
            kind = UNAVAILABLE;
        }
        return errorReply(kind, detail, String.valueOf(failure.getMessage()));
    }

    private static byte[] errorReply(byte kind, byte detail, String message) {
        return write(out -> {
            out.writeByte(ERROR);
            out.writeByte(kind);
            out.writeByte(detail);
            out.writeUTF(message.length() > 8000 ? message.substring(0, 8000) : message);
        });
    }

    /**
     * Decodes a reply.
     *
     * @throws MetadataException the error the reply carries, of the type the controller threw
     */
    static Reply decodeReply(ByteBuffer bytes) {
        byte status = bytes.get();
        if (status == OK) {
            long offset = bytes.getLong();
            return new Reply(offset, bytes.slice());
        }
        byte kind = bytes.get();
        byte detail = bytes.get();
        String message = readUtf(bytes);
        throw switch (kind) {
            case TOPIC_EXISTS -> new TopicAlreadyExistsException(message);
            case UNKNOWN_TOPIC -> new UnknownTopicException(message);
            case INVALID_TOPIC_NAME -> new InvalidTopicNameException(message);
            case STALE_EPOCH -> new StaleBrokerEpochException(message);
            case ALTER_PARTITION_ERROR -> new AlterPartitionException(AlterPartitionException.Error.values()[detail],
                    message);
            case VALIDATION -> new MetadataValidationException(message);
            default -> new ControllerUnavailableException(message);
        };
    }

    private static String readUtf(ByteBuffer bytes) {
        byte[] rest = new byte[bytes.remaining()];
        bytes.get(rest);
        try {
            return new DataInputStream(new ByteArrayInputStream(rest)).readUTF();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeInts(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int value : values) {
            out.writeInt(value);
        }
    }

    private static List<Integer> readInts(ByteBuffer bytes) {
        int count = bytes.getInt();
        if (count < 0 || count > bytes.remaining() / Integer.BYTES) {
            throw new IllegalArgumentException("bad list length " + count);
        }
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(bytes.getInt());
        }
        return values;
    }

    @FunctionalInterface
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
