package io.quic4j.server;

import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Request;
import io.quic4j.http3.Http3Response;
import io.quic4j.server.files.Body;
import io.quic4j.server.files.FileRequest;
import io.quic4j.server.files.FileResponse;
import io.quic4j.server.files.Header;
import io.quic4j.server.files.StaticFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link Http3Handler} serving a directory: {@link StaticFiles} decides the answer (404 outside the root, 304 and
 * 412 for conditional requests, 206 and 416 for ranges, HEAD without content) and this streams the file region into
 * the response body in chunks of {@value #CHUNK} bytes, so a large file never sits in memory and the stream's flow
 * control paces the reads.
 *
 * <pre>{@code
 * Http3Server server = Http3Server.bind(address, Http3ServerConfig.defaults(), tls, StaticSite.of(Path.of("site")));
 * }</pre>
 */
public final class StaticSite implements Http3Handler {
    /** How many bytes of the file are read and written at a time. */
    static final int CHUNK = 64 * 1024;

    private final StaticFiles files;

    private StaticSite(StaticFiles files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    /**
     * Serves {@code root}, refusing hidden files.
     *
     * @param root an existing directory
     * @return the handler
     * @throws IllegalArgumentException if root is not a directory
     */
    public static StaticSite of(Path root) {
        return new StaticSite(new StaticFiles(root));
    }

    /** @return the real path of the served directory */
    public Path root() {
        return files.root();
    }

    @Override
    public void handle(Http3Request request, Http3Response response) throws IOException {
        List<Header> fields = new ArrayList<>(request.headers().size());
        for (Map.Entry<String, String> f : request.headers().fields()) {
            fields.add(new Header(f.getKey(), f.getValue()));
        }
        FileResponse answer = files.serve(new FileRequest(request.method(), request.path(), fields));
        response.status(answer.status());
        for (Header h : answer.headers()) {
            response.header(h.name(), h.value());
        }
        try (OutputStream out = response.body()) {
            if (answer.body() instanceof Body.FileRegion region) {
                send(region, out);
            }
        }
    }

    private static void send(Body.FileRegion region, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, region.length())));
            long position = region.offset();
            long remaining = region.length();
            while (remaining > 0) {
                buf.clear().limit((int) Math.min(buf.capacity(), remaining));
                int n = channel.read(buf, position);
                if (n < 0) {
                    // The header section promised `length` bytes: a file that shrank ends the stream with an
                    // error (the handler throws, so the stream is reset), never a short body.
                    throw new EOFException(region.file() + " shrank while being sent: " + remaining
                            + " bytes missing");
                }
                out.write(buf.array(), 0, n);
                position += n;
                remaining -= n;
            }
        }
    }
}
