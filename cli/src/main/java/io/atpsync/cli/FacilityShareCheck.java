package io.atpsync.cli;

import io.atpsync.schemas.FacilityShare;
import io.atpsync.streams.atp.ShopSplit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A facility-shares file taken with the shares already published: each facility's shares, old and new together, must
 * hold ({@link ShopSplit#violations}): percentages up to 100, at most one remainder shop, a percent or units.
 */
final class FacilityShareCheck {

    private FacilityShareCheck() {}

    /** {@code NAME: facility F: reason} per problem; empty when the file may be published. */
    static List<String> problems(String name, List<FacilityShare> rows, Collection<FacilityShare> published) {
        Map<String, Map<String, ShopSplit.Share>> byFacility = new TreeMap<>();
        for (List<FacilityShare> source : List.of(List.copyOf(published), rows)) {
            for (FacilityShare s : source) {
                byFacility
                        .computeIfAbsent(s.getFacilityId(), f -> new TreeMap<>())
                        .put(s.getShop(), new ShopSplit.Share(s.getShop(), s.getPercent(), s.getUnits()));
            }
        }
        List<String> problems = new ArrayList<>();
        byFacility.forEach((facility, shares) -> ShopSplit.violations(List.copyOf(shares.values()))
                .forEach(v ->
                        problems.add(name + ": facility " + facility + " (with the shares already published): " + v)));
        return problems;
    }
}
