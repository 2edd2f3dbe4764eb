/**
 * Weir checked over TCP with real third-party Kafka clients, as its users run them: kafka-clients
 * 4.4 in the test JVM, kafka-clients 3.9 and Kafka's command-line tools in child JVMs, kcat
 * (librdkafka) and kafkajs as external processes, Kafka Streams 4.4 in the test JVM and in child JVMs.
 * Owns the {@code *IT} classes and their small helpers ({@link io.weir.it.Clients},
 * {@link io.weir.it.ExternalProcess}, {@link io.weir.it.NodeProcess}, {@link io.weir.it.DroppingProxy}
 * which loses Produce acknowledgements, {@link io.weir.it.RawProduce} which sends a hand-made
 * transactional batch, {@link io.weir.it.WordCountMain}, and for consumer groups
 * {@link io.weir.it.GroupMembers}, {@link io.weir.it.GroupScenarios} run for both rebalance protocols,
 * {@link io.weir.it.GroupMemberMain} a member to kill in a child JVM; for fault tests on nodes in
 * their own JVMs {@link io.weir.it.ClusterProcesses}, {@link io.weir.it.ClusterChecks} (Admin
 * questions and waits), {@link io.weir.it.ContinuousProducer} with {@link io.weir.it.AcknowledgedWrites}
 * and {@link io.weir.it.ReplicaLogs} (the loss and divergence checks), and for the randomized soak
 * {@link io.weir.it.SoakFaults}, {@link io.weir.it.SoakGroup} and {@link io.weir.it.SoakReport});
 * each test class starts its own node through the test kit or as a child process.
 */
package io.weir.it;
