package io.atpsync.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atp-sync atp SKU}: the online ATP of a SKU at every location, with every term that made it. */
@Command(
        name = "atp",
        mixinStandardHelpOptions = true,
        description =
                "Show a SKU's online ATP per Shopify location with its breakdown (asks any Streams app instance).")
final class AtpCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SKU", description = "The SKU (case-sensitive).")
    String sku;

    @Option(
            names = {"-l", "--location"},
            description = "Only this Shopify location (gid).")
    String location;

    @Option(
            names = {"--streams-url", "--url"},
            defaultValue = "${env:ATP_SYNC_STREAMS_URL:-http://127.0.0.1:18085}",
            description = "A Streams app instance (env ATP_SYNC_STREAMS_URL). Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--json", description = "Print the raw JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String target = url + "/atp/" + URLEncoder.encode(sku, StandardCharsets.UTF_8)
                + (location == null ? "" : "?location=" + URLEncoder.encode(location, StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(target))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no Streams app answers at " + url + " (" + e.getMessage()
                    + "); start it with ./atp-sync local up or pass --url");
        }
        if (r.statusCode() != 200) {
            String error = JSON.readTree(r.body()).path("error").asText(r.body());
            spec.commandLine().getErr().println(sku + ": " + error);
            return r.statusCode() == 404 ? 4 : 1;
        }
        if (json) {
            out.println(r.body());
            return 0;
        }
        List<Map<String, Object>> locations = JSON.readValue(r.body(), new TypeReference<>() {});
        for (Map<String, Object> a : locations) {
            print(out, a);
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> a) {
        if ("on_hand".equals(a.get("published"))) {
            out.printf(
                    "%s at %s (%s): published: on_hand %s (the store's quantity on hand; Shopify subtracts its own"
                            + " orders)%n",
                    a.get("sku"), a.get("shopifyLocationId"), a.get("shop"), a.get("onlineAtp"));
        } else {
            out.printf(
                    "%s at %s (%s): online ATP %s%n",
                    a.get("sku"), a.get("shopifyLocationId"), a.get("shop"), a.get("onlineAtp"));
        }
        out.printf(
                "  = max(0, contributed %s - threshold %s - queue %s)   updated %s by %s%n",
                a.get("contributed"), a.get("threshold"), a.get("queue"), a.get("updatedAt"), a.get("cause"));
        if (a.get("incoming") instanceof Number n && n.longValue() > 0) {
            out.printf("  incoming: %s unit(s) on inbound shipments (not counted)%n", n);
        }
        out.printf(
                "  Shopify should show %s (online ATP - %s pending "
                        + "Shopify order unit(s)); Shopify last reported %s%s%n",
                a.get("target"),
                a.get("pendingShopifyOrders"),
                a.get("shopifyAvailable") == null
                        ? "nothing yet"
                        : a.get("shopifyAvailable") + " at " + a.get("shopifyUpdatedAt"),
                a.get("inventoryItemId") == null
                        ? "; NOT in the Shopify catalog: variances are held (GET /unmapped)"
                        : "");
        out.printf(
                "  %-20s %8s %8s %8s %12s  %s%n",
                "FACILITY", "QOH", "ATP", "SAFETY", "CONTRIBUTION", "EXCLUDED BECAUSE");
        for (Map<String, Object> f : (List<Map<String, Object>>) a.get("facilities")) {
            out.printf(
                    "  %-20s %8s %8s %8s %12s  %s%n",
                    f.get("facilityId"),
                    f.get("qoh"),
                    f.get("atp"),
                    f.get("safetyStock"),
                    f.get("contribution"),
                    f.get("excludedBecause") == null ? "" : f.get("excludedBecause"));
            if (f.get("share") != null) {
                out.printf(
                        "  %-20s ring-fenced: this shop's share is %s of %s%n", "", f.get("share"), f.get("shareOf"));
            }
        }
        if (a.get("kit") instanceof Map<?, ?> kit) {
            out.printf("  kit, limited by %s:%n", kit.get("limitedBy"));
            for (Object o : (List<?>) kit.get("components")) {
                Map<String, Object> c = (Map<String, Object>) o;
                out.printf(
                        "    %-20s %s per kit, online ATP %s -> %s kit(s)%n",
                        c.get("sku"), c.get("quantity"), c.get("onlineAtp"), c.get("kits"));
            }
        }
        if (a.get("scheduled") instanceof List<?> scheduled) {
            for (Object o : scheduled) {
                Map<String, Object> c = (Map<String, Object>) o;
                out.printf(
                        "  scheduled: %s at %s on %s (qohDiff %s, atpDiff %s%s), not counted until then%n",
                        c.get("type"),
                        c.get("facilityId"),
                        c.get("effectiveAt"),
                        c.get("qohDiff"),
                        c.get("atpDiff"),
                        c.get("setQoh") == null ? "" : ", setQoh " + c.get("setQoh"));
            }
        }
        out.println();
    }
}
