package io.weir.storage;

import java.util.Optional;

/**
 * Outcome of scanning one segment after a crash: the bytes kept, the bytes cut off, why (when
 * something was cut), and the offset after the last valid batch (empty when no batch is valid).
 * Thread-safety: immutable.
 */
record RecoveryResult(int validBytes, long truncatedBytes, Optional<String> problem, Optional<Long> nextOffset) {}
