package io.atpsync.harness.micro;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link HotPathBenchmarks} with JMH in a forked JVM and returns one row per benchmark and parameter. */
public final class MicroBenchmarks {

    private MicroBenchmarks() {}

    public static Map<String, Object> run(boolean quick, PrintWriter log) throws Exception {
        int warmups = quick ? 2 : 5;
        int measurements = quick ? 3 : 5;
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(HotPathBenchmarks.class.getName())
                        .forks(1)
                        .warmupIterations(warmups)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(measurements)
                        .measurementTime(TimeValue.seconds(1))
                        .shouldFailOnError(true)
                        .build())
                .run();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            String name = r.getParams().getBenchmark();
            row.put("benchmark", name.substring(name.lastIndexOf('.') + 1));
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.put(key, r.getParams().getParam(key));
            }
            row.put("params", params);
            row.put("score", Math.round(r.getPrimaryResult().getScore() * 10) / 10.0);
            double error = r.getPrimaryResult().getScoreError();
            row.put("error", Double.isNaN(error) ? null : Math.round(error * 10) / 10.0);
            row.put("unit", r.getPrimaryResult().getScoreUnit());
            rows.add(row);
            log.printf(
                    "B6: %-18s %-22s %10.1f ± %s %s%n",
                    row.get("benchmark"), params, r.getPrimaryResult().getScore(), row.get("error"), row.get("unit"));
        }
        log.flush();
        Map<String, Object> b6 = new LinkedHashMap<>();
        b6.put("jmh", "1 fork, " + warmups + " × 1 s warm-up, " + measurements + " × 1 s measurement, average time");
        b6.put("results", rows);
        return b6;
    }
}
