package io.quic4j.testkit.peer;

import java.util.Objects;

/**
 * One request of a page as the browser's network stack saw it (the DevTools Protocol's {@code Network} events):
 * the response's status and protocol and the connection it used, or why it failed.
 *
 * @param url the requested URL
 * @param status the HTTP status, or 0 when no response arrived
 * @param protocol the protocol of the response, such as {@code h3}; empty when no response arrived
 * @param connectionId the browser's ID of the connection the response came over, or -1
 * @param fromCache whether the response came from the browser's cache rather than the network
 * @param error the network error of a failed load (such as {@code net::ERR_QUIC_PROTOCOL_ERROR}), or
 *        {@code null} when it finished
 */
public record ChromiumLoad(String url, int status, String protocol, long connectionId, boolean fromCache,
        String error) {

    /** Validates. */
    public ChromiumLoad {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(protocol, "protocol");
    }

    /**
     * Whether the load finished without a network error.
     *
     * @return {@code true} when it finished
     */
    public boolean finished() {
        return error == null;
    }
}
