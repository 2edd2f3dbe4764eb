package io.weir.metadata.config;

/**
 * A host and a TCP port, as written in {@code host:port} (an IPv6 host in brackets: {@code
 * [::1]:9092}). An empty host means every interface when binding.
 *
 * @param host the host name or address, without brackets; may be empty
 * @param port the port, 0 to 65535 (0 asks the operating system for a free port)
 */
public record HostPort(String host, int port) {
    /** Validates the port. */
    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException with a short reason if the text is not of that form
     */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 host must be in brackets, e.g. [::1]:9092");
        }
        if (host.contains("/") || host.contains("@") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + host + "' is not a host name");
        }
        return new HostPort(host, parsePort(text.substring(colon + 1)));
    }

    private static int parsePort(String text) {
        try {
            return new HostPort("", Integer.parseInt(text)).port();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
