package io.atpsync.streams.api;

import io.atpsync.schemas.FacilityContribution;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.streams.atp.KitAtp;
import io.atpsync.streams.state.ScheduledChange;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.Variance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.kstream.Windowed;

/** The JSON shape of an online ATP breakdown, as the REST API and the CLI show it. */
final class OnlineAtpJson {

    private OnlineAtpJson() {}

    /** {@code a} with {@code facilities}, its breakdown (the stored value has none: see FacilityBreakdown). */
    static Map<String, Object> of(OnlineAtp a, List<FacilityContribution> facilities) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shopifyLocationId", a.getShopifyLocationId());
        m.put("shop", a.getShop());
        m.put("sku", a.getSku());
        m.put("onlineAtp", a.getOnlineAtp());
        m.put("contributed", a.getContributed());
        m.put("threshold", a.getThreshold());
        m.put("queue", a.getQueue());
        m.put("incoming", a.getIncoming());
        m.put("published", a.getPublished() == null ? "available" : a.getPublished());
        m.put("facilities", facilities.stream().map(OnlineAtpJson::facility).toList());
        m.put("updatedAt", a.getUpdatedAt().toString());
        m.put("cause", a.getCause());
        return m;
    }

    /** A variance held for a SKU the catalog does not know yet. */
    static Map<String, Object> held(StoreKeys.HeldVariance h, long units) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shop", h.shop());
        m.put("sku", h.sku());
        m.put("shopifyLocationId", h.location());
        m.put("reason", h.reason());
        m.put("units", units);
        return m;
    }

    /** A kit's components at the location, and the one that limits it; null when the SKU is not a kit. */
    static Map<String, Object> kit(KitAtp kit) {
        if (kit == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("limitedBy", kit.limitedBy());
        m.put(
                "components",
                kit.parts().stream()
                        .map(p -> {
                            Map<String, Object> c = new LinkedHashMap<>();
                            c.put("sku", p.sku());
                            c.put("quantity", p.quantity());
                            c.put("onlineAtp", p.componentAtp());
                            c.put("kits", p.kits());
                            return c;
                        })
                        .toList());
        return m;
    }

    /** A window's summed variance as the history view shows it. */
    static Map<String, Object> variance(Windowed<Variance> key, long units, Long flushedUpTo) {
        Variance v = key.key();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("windowStart", key.window().startTime().toString());
        row.put("windowEnd", key.window().endTime().toString());
        row.put("shop", v.shop());
        row.put("shopifyLocationId", v.location());
        row.put("reason", v.reason());
        row.put("units", units);
        // Pushed once the window has closed and the push processor has flushed past it.
        row.put("pending", flushedUpTo == null || key.window().end() > flushedUpTo);
        return row;
    }

    /** The changes held until their effectiveAt ({@code scheduled}: in no figure above until then). */
    static List<Map<String, Object>> scheduled(List<ScheduledChange> changes) {
        return changes.stream().map(OnlineAtpJson::scheduled).toList();
    }

    private static Map<String, Object> scheduled(ScheduledChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("facilityId", c.facilityId());
        m.put("eventId", c.eventId());
        m.put("type", c.type());
        m.put("qohDiff", c.qohDiff());
        m.put("atpDiff", c.atpDiff());
        m.put("setQoh", c.setQoh());
        m.put("setAtp", c.setAtp());
        m.put("effectiveAt", Instant.ofEpochMilli(c.effectiveAt()).toString());
        return m;
    }

    private static Map<String, Object> facility(FacilityContribution f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("facilityId", f.getFacilityId());
        m.put("qoh", f.getQoh());
        m.put("atp", f.getAtp());
        m.put("safetyStock", f.getSafetyStock());
        m.put("contribution", f.getContribution());
        m.put("excludedBecause", f.getExcludedBecause());
        if (f.getShare() != null) {
            m.put("share", f.getShare());
            m.put("shareOf", f.getShareOf());
        }
        return m;
    }
}
