package io.weir.controller;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What applying one committed batch did, as the state machine answers the proposer. Encoded in
 * the reply message as {@code kind:int8} then, for {@code 0} (applied), {@code imageOffset:int64};
 * for {@code 1} (rejected), the reason as UTF-8. Immutable values.
 */
sealed interface ApplyOutcome {

    /** The batch was applied; the image is now at {@code imageOffset}. */
    record Applied(long imageOffset) implements ApplyOutcome {}

    /** The batch contradicted the image and was skipped by every voter alike. */
    record Rejected(String reason) implements ApplyOutcome {}

    static byte[] encode(ApplyOutcome outcome) {
        if (outcome instanceof Applied applied) {
            return ByteBuffer.allocate(9).put((byte) 0).putLong(applied.imageOffset()).array();
        }
        byte[] reason = ((Rejected) outcome).reason().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + reason.length).put((byte) 1).put(reason).array();
    }

    static ApplyOutcome decode(ByteBuffer bytes) {
        byte kind = bytes.get();
        if (kind == 0) {
            return new Applied(bytes.getLong());
        }
        byte[] reason = new byte[bytes.remaining()];
        bytes.get(reason);
        return new Rejected(new String(reason, StandardCharsets.UTF_8));
    }
}
