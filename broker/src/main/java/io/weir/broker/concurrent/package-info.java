/**
 * Concurrency building blocks the broker's parts share: {@link io.weir.broker.concurrent.SerialExecutor},
 * the lane that runs one partition's or one coordinator shard's tasks in order on a shared pool.
 */
package io.weir.broker.concurrent;
