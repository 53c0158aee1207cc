package io.atpsync.streams.atp;

/**
 * One facility's share of an online ATP, or why it has none.
 *
 * @param facilityId the facility
 * @param units max(0, atp − safety stock) when included, 0 when excluded
 * @param excludedBecause null when included, else the reason in the retailer's words
 * @param shareOf ring-fencing: what the facility contributes to all shops when {@code units} is one shop's share of it;
 *     null when not split
 * @param share that shop's share in words (null when not split)
 */
public record Contribution(String facilityId, long units, String excludedBecause, Long shareOf, String share) {

    public Contribution(String facilityId, long units, String excludedBecause) {
        this(facilityId, units, excludedBecause, null, null);
    }

    /** This contribution as {@code shop}'s part under {@code split} (itself when the facility is not split). */
    public Contribution shareFor(String shop, ShopSplit split) {
        if (!split.split() || !included()) {
            return this;
        }
        return new Contribution(facilityId, split.partFor(shop, units), null, units, split.describe(shop));
    }

    public boolean included() {
        return excludedBecause == null;
    }
}
