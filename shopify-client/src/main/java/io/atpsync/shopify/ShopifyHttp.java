package io.atpsync.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The HTTP edge: one Admin GraphQL POST, or one token request. No retries here: the caller decides. */
public class ShopifyHttp {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    public static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, parsed body (an empty object when not JSON), Retry-After in ms or -1. */
    /** The shop refused the client-credentials grant (4xx): a wrong client id or secret, not a fault to retry. */
    public static final class GrantRefused extends IOException {
        GrantRefused(String message) {
            super(message);
        }
    }

    /**
     * An answer. {@code apiVersion} is Shopify's {@code X-Shopify-API-Version} header (the version that served the
     * call), {@code deprecatedReason} its {@code X-Shopify-API-Deprecated-Reason} header (the deprecated fields the
     * call used); either may be null.
     */
    public record Reply(int status, JsonNode body, long retryAfterMillis, String apiVersion, String deprecatedReason) {}

    private final OkHttpClient http;

    public ShopifyHttp(Duration timeout) {
        this.http = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .retryOnConnectionFailure(false)
                .build();
    }

    /** POSTs a GraphQL request; an IOException means no (complete) response arrived. */
    public Reply graphql(String url, String token, Map<String, Object> request) throws IOException {
        Request r = new Request.Builder()
                .url(url)
                .header("X-Shopify-Access-Token", token)
                .post(RequestBody.create(JSON.writeValueAsBytes(request), JSON_TYPE))
                .build();
        return send(r);
    }

    /** The client-credentials grant: a fresh access token, or an IOException naming the status. */
    public String token(String url, String clientId, String clientSecret) throws IOException {
        Map<String, String> grant =
                Map.of("client_id", clientId, "client_secret", clientSecret, "grant_type", "client_credentials");
        Reply reply = send(new Request.Builder()
                .url(url)
                .post(RequestBody.create(JSON.writeValueAsBytes(grant), JSON_TYPE))
                .build());
        if (reply.status() / 100 == 4) {
            throw new GrantRefused("the client-credentials grant was refused (HTTP " + reply.status() + ")");
        }
        if (reply.status() != 200 || !reply.body().hasNonNull("access_token")) {
            throw new IOException("the client-credentials grant answered HTTP " + reply.status());
        }
        return reply.body().get("access_token").asText();
    }

    /** Downloads {@code url} without credentials (a bulk operation's signed result URL) to {@code to}. */
    public void download(String url, java.nio.file.Path to) throws IOException {
        try (Response response =
                slow().newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.code() != 200) {
                throw new IOException("downloading the bulk result answered HTTP " + response.code());
            }
            try (java.io.InputStream in = response.body().byteStream()) {
                java.nio.file.Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Posts {@code file} as a multipart form to a staged upload target, its {@code parameters} first and the file last
     * (as the storage bucket behind {@code stagedUploadsCreate} expects), without credentials.
     */
    public void upload(String url, java.util.List<Map.Entry<String, String>> parameters, java.nio.file.Path file)
            throws IOException {
        okhttp3.MultipartBody.Builder form = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM);
        String mime = "text/jsonl";
        for (Map.Entry<String, String> p : parameters) {
            form.addFormDataPart(p.getKey(), p.getValue());
            if (p.getKey().equals("Content-Type")) {
                mime = p.getValue();
            }
        }
        form.addFormDataPart(
                "file", file.getFileName().toString(), RequestBody.create(file.toFile(), MediaType.get(mime)));
        try (Response response = slow().newCall(
                        new Request.Builder().url(url).post(form.build()).build())
                .execute()) {
            if (response.code() / 100 != 2) {
                String body = response.body().string();
                throw new IOException("the staged upload answered HTTP " + response.code() + ": "
                        + (body.length() > 200 ? body.substring(0, 200) : body));
            }
        }
    }

    /** The client for files (a bulk result, a staged upload): minutes per read or write, half an hour a call. */
    private OkHttpClient slow() {
        return http.newBuilder()
                .readTimeout(java.time.Duration.ofMinutes(5))
                .writeTimeout(java.time.Duration.ofMinutes(5))
                .callTimeout(java.time.Duration.ofMinutes(30))
                .build();
    }

    private Reply send(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            JsonNode body;
            try {
                body = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException notJson) {
                body = JSON.createObjectNode().put("errors", text.length() > 200 ? text.substring(0, 200) : text);
            }
            String retryAfter = response.header("Retry-After");
            long retryMillis = -1;
            if (retryAfter != null) {
                try {
                    retryMillis = (long) (Double.parseDouble(retryAfter) * 1000);
                } catch (NumberFormatException ignored) {
                    // an HTTP date: fall back to our own backoff
                }
            }
            return new Reply(
                    response.code(),
                    body,
                    retryMillis,
                    response.header("X-Shopify-API-Version"),
                    response.header("X-Shopify-API-Deprecated-Reason"));
        } catch (InterruptedIOException timeout) {
            throw new IOException("timeout after " + http.readTimeoutMillis() + " ms", timeout);
        }
    }
}
