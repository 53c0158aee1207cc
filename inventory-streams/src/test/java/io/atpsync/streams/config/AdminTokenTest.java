package io.atpsync.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminTokenTest {

    @ParameterizedTest(name = "token {0}, header {1} -> {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                "null,        Bearer s3cret,  OFF",
                "'',          Bearer s3cret,  OFF",
                "s3cret,      Bearer s3cret,  ALLOWED",
                "s3cret,      bearer s3cret,  ALLOWED",
                "s3cret,      Bearer  s3cret , ALLOWED",
                "s3cret,      Bearer s3cre,   DENIED",
                "s3cret,      Bearer s3cret2, DENIED",
                "s3cret,      s3cret,         DENIED",
                "s3cret,      Basic s3cret,   DENIED",
                "s3cret,      null,           DENIED",
                "s3cret,      Bearer,         DENIED",
            })
    void checksTheBearerToken(String token, String header, AdminToken.Verdict expected) {
        assertThat(new AdminToken(token).check(header)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"s3cret", "another-token"})
    void neverShowsTheToken(String token) {
        assertThat(new AdminToken(token).toString()).doesNotContain(token).contains("hidden");
    }
}
