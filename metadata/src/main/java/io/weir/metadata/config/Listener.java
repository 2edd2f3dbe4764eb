package io.weir.metadata.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of {@code listeners} or {@code advertised.listeners}: {@code NAME://host:port}, for
 * example {@code PLAINTEXT://127.0.0.1:9092} or {@code CONTROLLER://:9093}. Listener names are
 * upper-cased, as Kafka does.
 *
 * @param name the listener name, upper case (also the security protocol unless {@code
 *     listener.security.protocol.map} says otherwise)
 * @param host the host to bind or advertise; empty means every interface
 * @param port the port; 0 means a free port chosen at bind time
 */
public record Listener(String name, String host, int port) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    /**
     * Parses {@code NAME://host:port}.
     *
     * @throws IllegalArgumentException with a short reason if the text is not of that form
     */
    public static Listener parse(String text) {
        int separator = text.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not of the form NAME://host:port");
        }
        String name = text.substring(0, separator);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("listener name '" + name + "' may hold only letters, digits and _");
        }
        HostPort address = HostPort.parse(text.substring(separator + 3));
        return new Listener(name.toUpperCase(Locale.ROOT), address.host(), address.port());
    }

    /** The address part alone. */
    public HostPort address() {
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return name + "://" + address();
    }
}
