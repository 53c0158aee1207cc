package io.atpsync.emulator;

/** Shopify plans and their GraphQL Admin leaky bucket (points restored per second, bucket size). */
public enum Plan {
    STANDARD(100, 2_000),
    ADVANCED(200, 4_000),
    PLUS(1_000, 20_000);

    final double restoreRate;
    final double maximumAvailable;

    Plan(double restoreRate, double maximumAvailable) {
        this.restoreRate = restoreRate;
        this.maximumAvailable = maximumAvailable;
    }
}
