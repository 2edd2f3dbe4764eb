/**
 * The {@code weir} process: the command line ({@link io.weir.server.Main}), logging set-up, and the
 * lifecycle of one node ({@link io.weir.server.WeirNode}): data directory locks, the scheduler
 * handed to the storage, the wiring of storage and network, and a clean shutdown on SIGTERM.
 */
package io.weir.server;
