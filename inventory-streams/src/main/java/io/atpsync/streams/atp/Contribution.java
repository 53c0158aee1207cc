package io.atpsync.streams.atp;

/**
 * One facility's share of an online ATP, or why it has none.
 *
 * @param facilityId the facility
 * @param units max(0, atp − safety stock) when included, 0 when excluded
 * @param excludedBecause null when included, else the reason in the retailer's words
 */
public record Contribution(String facilityId, long units, String excludedBecause) {

    public boolean included() {
        return excludedBecause == null;
    }
}
