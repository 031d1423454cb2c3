package io.quic4j.testkit.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NetworkLog} turns the DevTools {@code Network} events of a request into one {@link ChromiumLoad}: the
 * response's status, protocol and connection, whether a cache answered, and the error of a failed request.
 */
class NetworkLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration NOW = Duration.ofMillis(1);

    private final NetworkLog log = new NetworkLog();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private void request(String id, String url) throws Exception {
        log.requestWillBeSent(json("{'requestId':'" + id + "','request':{'url':'" + url + "'}}"));
    }

    private void response(String id, String response) throws Exception {
        log.responseReceived(json("{'requestId':'" + id + "','response':" + response + "}"));
    }

    @Test
    void aFinishedRequestCarriesItsResponsesStatusProtocolAndConnection() throws Exception {
        request("1", "https://h/a");
        response("1", "{'url':'https://h/a','status':200,'protocol':'h3','connectionId':7}");
        log.loadingFinished(json("{'requestId':'1'}"));

        assertThat(log.take(List.of("https://h/a"), NOW))
                .containsExactly(new ChromiumLoad("https://h/a", 200, "h3", 7, false, null));
    }

    @Test
    void aFailedRequestWithoutResponseCarriesTheBrowsersError() throws Exception {
        request("1", "https://h/a");
        log.loadingFailed(json("{'requestId':'1','errorText':'net::ERR_QUIC_PROTOCOL_ERROR'}"));

        List<ChromiumLoad> loads = log.take(List.of("https://h/a"), NOW);
        assertThat(loads).singleElement().satisfies(l -> {
            assertThat(l.finished()).isFalse();
            assertThat(l.status()).isZero();
            assertThat(l.error()).isEqualTo("net::ERR_QUIC_PROTOCOL_ERROR");
        });
    }

    @Test
    void responsesFromTheMemoryOrDiskCacheAreMarkedAsNotFromTheNetwork() throws Exception {
        request("1", "https://h/memory");
        log.requestServedFromCache(json("{'requestId':'1'}"));
        response("1", "{'status':200,'protocol':'h3','connectionId':0}");
        log.loadingFinished(json("{'requestId':'1'}"));
        request("2", "https://h/disk");
        response("2", "{'status':200,'protocol':'h3','connectionId':0,'fromDiskCache':true}");
        log.loadingFinished(json("{'requestId':'2'}"));

        assertThat(log.take(List.of("https://h/memory", "https://h/disk"), NOW)).allMatch(ChromiumLoad::fromCache);
    }

    @Test
    void aRedirectIsRecordedUnderItsFinalUrl() throws Exception {
        request("1", "https://h/old");
        request("1", "https://h/new");
        response("1", "{'status':200,'protocol':'h3','connectionId':1}");
        log.loadingFinished(json("{'requestId':'1'}"));

        assertThat(log.take(List.of("https://h/new"), NOW)).extracting(ChromiumLoad::url)
                .containsExactly("https://h/new");
    }

    @Test
    void takeWaitsForEveryUrlThenForgetsWhatItReturned() throws Exception {
        request("1", "https://h/a");
        request("2", "https://h/b");
        response("1", "{'status':200,'protocol':'h3','connectionId':1}");
        log.loadingFinished(json("{'requestId':'1'}"));

        assertThatThrownBy(() -> log.take(List.of("https://h/a", "https://h/b"), NOW))
                .isInstanceOf(PeerException.class).hasMessageContaining("https://h/b")
                .hasMessageContaining("in flight: [https://h/b]");

        Thread.ofVirtual().start(() -> log.loadingFailed(JSON.createObjectNode().put("requestId", "2")
                .put("errorText", "net::ERR_ABORTED")));
        assertThat(log.take(List.of("https://h/a", "https://h/b"), Duration.ofSeconds(10)))
                .extracting(ChromiumLoad::url).containsExactly("https://h/a", "https://h/b");
        assertThat(log.take(List.of(), NOW)).isEmpty();
    }
}
