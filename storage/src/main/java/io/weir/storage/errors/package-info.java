/**
 * The storage engine's domain exceptions. Each is unchecked and maps to exactly one Kafka error
 * code, exposed by {@link io.weir.storage.errors.StorageException#errorCode()}, so that the one
 * place at the protocol edge that turns exceptions into error codes needs no table of its own for
 * storage failures.
 */
package io.weir.storage.errors;
