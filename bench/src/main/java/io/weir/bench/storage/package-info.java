/** JMH benchmarks of the storage engine alone: append and read throughput of one partition log. */
package io.weir.bench.storage;
