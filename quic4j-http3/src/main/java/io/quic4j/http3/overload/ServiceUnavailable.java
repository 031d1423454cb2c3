package io.quic4j.http3.overload;

import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Request;
import io.quic4j.http3.Http3Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Answers a request the circuit breaker turned away: 503 Service Unavailable with Retry-After (RFC 9110 §15.6.4:
 * "The server MAY send a Retry-After header field to suggest an appropriate amount of time for the client to wait
 * before retrying the request"; §10.2.3: delay-seconds).
 *
 * <pre>{@code
 * Http3Handler h = new ServiceUnavailable(Duration.ofSeconds(30), "overloaded");
 * }</pre>
 */
public final class ServiceUnavailable implements Http3Handler {
    private final String retryAfter;
    private final byte[] body;

    /**
     * @param retryAfter the Retry-After, whole seconds
     * @param why the reason, sent as the plain-text body
     */
    public ServiceUnavailable(Duration retryAfter, String why) {
        this.retryAfter = Long.toString(retryAfter.toSeconds());
        this.body = (why + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Http3Request request, Http3Response response) throws Exception {
        response.header("retry-after", retryAfter);
        response.send(503, "text/plain; charset=utf-8", body);
    }
}
