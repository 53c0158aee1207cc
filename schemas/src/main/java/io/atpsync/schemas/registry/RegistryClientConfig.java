package io.atpsync.schemas.registry;

import java.time.Duration;
import java.util.Map;

/**
 * Registry settings, with the same names as Confluent's serializers so one configuration serves both.
 *
 * @param url {@code schema.registry.url} (first of a comma-separated list)
 * @param userInfo {@code basic.auth.user.info} ({@code user:password}), or null
 * @param bearerToken {@code bearer.auth.token}, or null
 * @param timeout per request
 */
public record RegistryClientConfig(String url, String userInfo, String bearerToken, Duration timeout) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String TIMEOUT_MS = "schema.registry.request.timeout.ms";

    /** Reads the settings from a Kafka client/serde configuration map. */
    public static RegistryClientConfig from(Map<String, ?> configs) {
        Object url = configs.get(URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(URL + " is required (e.g. http://127.0.0.1:18081)");
        }
        String first = url.toString().split(",")[0].trim();
        String userInfo = configs.get(BASIC_AUTH_USER_INFO) == null
                ? null
                : configs.get(BASIC_AUTH_USER_INFO).toString();
        String token = configs.get(BEARER_AUTH_TOKEN) == null
                ? null
                : configs.get(BEARER_AUTH_TOKEN).toString();
        long timeout = configs.get(TIMEOUT_MS) == null
                ? 10_000
                : Long.parseLong(configs.get(TIMEOUT_MS).toString());
        return new RegistryClientConfig(
                first.endsWith("/") ? first.substring(0, first.length() - 1) : first,
                userInfo,
                token,
                Duration.ofMillis(timeout));
    }

    /** Never prints the credentials. */
    @Override
    public String toString() {
        return "RegistryClientConfig[url=" + url + ", auth="
                + (userInfo != null ? "basic" : bearerToken != null ? "bearer" : "none") + "]";
    }
}
