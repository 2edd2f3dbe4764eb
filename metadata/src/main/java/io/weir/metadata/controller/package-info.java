/**
 * What a broker asks of the active controller, independent of where the controller runs:
 * {@link io.weir.metadata.controller.ControllerChannel} (register, heartbeat, AlterPartition), its
 * request and reply values, and the errors it answers. The broker depends on this package only;
 * the controller module implements the channel in-process (single node) and over the quorum's
 * Raft transport (cluster). Record-level changes (topics, configs, producer ids) are not here:
 * they go through {@link io.weir.metadata.store.MetadataStore#commit}, which a cluster node routes
 * to the active controller.
 */
package io.weir.metadata.controller;
