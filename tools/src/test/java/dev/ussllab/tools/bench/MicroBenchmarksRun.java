package dev.ussllab.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The short version of the micro-benchmarks for -Plong: in this JVM, one second of warm-up and two
 * of measurement each (~25 s in all), so a regression shows in CI output. .ci/bench runs the full
 * version in forked JVMs.
 */
@Tag("long")
class MicroBenchmarksRun {

    @Test
    void printsOperationsPerSecond() throws Exception {
        Options o = new OptionsBuilder().include(MicroBenchmarks.class.getName()).forks(0)
                .warmupIterations(1).warmupTime(TimeValue.seconds(1))
                .measurementIterations(2).measurementTime(TimeValue.seconds(1)).build();
        Collection<RunResult> results = new Runner(o).run();
        for (RunResult r : results) {
            System.out.printf("%-60s %12.0f ops/s%n", r.getParams().getBenchmark(), r.getPrimaryResult().getScore());
        }
        assertEquals(7, results.size());
    }
}
