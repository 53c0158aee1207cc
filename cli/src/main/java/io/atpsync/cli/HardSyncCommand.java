package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.Topic;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync hard-sync}: one ordered cut per task. The request goes to every partition of {@code atp.control};
 * each task sends absolute targets for the keys in scope when it reaches it.
 */
@Command(
        name = "hard-sync",
        mixinStandardHelpOptions = true,
        description = {
            "Set Shopify to online ATP minus pending Shopify orders for a scope, through the same ordered path.",
            "Prints the request id and waits until every partition has cut over."
        })
final class HardSyncCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--shop", required = true, description = "Shop domain, e.g. demo.myshopify.com.")
    String shop;

    @Option(
            names = {"-l", "--location"},
            description = "Shopify location gid (repeatable). Default: every location.")
    List<String> locations = new ArrayList<>();

    @Option(names = "--sku", arity = "1..*", description = "SKUs (repeatable). Default: every SKU.")
    List<String> skus = new ArrayList<>();

    @Option(
            names = "--streams-url",
            defaultValue = "${env:ATP_SYNC_STREAMS_URL:-http://127.0.0.1:18085}",
            description = "A Streams app instance, to follow progress. Default: ${DEFAULT-VALUE}")
    String streamsUrl;

    @Option(
            names = "--wait",
            defaultValue = "60",
            description = "Seconds to wait for every partition (0 = do not wait). Default: ${DEFAULT-VALUE}")
    int waitSeconds;

    @Option(
            names = "--json",
            description = "Print the request and each partition's answer as JSON at the end (progress goes to stderr).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out =
                json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        String requestId = "hs-" + UUID.randomUUID();
        HardSyncRequest request =
                new HardSyncRequest(requestId, shop, locations, skus, Instant.now(), System.getProperty("user.name"));
        Topic<HardSyncRequest> topic = kafka.topics().control();
        Map<String, Object> configs = new HashMap<>(kafka.clientConfigs());
        configs.put("enable.idempotence", "true");
        int partitions;
        try (KafkaProducer<String, HardSyncRequest> producer = new KafkaProducer<>(
                configs, new StringSerializer(), topic.valueSerde(configs).serializer())) {
            partitions = producer.partitionsFor(topic.name()).size();
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic.name(), p, null, request))
                        .get();
            }
        }
        out.printf(
                "hard sync %s requested for %s%s%s on %d partitions of %s%n",
                requestId,
                shop,
                locations.isEmpty() ? "" : " locations " + locations,
                skus.isEmpty() ? "" : " skus " + skus,
                partitions,
                topic.name());
        out.flush();
        if (waitSeconds == 0) {
            return 0;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        int done = -1;
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(streamsUrl + "/hard-sync/"
                                        + URLEncoder.encode(requestId, StandardCharsets.UTF_8)))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode status = JSON.readTree(r.body());
                    JsonNode parts = status.isArray() ? status : status.path("partitions");
                    if (parts.size() != done) {
                        done = parts.size();
                        out.printf("  %d/%d partitions cut over%n", done, partitions);
                        out.flush();
                    }
                    if (done >= partitions && json) {
                        spec.commandLine()
                                .getOut()
                                .println(JSON.writeValueAsString(Map.of(
                                        "requestId",
                                        requestId,
                                        "shop",
                                        shop,
                                        "partitions",
                                        parts,
                                        "bulk",
                                        status.path("bulk"))));
                        return 0;
                    }
                    if (done >= partitions) {
                        for (JsonNode p : parts) {
                            out.printf(
                                    "  partition %s: %s%n",
                                    p.path("partition").asText(),
                                    p.path("status").asText());
                        }
                        boolean bulk = false;
                        for (var b : (Iterable<java.util.Map.Entry<String, JsonNode>>)
                                () -> status.path("bulk").fields()) {
                            if (b.getValue().isObject()) {
                                bulk = true;
                                out.printf(
                                        "  bulk at %s: %s, %d/%d lines%n",
                                        b.getKey(),
                                        b.getValue().path("phase").asText(),
                                        b.getValue().path("linesDone").asLong(),
                                        b.getValue().path("lines").asLong());
                            }
                        }
                        if (bulk) {
                            out.printf(
                                    "  (the sink writes these locations by Shopify bulk operations: "
                                            + "GET %s/hard-sync/%s shows their progress)%n",
                                    streamsUrl, requestId);
                        }
                        return 0;
                    }
                }
            } catch (java.io.IOException e) {
                // the app may be restarting: keep trying until the deadline
            }
            Thread.sleep(500);
        }
        spec.commandLine()
                .getErr()
                .printf(
                        "hard sync %s: only %d/%d partitions reported "
                                + "within %d s (is the Streams app running at %s?)%n",
                        requestId, Math.max(done, 0), partitions, waitSeconds, streamsUrl);
        return 2;
    }
}
