/**
 * JMH benchmarks of the wire codec and the fetch path without sockets: decoding a Produce request
 * frame, encoding a Produce response, and reading a log slice into an encoded Fetch response whose
 * record bytes stay in the file (the part of a plaintext fetch before {@code sendfile}).
 */
package io.weir.bench.protocol;
