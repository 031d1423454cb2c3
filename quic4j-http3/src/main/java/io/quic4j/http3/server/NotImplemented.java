package io.quic4j.http3.server;

import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Request;
import io.quic4j.http3.Http3Response;
import java.nio.charset.StandardCharsets;

/** Answers CONNECT (RFC 9114 §4.4), which this server does not support, with 501. */
final class NotImplemented implements Http3Handler {
    static final NotImplemented INSTANCE = new NotImplemented();

    private NotImplemented() {
    }

    @Override
    public void handle(Http3Request request, Http3Response response) throws Exception {
        response.send(501, "text/plain", "CONNECT is not supported\n".getBytes(StandardCharsets.US_ASCII));
    }
}
