package io.weir.metadata.controller;

/**
 * The active controller's answer to a heartbeat.
 *
 * @param fenced whether the broker is fenced (may not lead) after this heartbeat
 * @param shouldShutDown whether a broker that asked to shut down may now stop: no partition it
 *     could hand over is led by it any more
 */
public record BrokerHeartbeatReply(boolean fenced, boolean shouldShutDown) {}
