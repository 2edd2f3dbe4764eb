package io.weir.metadata.controller;

/**
 * A broker's periodic heartbeat.
 *
 * @param nodeId the broker's node id
 * @param brokerEpoch the epoch its registration was granted
 * @param metadataOffset the offset of the last metadata record the broker has applied
 * @param wantShutDown whether the broker is stopping and asks for a controlled shutdown
 */
public record BrokerHeartbeatRequest(int nodeId, long brokerEpoch, long metadataOffset, boolean wantShutDown) {}
