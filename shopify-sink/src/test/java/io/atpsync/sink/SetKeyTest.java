package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetKeyTest {

    @Test
    void shouldReuseAKeyForTheSameReadAndNeverTheOneShopifySaidFailed() {
        String first = IdempotencyKeys.setKey("app-e0-i00000001-p0-7", "{item=4}", 0);

        assertThat(IdempotencyKeys.setKey("app-e0-i00000001-p0-7", "{item=4}", 0))
                .as("a redelivery")
                .isEqualTo(first);
        assertThat(IdempotencyKeys.setKey("app-e0-i00000001-p0-7", "{item=4}", 1))
                .as("after PREVIOUS_ATTEMPT_FAILED")
                .isNotEqualTo(first);
        assertThat(IdempotencyKeys.setKey("app-e0-i00000001-p0-7", "{item=4}", 2))
                .isNotEqualTo(IdempotencyKeys.setKey("app-e0-i00000001-p0-7", "{item=4}", 1));
        assertThat(IdempotencyKeys.setKey("app-e0-i00000001-p0-7", "{item=5}", 0))
                .as("another read")
                .isNotEqualTo(first);
        assertThat(first).startsWith("app-e0-i00000001-p0-7/");
    }
}
