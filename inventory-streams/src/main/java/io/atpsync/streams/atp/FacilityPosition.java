package io.atpsync.streams.atp;

/**
 * What one facility holds of one SKU, with the settings that decide whether it may sell online.
 *
 * @param facilityId the facility
 * @param qoh quantity on hand
 * @param atp available to promise at the facility
 * @param safetyStock units kept back from online selling (≥ 0)
 * @param sellsOnline the facility's switch: off excludes all its stock
 * @param allowOnline the (SKU, facility) switch: off excludes this SKU there
 */
public record FacilityPosition(
        String facilityId, long qoh, long atp, long safetyStock, boolean sellsOnline, boolean allowOnline) {

    public FacilityPosition {
        if (safetyStock < 0) {
            throw new IllegalArgumentException("safety stock of " + facilityId + " must be >= 0, was " + safetyStock);
        }
    }
}
