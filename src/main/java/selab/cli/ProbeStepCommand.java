package selab.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import selab.bench.BenchData;
import selab.bench.DjlStepBench;
import selab.bench.Median;
import selab.data.DataSource;
import selab.model.Architecture;
import selab.model.Geometry;
import selab.plan.Variant;
import selab.spec.RunConfig;
import selab.train.DevicePreference;
import selab.train.Devices;
import selab.train.EngineThreads;

/**
 * {@code selab probe-step SPEC} (hidden; used by {@code run --workers auto}): times training steps of the spec's
 * first run's network on random images of its input size for a few seconds (at least 5 steps), and prints {@value #PREFIX} and its images per second.
 */
@Command(name = "probe-step", hidden = true, description = "Time training steps of a spec's first run (for --workers auto).")
final class ProbeStepCommand implements Callable<Integer> {
    static final String PREFIX = "probe-step images/s: ";
    /** Printed after the warm-up; the probe then waits for a line on stdin, so probes started together time together. */
    static final String READY = "probe-step ready";
    private static final long SEED = 0;

    @Parameters(paramLabel = "SPEC")
    Path spec;

    @Option(names = "--threads", required = true)
    int threads;

    @Option(names = "--seconds", defaultValue = "4")
    double seconds;

    @Option(names = "--device", parameterConsumer = ChoiceOption.class)
    DevicePreference device;

    @Override
    public Integer call() throws java.io.IOException {
        Specs.Loaded loaded = Specs.load(spec);
        RunConfig cfg = loaded.plan().distinctRuns().stream().map(Variant::config).findFirst()
                .orElseThrow(() -> new UserError(spec + ": plans no runs"));
        Geometry g = DataSource.of(cfg.data().source()).expectedGeometry(cfg.data(), Architecture.of(cfg.model().arch()));
        Device d = Devices.choose(device != null ? device : loaded.spec().device());
        EngineThreads.apply(threads);
        int batch = cfg.recipe().batchSize();
        try (NDManager m = NDManager.newBaseManager(d);
                BenchData data = new BenchData(4 * batch, g, cfg.data().augment(), SEED, m);
                DjlStepBench bench = new DjlStepBench(cfg.model(), g, data.source(), cfg.recipe(), SEED, m)) {
            bench.timeSteps(3, 0); // warm-up: allocator, kernels' first calls
            System.out.println(READY);
            System.out.flush();
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                    .readLine(); // "go", or end of input
            List<Double> steps = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (steps.size() < 5 || System.nanoTime() < end) {
                steps.addAll(bench.timeSteps(0, 1));
            }
            System.out.printf(Locale.ROOT, "%s%.1f%n", PREFIX, batch / Median.of(steps));
        }
        return 0;
    }
}
