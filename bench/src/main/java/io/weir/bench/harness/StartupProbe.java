package io.weir.bench.harness;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Polls a broker until it answers a Metadata request that lists at least {@code MIN_BROKERS}
 * brokers (default 1; 3 for a three-node cluster, so that the time covers the cluster forming), then prints
 * {@code answeredEpochNs=<wall-clock ns>} so that the caller can subtract the time it spawned the
 * broker. Started before the broker (it prints {@code probing HOST:PORT} once it runs), so its own
 * JVM start-up is not counted.
 *
 * <p>The request is written by hand (Metadata v1, all topics, non-flexible header v1) so that no
 * client-side retry or back-off sits between the broker being ready and the probe noticing:
 * {@code int32 size, int16 apiKey=3, int16 apiVersion=1, int32 correlationId, string clientId,
 * int32 topicCount=-1}. The response is {@code int32 size, int32 correlationId, int32 brokerCount,
 * ...}. Single-threaded.
 *
 * <p>Usage: {@code StartupProbe HOST PORT DEADLINE_MS [MIN_BROKERS]}; exit code 1 with one line on
 * stderr when the deadline passes.
 */
public final class StartupProbe {
  private static final long POLL_INTERVAL_MS = 10;
  private static final int CONNECT_TIMEOUT_MS = 200;
  private static final int READ_TIMEOUT_MS = 1_000;

  private StartupProbe() {}

  public static void main(String[] args) throws InterruptedException {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    long deadlineNs = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000L;
    int minBrokers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    System.out.println("probing " + host + ":" + port);
    System.out.flush();
    int correlationId = 0;
    while (System.nanoTime() < deadlineNs) {
      correlationId++;
      if (answersMetadata(host, port, correlationId, minBrokers)) {
        long epochNs = System.currentTimeMillis() * 1_000_000L;
        System.out.println("answeredEpochNs=" + epochNs);
        return;
      }
      Thread.sleep(POLL_INTERVAL_MS);
    }
    System.err.println("no Metadata answer listing " + minBrokers + " broker(s) from " + host + ":" + port
        + " before the deadline");
    System.exit(1);
  }

  private static boolean answersMetadata(String host, int port, int correlationId, int minBrokers) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      byte[] clientId = "weir-startup-probe".getBytes(StandardCharsets.US_ASCII);
      out.writeInt(2 + 2 + 4 + 2 + clientId.length + 4);
      out.writeShort(3);
      out.writeShort(1);
      out.writeInt(correlationId);
      out.writeShort(clientId.length);
      out.write(clientId);
      out.writeInt(-1);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int sizeBytes = in.readInt();
      return sizeBytes >= 8 && in.readInt() == correlationId && in.readInt() >= minBrokers;
    } catch (IOException notYet) {
      return false;
    }
  }
}
