package selab.bench;

import java.util.List;

/**
 * Everything one {@code selab bench} run measured.
 *
 * @param machine where and with what it ran
 * @param settings what was asked for
 * @param plain the plain ResNet's throughput
 * @param se the SE-ResNet's throughput
 * @param dataPath the data loaders' epochs
 * @param matmul DJL's float32 matmul rate on this machine, the yardstick for achieved GFLOP/s, measured
 *     at the start of every round (so the i-th entry is paired with the i-th round's step times)
 */
public record BenchResult(
        MachineInfo machine,
        Settings settings,
        ModelResult plain,
        ModelResult se,
        List<LoaderResult> dataPath,
        List<MatmulProbe.Measurement> matmul) {

    public BenchResult {
        dataPath = List.copyOf(dataPath);
        matmul = List.copyOf(matmul);
        if (matmul.isEmpty()) {
            throw new IllegalArgumentException("a benchmark result needs at least one matmul measurement");
        }
    }

    /** Median over rounds of the matmul rate. */
    public double matmulGflops() {
        return Median.of(matmul.stream().map(MatmulProbe.Measurement::gflops).toList());
    }

    /**
     * A training run's achieved GFLOP/s as % of the matmul rate: per round, {@code m}'s GFLOP/s over the
     * matmul GFLOP/s measured at that round's start, then the median over rounds.
     *
     * @param stepSeconds per-round step times of {@code m} (selab's or the peer's)
     */
    public java.util.OptionalDouble percentOfMatmul(ModelResult m, List<Double> stepSeconds) {
        int n = Math.min(stepSeconds.size(), matmul.size());
        if (n == 0) {
            return java.util.OptionalDouble.empty();
        }
        List<Double> percents = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            percents.add(100 * m.flopsPerStep() / stepSeconds.get(i) / 1e9 / matmul.get(i).gflops());
        }
        return java.util.OptionalDouble.of(Median.of(percents));
    }

    /**
     * @param threads intra-op threads asked for (both frameworks)
     * @param imageShape e.g. {@code 1x28x28}
     * @param augment the training augmentation of selab's batches
     * @param examples images in the synthetic split
     * @param rounds alternations selab, PyTorch, selab, PyTorch …
     * @param dataEpochs timed epochs per data loader
     */
    public record Settings(int threads, int batch, String imageShape, int classes, String augment, int examples,
            int warmup, int steps, int rounds, int dataEpochs, boolean quick) {}

    /** SE-ResNet's extra step time over the plain ResNet in selab, in % (see {@link ModelResult#overheadPercent}). */
    public java.util.OptionalDouble selabSeOverheadPercent() {
        return ModelResult.overheadPercent(plain.selabStepSeconds(), se.selabStepSeconds());
    }

    /** The same in the PyTorch peer; empty without peer numbers. */
    public java.util.OptionalDouble peerSeOverheadPercent() {
        return ModelResult.overheadPercent(plain.peerStepSeconds(), se.peerStepSeconds());
    }
}
