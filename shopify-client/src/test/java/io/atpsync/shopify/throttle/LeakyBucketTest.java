package io.atpsync.shopify.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeakyBucketTest {

    @ParameterizedTest(name = "available {0}, cost {1}, {2}ms later → wait {3}ms")
    @CsvSource({
        // Standard plan: bucket 2000, restore 100/s
        "2000, 10,   0,    0",
        "5,    10,   0,    50",
        "0,    100,  0,    1000",
        "0,    100,  500,  500",
        "0,    100,  2000, 0",
        "0,    5000, 0,    20000", // a cost above the bucket waits for a full bucket, not forever
    })
    void shouldWaitForTheMissingPointsAtTheRestoreRate(double available, double cost, long later, long expectedWait) {
        LeakyBucket bucket = new LeakyBucket(2000, 100, 0);
        bucket.observe(2000, available, 100, 0);
        assertThat(bucket.waitMillisFor(cost, later)).isEqualTo(expectedWait);
    }

    @Test
    void shouldNeverRefillAboveTheMaximum() {
        LeakyBucket bucket = new LeakyBucket(2000, 100, 0);
        bucket.observe(2000, 1990, 100, 0);
        assertThat(bucket.availableAt(60_000)).isEqualTo(2000);
    }

    @Test
    void shouldSpendBeforeTheResponseArrives() {
        LeakyBucket bucket = new LeakyBucket(1000, 50, 0);
        bucket.spend(990, 0);
        assertThat(bucket.waitMillisFor(20, 0)).isEqualTo(200);
    }

    @Test
    void shouldRejectANonsenseBucket() {
        assertThatThrownBy(() -> new LeakyBucket(0, 100, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
