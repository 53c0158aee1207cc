package io.atpsync.streams.api;

import io.atpsync.schemas.FacilityContribution;
import io.atpsync.schemas.OnlineAtp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        m.put("facilities", facilities.stream().map(OnlineAtpJson::facility).toList());
        m.put("updatedAt", a.getUpdatedAt().toString());
        m.put("cause", a.getCause());
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
        return m;
    }
}
