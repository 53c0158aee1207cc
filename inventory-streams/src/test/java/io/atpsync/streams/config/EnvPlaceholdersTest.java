package io.atpsync.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One settings file for every pod of the StatefulSet: {@code ${env:NAME}} takes each pod's own values. */
class EnvPlaceholdersTest {

    private static final Map<String, String> ENV = Map.of("POD_NAME", "atp-sync-streams-2", "SECRET", "s3cr$t\\x");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "${env:POD_NAME}|atp-sync-streams-2",
                "${env:POD_NAME}.atp-sync-streams|atp-sync-streams-2.atp-sync-streams",
                "a-${env:POD_NAME}-b-${env:POD_NAME}|a-atp-sync-streams-2-b-atp-sync-streams-2",
                "${env:SECRET}|s3cr$t\\x", // $ and \\ in a value stay as they are
                "plain|plain",
                "${POD_NAME}|${POD_NAME}", // not the env: syntax: left alone
            })
    void shouldPutEachPodsOwnValues(String value, String resolved) {
        assertThat(EnvPlaceholders.resolve(Map.of("k", value), ENV::get)).containsEntry("k", resolved);
    }

    @ParameterizedTest
    @CsvSource({"main.consumer.group.instance.id, ${env:HOSTNAME_TYPO}"})
    void shouldStopNamingTheSettingAndTheVariableButNoValue(String key, String value) {
        assertThatThrownBy(() ->
                        EnvPlaceholders.resolve(Map.of(key, value, "atpsync.admin.token", "${env:SECRET}"), ENV::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("HOSTNAME_TYPO")
                .hasMessageNotContaining("s3cr");
    }
}
