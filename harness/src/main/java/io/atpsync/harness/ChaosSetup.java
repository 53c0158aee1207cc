package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.cli.OneTransaction;
import io.atpsync.harness.chaos.ChaosSteps;
import io.atpsync.harness.chaos.ChaosWorkload;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.Topics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A chaos scenario's shop: its locations and products in the emulator, their configuration on the topics. */
final class ChaosSetup {

    private final ChaosScenario s;

    ChaosSetup(ChaosScenario s) {
        this.s = s;
    }

    // ---- set-up ------------------------------------------------------------------------------------

    String location(String name) throws Exception {
        return s.emulator.post("/locations", Map.of("name", name)).path("id").asText();
    }

    Map<String, String> products(ChaosWorkload w, ChaosSteps.Locations l) throws Exception {
        Map<String, Object> stock = new LinkedHashMap<>();
        for (String name : List.of(" store 1", " store 2", " online")) {
            stock.put(s.kind.name() + name, 0);
        }
        Map<String, String> items = new HashMap<>();
        for (int from = 0; from < w.skus.size(); from += 100) {
            for (JsonNode v : s.emulator.post(
                    "/products",
                    Map.of(
                            "title",
                            s.kind.name() + " product " + from,
                            "skus",
                            w.skus.subList(from, Math.min(w.skus.size(), from + 100)),
                            "stock",
                            stock))) {
                items.put(v.path("sku").asText(), v.path("inventoryItemId").asText());
            }
        }
        return items;
    }

    void publishConfig(ChaosWorkload w, ChaosSteps.Locations l, Map<String, String> items) throws Exception {
        Topics t = Topics.DEFAULT;
        OneTransaction.publish(s.client(), s -> {
            s.send(t.facilities(), new Facility(w.f1, "store 1", "STORE", true));
            s.send(t.facilities(), new Facility(w.f2, "store 2", "STORE", true));
            s.send(t.facilities(), new Facility(w.warehouse, "warehouse", "WAREHOUSE", true));
            s.send(t.facilities(), new Facility(w.offline, "back room (not online)", "STORE", false));
            s.send(t.facilities(), new Facility(w.queue, "order queue", "QUEUE", false));
            w.productSettings.forEach(ps -> s.send(
                    t.productFacility(),
                    new ProductFacility(ps.sku(), ps.facility(), ps.safetyStock(), ps.allowOnline())));
            w.thresholds.forEach(
                    th -> s.send(t.thresholds(), new ProductThreshold(th.sku(), th.location(), th.threshold())));
            s.send(
                    t.locationMappings(),
                    new LocationMapping(l.store1(), ChaosScenario.SHOP, List.of(w.f1), null, null));
            s.send(
                    t.locationMappings(),
                    new LocationMapping(l.store2(), ChaosScenario.SHOP, List.of(w.f2), null, null));
            s.send(
                    t.locationMappings(),
                    new LocationMapping(
                            l.online(),
                            ChaosScenario.SHOP,
                            List.of(w.warehouse, w.f1, w.f2, w.offline),
                            w.queue,
                            null));
            items.forEach(
                    (sku, item) -> s.send(t.catalog(), new CatalogItem(ChaosScenario.SHOP, sku, item, null, null)));
            return 0;
        });
        Thread.sleep(3_000); // config reaches every task before the events
    }
}
