package io.atpsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Shopify's staged uploads for bulk mutations: {@code stagedUploadsCreate} with {@code resource:
 * BULK_MUTATION_VARIABLES} answers a target {@code url} and the form {@code parameters} to post with the file; the
 * {@code key} parameter is the {@code stagedUploadPath} that {@code bulkOperationRunMutation} then reads. The upload is
 * a multipart/form-data POST of those parameters followed by the {@code file} field, as to Shopify's storage bucket
 * (its answer: 201 with an XML {@code PostResponse}). Only this resource is staged here: the emulator has no media.
 */
final class StagedUploads {

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** The payload of {@code stagedUploadsCreate(input:)}: one target per input, or a userError naming it. */
    synchronized Map<String, Object> create(List<Map<String, Object>> inputs, String baseUrl, String shop) {
        List<Map<String, Object>> targets = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> in = inputs.get(i);
            if (!"BULK_MUTATION_VARIABLES".equals(String.valueOf(in.get("resource")))) {
                errors.add(Map.of(
                        "field",
                        List.of("input", Integer.toString(i), "resource"),
                        "message",
                        "The emulator stages BULK_MUTATION_VARIABLES files only."));
                continue;
            }
            String key = "tmp/" + Gid.number(shopGid(shop)) + "/bulk/" + UUID.randomUUID() + "/"
                    + in.getOrDefault("filename", "bulk_op_vars.jsonl");
            String url = baseUrl + "/staged-uploads/" + shop;
            List<Map<String, String>> parameters = List.of(
                    Map.of("name", "Content-Type", "value", String.valueOf(in.getOrDefault("mimeType", "text/jsonl"))),
                    Map.of("name", "success_action_status", "value", "201"),
                    Map.of("name", "acl", "value", "private"),
                    Map.of("name", "key", "value", key),
                    Map.of("name", "policy", "value", "ZW11bGF0b3I="));
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("url", url);
            target.put("resourceUrl", url + "/" + key);
            target.put("parameters", parameters);
            targets.add(target);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("stagedTargets", errors.isEmpty() ? targets : null);
        payload.put("userErrors", errors);
        return payload;
    }

    /** The staged file at {@code path} (a target's {@code key}), if one was uploaded. */
    synchronized Optional<byte[]> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** {@code /staged-uploads/{shop}}, no credentials (a signed form on Shopify): to the shop's uploads, or 404. */
    static void serve(HttpExchange ex, java.util.function.Function<String, Shop> shops) throws IOException {
        Shop s = shops.apply(ex.getRequestURI().getPath().substring("/staged-uploads/".length()));
        if (s == null) {
            try (ex) {
                reply(ex, 404, "<Error><Code>NoSuchBucket</Code></Error>");
            }
            return;
        }
        s.uploads.upload(ex);
    }

    /** {@code POST /staged-uploads/{shop}}: the form's {@code key} and {@code file} fields, stored. */
    void upload(HttpExchange ex) throws IOException {
        try (ex) {
            String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            int at = type.indexOf("boundary=");
            if (!ex.getRequestMethod().equals("POST") || at < 0) {
                reply(
                        ex,
                        400,
                        "<Error><Code>InvalidArgument</Code><Message>POST multipart/form-data</Message></Error>");
                return;
            }
            String boundary = type.substring(at + "boundary=".length()).replace("\"", "");
            Map<String, byte[]> fields = Multipart.parse(ex.getRequestBody().readAllBytes(), boundary);
            byte[] key = fields.get("key");
            byte[] file = fields.get("file");
            if (key == null || file == null) {
                reply(
                        ex,
                        400,
                        "<Error><Code>InvalidArgument</Code><Message>key and file are required</Message></Error>");
                return;
            }
            String path = new String(key, StandardCharsets.UTF_8);
            synchronized (this) {
                files.put(path, file);
            }
            reply(ex, 201, "<PostResponse><Key>" + path + "</Key></PostResponse>");
        }
    }

    private static void reply(HttpExchange ex, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static String shopGid(String shop) {
        return Gid.of("Shop", Math.abs((long) shop.hashCode()));
    }

    /** A multipart/form-data body's fields by name (RFC 7578), enough for a form post of text fields and one file. */
    static final class Multipart {

        private Multipart() {}

        static Map<String, byte[]> parse(byte[] body, String boundary) {
            Map<String, byte[]> fields = new LinkedHashMap<>();
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int pos = indexOf(body, delimiter, 0);
            while (pos >= 0) {
                int start = pos + delimiter.length;
                if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                    break; // the closing delimiter
                }
                int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
                int next = indexOf(body, delimiter, start);
                if (headersEnd < 0 || next < 0) {
                    break;
                }
                String headers = new String(body, start, headersEnd - start, StandardCharsets.ISO_8859_1);
                int nameAt = headers.indexOf("name=\"");
                if (nameAt >= 0) {
                    String name = headers.substring(nameAt + 6, headers.indexOf('"', nameAt + 6));
                    int contentStart = headersEnd + 4;
                    int contentEnd = next - 2; // the CRLF before the delimiter
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    content.write(body, contentStart, Math.max(0, contentEnd - contentStart));
                    fields.put(name, content.toByteArray());
                }
                pos = next;
            }
            return fields;
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
