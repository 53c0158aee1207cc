package io.atpsync.streams.atp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * onlineAtp(L,p) = max(0, Σ contribution(f) − threshold(p,L) − queue(L,p)), where contribution(f) = max(0, atp(f,p) −
 * safetyStock(f,p)) for facilities of L that sell online and allow p online (only L's shop's part of it where the
 * facility is ring-fenced between shops), and queue(L,p) = −atp(queue facility, p), never below 0.
 */
public final class OnlineAtpFormula {

    private OnlineAtpFormula() {}

    /** One facility's contribution, or the reason it is excluded. */
    public static Contribution contribution(FacilityPosition f) {
        if (!f.sellsOnline()) {
            return new Contribution(f.facilityId(), 0, "facility does not sell online");
        }
        if (!f.allowOnline()) {
            return new Contribution(f.facilityId(), 0, "SKU not allowed online at this facility");
        }
        return new Contribution(f.facilityId(), Math.max(0, f.atp() - f.safetyStock()), null);
    }

    /**
     * The breakdown for one (location, SKU).
     *
     * @param facilities the location's facilities holding the SKU
     * @param threshold the effective threshold (≥ 0)
     * @param queueAtp the ATP of the location's queue pseudo-facility (orders not yet allocated; ≤ 0), 0 if none
     */
    public static OnlineAtpBreakdown compute(List<FacilityPosition> facilities, long threshold, long queueAtp) {
        return compute(facilities, threshold, queueAtp, null, f -> ShopSplit.NONE);
    }

    /**
     * What a location that publishes on hand (a 1:1 store running Shopify POS) writes: the quantity on hand of its
     * facilities, never below 0, whatever they sell online; Shopify subtracts its own committed orders from it. Safety
     * stock, thresholds and the queue do not apply.
     */
    public static OnlineAtpBreakdown onHand(List<FacilityPosition> facilities) {
        List<Contribution> contributions = new ArrayList<>(facilities.size());
        long sum = 0;
        for (FacilityPosition f : facilities) {
            long units = Math.max(0, f.qoh());
            contributions.add(new Contribution(f.facilityId(), units, null));
            sum = Math.addExact(sum, units);
        }
        return new OnlineAtpBreakdown(sum, sum, 0, 0, List.copyOf(contributions));
    }

    /**
     * The breakdown for one (location, SKU) of {@code shop}, each facility counting only the shop's part of its
     * contribution where it is ring-fenced ({@link ShopSplit}).
     */
    public static OnlineAtpBreakdown compute(
            List<FacilityPosition> facilities,
            long threshold,
            long queueAtp,
            String shop,
            Function<String, ShopSplit> splits) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be >= 0, was " + threshold);
        }
        List<Contribution> contributions = new ArrayList<>(facilities.size());
        long sum = 0;
        for (FacilityPosition f : facilities) {
            Contribution c = contribution(f).shareFor(shop, splits.apply(f.facilityId()));
            contributions.add(c);
            sum = Math.addExact(sum, c.units());
        }
        long queue = Math.max(0, -queueAtp);
        long online = Math.max(0, sum - threshold - queue);
        return new OnlineAtpBreakdown(online, sum, threshold, queue, List.copyOf(contributions));
    }
}
