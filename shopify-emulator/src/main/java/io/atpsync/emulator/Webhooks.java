package io.atpsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends webhooks as Shopify does: JSON body, {@code X-Shopify-Hmac-Sha256} = base64 HMAC-SHA256 of the raw body with
 * the app's secret, and the usual {@code X-Shopify-*} headers. Deliveries run on {@link #LANES} lanes at once (Shopify
 * delivers concurrently, and one slow lane must not hold up the rest); the webhooks of one order or one inventory level
 * share a lane, so they arrive in order. A delivery that fails (no answer, or not 2xx) is retried {@link #RETRIES}
 * times with a doubling pause from 1 s, as Shopify retries (it spreads 8 attempts over 4 hours), then counted as
 * failed.
 */
final class Webhooks implements AutoCloseable {

    static final int LANES = 4;
    static final int RETRIES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService[] lanes = new ExecutorService[LANES];
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    private volatile boolean closed;

    Webhooks() {
        for (int i = 0; i < LANES; i++) {
            String name = "emulator-webhooks-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Sequence numbers of the events accepted and not delivered (or given up) yet: webhooks lag behind the changes that
     * caused them, and lanes finish out of order.
     */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> unfinished =
            new java.util.concurrent.ConcurrentSkipListSet<>();

    private long accepted;

    /**
     * Counters, plus {@code accepted} (events so far) and {@code finishedThrough}: every event up to that number has
     * been delivered or given up — wait for it to reach an earlier {@code accepted} to know that everything sent before
     * then has arrived.
     */
    synchronized java.util.Map<String, Object> view() {
        return java.util.Map.of(
                "queued",
                unfinished.size(),
                "sent",
                sent.get(),
                "failed",
                failed.get(),
                "retried",
                retried.get(),
                "lanes",
                LANES,
                "accepted",
                accepted,
                "finishedThrough",
                unfinished.isEmpty() ? accepted : unfinished.first() - 1);
    }

    private synchronized long accept() {
        unfinished.add(++accepted);
        return accepted;
    }

    /** The lane of an event: one per order id or per (item, location), spread over the lanes. */
    static int lane(java.util.Map<String, Object> payload) {
        Object id = payload.containsKey("inventory_item_id")
                ? payload.get("inventory_item_id") + "|" + payload.get("location_id")
                : payload.get("id");
        return Math.floorMod(java.util.Objects.hashCode(id), LANES);
    }

    /**
     * How late every webhook is delivered (0 = at once): Shopify's deliveries can lag minutes behind the change, "up to
     * a day" in rare cases (shopify.dev webhook best practices). Each waits on its lane, so lanes stay in order.
     */
    private volatile long delayMillis;

    void delay(long millis) {
        this.delayMillis = Math.max(0, millis);
    }

    long delay() {
        return delayMillis;
    }

    void send(Shop.WebhookEvent event) {
        long n = accept();
        Instant triggered = Instant.now();
        lanes[lane(event.payload())].execute(() -> {
            try {
                // re-read the delay while waiting: set back to 0, the held webhooks go out at once, in lane order
                for (long wait; (wait = triggered.toEpochMilli() + delayMillis - System.currentTimeMillis()) > 0; ) {
                    Thread.sleep(Math.min(wait, 100));
                }
                byte[] body = JSON.writeValueAsBytes(event.payload());
                String eventId = UUID.randomUUID().toString(); // one per event, whatever the subscriptions
                for (Model.Subscription s : event.to()) {
                    (deliver(event, eventId, s, body, triggered) ? sent : failed).incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            } finally {
                unfinished.remove(n);
            }
        });
    }

    private boolean deliver(
            Shop.WebhookEvent event, String eventId, Model.Subscription s, byte[] body, Instant triggered)
            throws InterruptedException {
        String webhookId = UUID.randomUUID().toString(); // one per delivery, the same on every attempt
        long pause = 1_000;
        for (int attempt = 0; ; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(s.address()))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .header("X-Shopify-Topic", event.topic())
                        .header("X-Shopify-Hmac-Sha256", hmac(event.secret(), body))
                        .header("X-Shopify-Shop-Domain", event.shop().domain)
                        .header("X-Shopify-API-Version", "2026-10")
                        .header("X-Shopify-Webhook-Id", webhookId)
                        .header("X-Shopify-Event-Id", eventId)
                        .header("X-Shopify-Triggered-At", triggered.toString())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // no answer: retried like a 5xx
            }
            if (attempt == RETRIES || closed) {
                return false;
            }
            retried.incrementAndGet();
            Thread.sleep(pause);
            pause *= 2;
        }
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
