package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.LocationMapping;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * A reset file at catalogue scale reaches Shopify through one bulk hard sync per shop, not as a million deltas on the
 * direct path (33 changes/s on a Standard shop). Its rows carry {@link io.atpsync.schemas.EventHeaders#SETTLED_BY}, so
 * the Streams app applies them without variances; once the app has processed the file, this requests the hard sync
 * (whose targets are the file's result, order-aware) and follows it until Shopify has it. Every stage is logged.
 */
final class ResetSettlement {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long the app's group may have no member before the settlement gives up (exit 3). */
    static final Duration NO_MEMBER_GRACE = Duration.ofSeconds(90);

    /** How often the lines written are printed while no stage changes. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private final KafkaOptions kafka;
    private final PrintWriter err;
    private final String applicationId;
    private final String streamsUrl;
    private final Duration timeout;
    private final long started = System.nanoTime();

    ResetSettlement(KafkaOptions kafka, PrintWriter err, String applicationId, String streamsUrl, Duration timeout) {
        this.kafka = kafka;
        this.err = err;
        this.applicationId = applicationId;
        this.streamsUrl = streamsUrl;
        this.timeout = timeout;
    }

    /** The hard sync's id: one per file (a re-import of the same file asks for the same one). */
    static String requestId(String checksum) {
        return io.atpsync.schemas.EventHeaders.SETTLEMENT_PREFIX + checksum.substring(0, 16);
    }

    /**
     * Waits until the Streams app's group has committed past {@code lastOffsets} (the file's last record per partition
     * of {@code inventory.events}), requests the hard sync for every shop mapped, and follows it.
     *
     * @return the shops settled
     */
    List<String> settle(String requestId, Map<TopicPartition, Long> lastOffsets, long rows) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        stage("the Streams app processes the %,d rows (group %s) ...", rows, applicationId);
        awaitProcessed(lastOffsets, deadline);
        TreeSet<String> shops = new TreeSet<>();
        for (LocationMapping m :
                CompactedTopic.latest(kafka, kafka.topics().locationMappings()).values()) {
            if (m != null && !m.getFacilityIds().isEmpty()) {
                shops.add(m.getShop());
            }
        }
        if (shops.isEmpty()) {
            stage("no location is mapped: nothing to set in Shopify");
            return List.of();
        }
        int partitions = (int) OneTransaction.publish(kafka.clientConfigs(), s -> {
            int n = s.partitions(kafka.topics().control());
            for (String shop : shops) {
                HardSyncRequest r = new HardSyncRequest(
                        requestId(requestId, shop), shop, List.of(), List.of(), Instant.now(), "import reset");
                for (int p = 0; p < n; p++) {
                    s.send(kafka.topics().control(), p, r);
                }
            }
            return n;
        });
        stage("hard sync %s requested for %s (%d partition(s) of %s)", requestId, shops, partitions, "atp.control");
        for (String shop : shops) {
            follow(requestId(requestId, shop), partitions, deadline);
        }
        stage("Shopify has the reset: every level in scope set to its target");
        return List.copyOf(shops);
    }

    private static String requestId(String base, String shop) {
        return base + "-" + shop;
    }

    private void awaitProcessed(Map<TopicPartition, Long> lastOffsets, long deadline) throws Exception {
        long total = lastOffsets.values().stream().mapToLong(o -> o + 1).sum();
        ProgressBar bar = ProgressBar.items(err, "processed by the Streams app", total);
        // A restarting app leaves its group for a moment; one that never comes gives up well before the timeout.
        Duration noMemberGrace = timeout.compareTo(NO_MEMBER_GRACE) < 0 ? timeout : NO_MEMBER_GRACE;
        long idleSince = 0;
        try (Admin admin = Admin.create(kafka.clientConfigs())) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                long done = 0;
                boolean all = true;
                for (var e : lastOffsets.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long at = c == null ? 0 : Math.min(c.offset(), e.getValue() + 1);
                    done += at;
                    all &= at > e.getValue();
                }
                bar.update(done);
                if (all) {
                    bar.done();
                    return;
                }
                long now = System.nanoTime();
                if (!hasMembers(admin)) {
                    idleSince = idleSince == 0 ? now : idleSince;
                    if (now - idleSince > noMemberGrace.toNanos()) {
                        bar.done();
                        throw new IllegalStateException("no Streams app instance is in group " + applicationId
                                + " (for " + noMemberGrace.toSeconds() + " s it had no members; it processed " + done
                                + " of " + total + " offsets of the file): start the app (./atp-sync local, or your"
                                + " deployment), then import the same file again: its rows are duplicates then, and"
                                + " the hard sync is requested");
                    }
                } else {
                    idleSince = 0;
                }
                if (now > deadline) {
                    bar.done();
                    throw new IllegalStateException("the Streams app (group " + applicationId + ") processed "
                            + done + " of " + total + " offsets of the file within " + timeout.toMinutes()
                            + " min: is it running? Importing the same file again resumes here (its rows are"
                            + " duplicates then) and requests the hard sync");
                }
                Thread.sleep(500);
            }
        }
    }

    /** Whether the app's group has a member now (a group Kafka does not know has none). */
    private boolean hasMembers(Admin admin) throws Exception {
        try {
            return !admin.describeConsumerGroups(List.of(applicationId))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(applicationId)
                    .members()
                    .isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    /** Follows {@code GET /hard-sync/{id}}: every partition cut over, then every bulk location DONE. */
    private void follow(String id, int expected, long deadline) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String last = "";
        String lastLine = "";
        long printedAt = System.nanoTime();
        long cutAt = -1;
        while (System.nanoTime() < deadline) {
            JsonNode status = status(http, id);
            if (status != null) {
                JsonNode parts = status.path("partitions");
                long lines = 0;
                long linesDone = 0;
                int locations = 0;
                int done = 0;
                TreeSet<String> phases = new TreeSet<>();
                for (var b : (Iterable<Map.Entry<String, JsonNode>>)
                        () -> status.path("bulk").fields()) {
                    JsonNode l = b.getValue();
                    if (l.isObject()) {
                        locations++;
                        String phase = l.path("phase").asText().split(" ")[0];
                        phases.add(phase);
                        done += phase.equals("DONE") ? 1 : 0;
                        lines += l.path("lines").asLong();
                        linesDone += l.path("linesDone").asLong();
                    }
                }
                // a line when a stage changes, and every 30 s while lines are written
                String shape = String.format(
                        "%s: %d/%d partitions cut over; bulk %d/%d locations done %s",
                        id, parts.size(), expected, done, locations, phases);
                String line = String.format("%s, %,d/%,d lines", shape, linesDone, lines);
                if (!shape.equals(last)
                        || (!line.equals(lastLine) && System.nanoTime() - printedAt > PROGRESS_EVERY.toNanos())) {
                    stage("%s", line);
                    last = shape;
                    lastLine = line;
                    printedAt = System.nanoTime();
                }
                if (parts.size() >= expected && cutAt < 0) {
                    cutAt = System.nanoTime();
                }
                if (cutAt >= 0 && locations > 0 && done == locations) {
                    return;
                }
                if (cutAt >= 0
                        && locations == 0
                        && System.nanoTime() - cutAt > Duration.ofSeconds(120).toNanos()) {
                    stage("%s took the direct path (under the bulk threshold): its SETs are on their way", id);
                    return;
                }
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("hard sync " + id + " did not finish within " + timeout.toMinutes()
                + " min; GET " + streamsUrl + "/hard-sync/" + id + " shows where it is");
    }

    private JsonNode status(HttpClient http, String id) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    streamsUrl + "/hard-sync/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            return null; // the app may be restarting: ask again
        }
    }

    private void stage(String format, Object... args) {
        err.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
        err.flush();
    }
}
