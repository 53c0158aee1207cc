package io.atpsync.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atpsync.cli.DemoFeed;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.local.LocalStackConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chaos suite's secrets: the sink on client credentials, and a scan of every log and /metrics for leaks. */
final class StackSecrets {

    private StackSecrets() {}

    /**
     * The sink gets a client-credentials app instead of the demo's static token, as production shops do: its tokens
     * expire (R4 expires them) and the sink fetches a new one.
     */
    static void clientCredentials(LocalStackConfig config, String secret, PrintWriter log) throws Exception {
        if (config.emulator() == null) {
            return;
        }
        new EmulatorAdmin(config.emulator().url())
                .shop(DemoFeed.SHOP)
                .post(
                        "/clients",
                        Map.of(
                                "clientId",
                                ChaosCommand.CHAOS_CLIENT_ID,
                                "secret",
                                secret,
                                "scopes",
                                List.of(
                                        "read_inventory",
                                        "write_inventory",
                                        "read_merchant_managed_fulfillment_orders"),
                                "ttlSeconds",
                                86_400));
        ObjectNode c = (ObjectNode) ChaosCommand.JSON.readTree(config.connect().get("/connectors/shopify-sink/config"));
        c.remove("shopify.access.token");
        c.put("shopify.client.id", ChaosCommand.CHAOS_CLIENT_ID);
        c.put("shopify.client.secret", secret);
        config.connect().put("/connectors/shopify-sink/config", ChaosCommand.JSON.writeValueAsString(c));
        Thread.sleep(5_000); // the task restarts with the new config
        log.println("sink connector switched to the client-credentials grant (client " + ChaosCommand.CHAOS_CLIENT_ID
                + ")");
        log.flush();
    }

    /**
     * Every log the stack's processes wrote and both /metrics outputs, searched for the sink's secrets and the webhook
     * secret.
     */
    static Map<String, Object> scan(LocalStackConfig config, List<String> secrets) throws Exception {
        List<String> leaks = new ArrayList<>();
        int logs = 0;
        try (var files = Files.walk(config.home())) {
            // process logs only: the broker's data segments are *.log too, and Connect keeps connector configs (the
            // client
            // secret included) in its config topic in plain text unless a config provider is used (deploy/ uses one)
            Path data = config.home().resolve("broker").resolve("data");
            for (Path f : files.filter(p -> p.toString().endsWith(".log") && !p.startsWith(data))
                    .toList()) {
                logs++;
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                secrets.stream()
                        .filter(text::contains)
                        .forEach(x -> leaks.add(config.home().relativize(f) + " contains a secret"));
            }
        }
        for (String url :
                List.of(config.streams().url() + "/metrics", config.connect().restUrl() + "/metrics")) {
            String text = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            secrets.stream().filter(text::contains).forEach(x -> leaks.add(url + " contains a secret"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logsScanned", logs);
        m.put("metricOutputsScanned", 2);
        m.put("leaks", leaks);
        return m;
    }
}
