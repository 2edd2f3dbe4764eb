/**
 * Weir checked over TCP with real third-party Kafka clients, as its users run them: kafka-clients
 * 4.4 in the test JVM, kafka-clients 3.9 and Kafka's command-line tools in child JVMs, kcat
 * (librdkafka) and kafkajs as external processes. Owns the {@code *IT} classes and their small
 * helpers ({@link io.weir.it.Clients}, {@link io.weir.it.ExternalProcess}); each test class starts its
 * own node through the test kit.
 */
package io.weir.it;
