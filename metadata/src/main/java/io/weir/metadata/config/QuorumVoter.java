package io.weir.metadata.config;

/**
 * One entry of {@code controller.quorum.voters}: {@code id@host:port}.
 *
 * @param nodeId the voter's {@code node.id}
 * @param address where its controller listener is reached
 */
public record QuorumVoter(int nodeId, HostPort address) {
    /**
     * Parses {@code id@host:port}.
     *
     * @throws IllegalArgumentException with a short reason if the text is not of that form
     */
    public static QuorumVoter parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not of the form id@host:port");
        }
        int nodeId;
        try {
            nodeId = Integer.parseInt(text.substring(0, at));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("voter id '" + text.substring(0, at) + "' is not a number");
        }
        if (nodeId < 0) {
            throw new IllegalArgumentException("voter id " + nodeId + " is negative");
        }
        return new QuorumVoter(nodeId, HostPort.parse(text.substring(at + 1)));
    }

    @Override
    public String toString() {
        return nodeId + "@" + address;
    }
}
