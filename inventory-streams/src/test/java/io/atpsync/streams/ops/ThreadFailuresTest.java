package io.atpsync.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadFailuresTest {

    static Throwable failure(String kind) {
        switch (kind) {
            case "fenced-instance-in-commit": // what full-size chaos R3 saw after a broker restart
                return new StreamsException(
                        "Error encountered trying to add offsets to a transaction",
                        new FencedInstanceIdException("The broker rejected this static consumer"));
            case "producer-fenced":
                return new StreamsException("commit failed", new ProducerFencedException("fenced"));
            case "timeout":
                return new StreamsException(new TimeoutException("Expiring 3 record(s)"));
            case "bad-record":
                return new StreamsException(
                        "Deserialization exception handler is set to fail",
                        new SerializationException("unknown magic byte"));
            case "bug":
                return new IllegalStateException("a store was not found");
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "fenced-instance-in-commit, REPLACE_THREAD",
        "producer-fenced,           REPLACE_THREAD",
        "timeout,                   REPLACE_THREAD",
        "bad-record,                SHUTDOWN_CLIENT",
        "bug,                       SHUTDOWN_CLIENT",
    })
    void shouldReplaceAThreadOnlyForWhatANewThreadGetsPast(String kind, ThreadFailures.Response expected) {
        assertThat(new ThreadFailures(10, 600_000).onFailure(failure(kind), 0)).isEqualTo(expected);
    }

    @Test
    void shouldShutDownWhenReplacementsKeepComingAndAllowThemAgainAfterTheWindow() {
        ThreadFailures f = new ThreadFailures(3, 60_000);
        Throwable fenced = failure("fenced-instance-in-commit");
        assertThat(f.onFailure(fenced, 0)).isEqualTo(ThreadFailures.Response.REPLACE_THREAD);
        assertThat(f.onFailure(fenced, 10_000)).isEqualTo(ThreadFailures.Response.REPLACE_THREAD);
        assertThat(f.onFailure(fenced, 20_000)).isEqualTo(ThreadFailures.Response.REPLACE_THREAD);
        assertThat(f.onFailure(fenced, 30_000))
                .as("a fourth within a minute: not passing")
                .isEqualTo(ThreadFailures.Response.SHUTDOWN_CLIENT);
        assertThat(f.onFailure(fenced, 61_000))
                .as("the first has left the window")
                .isEqualTo(ThreadFailures.Response.REPLACE_THREAD);
    }
}
