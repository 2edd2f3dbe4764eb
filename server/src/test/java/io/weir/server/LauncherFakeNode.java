package io.weir.server;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for the server jar's main class in {@link LauncherArchiveIT}: {@code start} binds a
 * port on 127.0.0.1, prints a ready line shaped like the node's plus {@code archive=<the
 * -XX:SharedArchiveFile option or none>}, answers each connection with 8 zero bytes and reads it to
 * the end, and on SIGTERM halts with status 0 as the node does. Any other command prints its name
 * and exits.
 */
final class LauncherFakeNode {
    private LauncherFakeNode() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 0 || !args[0].equals("start")) {
            System.out.println("command " + String.join(" ", args));
            return;
        }
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> drainConnections(server), "fake-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(0)));
        String archive = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-XX:SharedArchiveFile="))
                .findFirst()
                .orElse("none");
        System.out.println("Weir fake node 1 ready: listener PLAINTEXT://127.0.0.1:" + server.getLocalPort()
                + ", archive=" + archive);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void drainConnections(ServerSocket server) {
        while (true) {
            try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                socket.setSoTimeout(2_000);
                socket.getOutputStream().write(new byte[8]);
                in.readAllBytes();
            } catch (IOException e) {
                // the training run closes its side; nothing to answer
            }
        }
    }
}
