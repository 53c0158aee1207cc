package io.atpsync.streams.topology;

import io.atpsync.streams.config.Settings;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Rebuild mode of one task of the online ATP processor: state is recomputed from history without pushing variances
 * Shopify already got; at the end offset seen at start ({@link Settings#rebuildUntil()}) the task hands over to a hard
 * sync of everything it holds ({@link RebuildCaughtUp}).
 */
final class RebuildMode {

    private final ProcessorContext<String, Object> context;
    private final String eventsTopic;

    /** The end offset to reach before pushing variances again; -1 = not rebuilding. */
    private long until;

    RebuildMode(ProcessorContext<String, Object> context, Settings settings, String eventsTopic) {
        this.context = context;
        this.eventsTopic = eventsTopic;
        Long end = settings.rebuildUntil().get(context.taskId().partition());
        until = end == null ? -1 : end;
        if (until == 0) {
            // Nothing to rebuild on this partition: hand over at once (one punctuation, then it does nothing).
            until = -1;
            boolean[] done = {false};
            context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, t -> {
                if (!done[0]) {
                    done[0] = true;
                    context.forward(new Record<String, Object>("", new RebuildCaughtUp(), t));
                }
            });
        }
    }

    /** Whether the task is still replaying history (its variances are not pushed). */
    boolean active() {
        return until >= 0;
    }

    /** After each input while active: at the end offset, hands over (that record is history too). */
    void processed(Record<String, ?> record) {
        if (until < 0) {
            return;
        }
        context.recordMetadata().filter(m -> m.topic().equals(eventsTopic)).ifPresent(m -> {
            if (m.offset() >= until - 1) {
                until = -1;
                context.forward(new Record<String, Object>(record.key(), new RebuildCaughtUp(), record.timestamp()));
            }
        });
    }
}
