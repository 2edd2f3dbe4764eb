/**
 * Broker-to-broker calls over the Kafka protocol: {@link io.weir.broker.net.BrokerClient}, a
 * blocking client of one remote broker (the replica fetcher's Fetch and OffsetForLeaderEpoch, and
 * later the transaction coordinator's WriteTxnMarkers). It frames kafka-clients' generated
 * {@code *RequestData} messages itself and uses none of kafka-clients' network layer.
 */
package io.weir.broker.net;
