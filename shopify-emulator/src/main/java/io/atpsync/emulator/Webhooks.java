package io.atpsync.emulator;

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

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends webhooks as Shopify does: JSON body, {@code X-Shopify-Hmac-Sha256} = base64 HMAC-SHA256 of
 * the raw body with the app's secret, and the usual {@code X-Shopify-*} headers. Fire and forget.
 */
final class Webhooks implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emulator-webhooks");
        t.setDaemon(true);
        return t;
    });
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Events accepted and not delivered (or given up) yet: webhooks lag behind the changes that caused them. */
    final AtomicLong queued = new AtomicLong();

    java.util.Map<String, Object> view() {
        return java.util.Map.of("queued", queued.get(), "sent", sent.get(), "failed", failed.get());
    }

    void send(Shop.WebhookEvent event) {
        queued.incrementAndGet();
        executor.execute(() -> {
            try {
                byte[] body = JSON.writeValueAsBytes(event.payload());
                for (Model.Subscription s : event.to()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(s.address())).timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .header("X-Shopify-Topic", event.topic())
                            .header("X-Shopify-Hmac-Sha256", hmac(event.secret(), body))
                            .header("X-Shopify-Shop-Domain", event.shop().domain)
                            .header("X-Shopify-API-Version", "2026-10")
                            .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                            .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                            .header("X-Shopify-Triggered-At", Instant.now().toString())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                    (r.statusCode() / 100 == 2 ? sent : failed).incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            } finally {
                queued.decrementAndGet();
            }
        });
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
        executor.shutdownNow();
    }
}
