package io.quic4j.http3;

/**
 * Serves one HTTP/3 request. Each request runs on its own virtual thread, so a handler may block (read the body,
 * call a database, write a large response). When it returns, the response is finished (sent as it stands, with an
 * empty 200 if nothing was set) and an unread request body is abandoned (STOP_SENDING H3_NO_ERROR), so a handler
 * cannot hold the peer's stream credit. If it throws, the client gets a 500 if nothing was sent yet, else the
 * stream is reset with H3_INTERNAL_ERROR.
 *
 * <pre>{@code
 * Http3Handler hello = (request, response) ->
 *         response.send(200, "text/plain", ("hello " + request.path()).getBytes(StandardCharsets.UTF_8));
 * }</pre>
 */
@FunctionalInterface
public interface Http3Handler {
    /**
     * @param request the request: method, target, headers, streaming body
     * @param response where the response goes
     * @throws Exception anything; answered as described above
     */
    void handle(Http3Request request, Http3Response response) throws Exception;
}
