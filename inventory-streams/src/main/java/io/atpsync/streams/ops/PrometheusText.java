package io.atpsync.streams.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/** Just enough of the Prometheus text format to combine a metric's samples across their labels. */
final class PrometheusText {

    /** One sample line: its metric name (labels dropped) and value. */
    record Sample(String name, double value) {}

    private PrometheusText() {}

    /** Every sample of the text; comments, blank lines and unparsable values are skipped. */
    static List<Sample> samples(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int close = brace >= 0 ? line.indexOf('}', brace) : -1;
            int space = brace >= 0 ? (close < 0 ? -1 : line.indexOf(' ', close)) : line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            try {
                double value =
                        Double.parseDouble(line.substring(space + 1).trim().split(" ")[0]);
                if (!Double.isNaN(value)) {
                    samples.add(new Sample(line.substring(0, brace >= 0 ? brace : space), value));
                }
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return samples;
    }

    /** The sum of the samples whose name ends with {@code suffix}; null when there is none. */
    static Double sum(List<Sample> samples, String suffix) {
        return combine(samples, suffix, Double::sum);
    }

    /** The largest sample whose name ends with {@code suffix}; null when there is none. */
    static Double max(List<Sample> samples, String suffix) {
        return combine(samples, suffix, Math::max);
    }

    /** The mean of the samples whose name ends with {@code suffix}; null when there is none. */
    static Double mean(List<Sample> samples, String suffix) {
        long n = samples.stream().filter(s -> s.name().endsWith(suffix)).count();
        Double sum = sum(samples, suffix);
        return sum == null ? null : sum / n;
    }

    private static Double combine(List<Sample> samples, String suffix, DoubleBinaryOperator op) {
        Double result = null;
        for (Sample s : samples) {
            if (s.name().endsWith(suffix)) {
                result = result == null ? s.value() : op.applyAsDouble(result, s.value());
            }
        }
        return result;
    }
}
