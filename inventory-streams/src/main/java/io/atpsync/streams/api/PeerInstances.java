package io.atpsync.streams.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** The other instances of the Streams app, asked over HTTP for what their stores hold ({@code ?local=true}). */
final class PeerInstances {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PeerInstances(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Every other instance of the application. */
    List<HostInfo> others() {
        return streams.metadataForAllStreamsClients().stream()
                .map(m -> m.hostInfo())
                .filter(h -> !h.equals(self))
                .toList();
    }

    /** The rows {@code host} answers for {@code path}; {@link AtpQueries.Unavailable} when it cannot. */
    List<Map<String, Object>> fetch(HostInfo host, String path) {
        String url = "http://" + host.host() + ":" + host.port() + path;
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AtpQueries.Unavailable(
                        "instance " + host + " answered HTTP " + r.statusCode() + " for " + path + ": " + r.body());
            }
            return JSON.readValue(r.body(), new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            throw new AtpQueries.Unavailable(
                    "instance " + host + " is unreachable for " + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtpQueries.Unavailable("interrupted");
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
