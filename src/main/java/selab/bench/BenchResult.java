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
 * @param matmul DJL's float32 matmul rate on this machine, the yardstick for achieved GFLOP/s
 */
public record BenchResult(
        MachineInfo machine,
        Settings settings,
        ModelResult plain,
        ModelResult se,
        List<LoaderResult> dataPath,
        MatmulProbe.Measurement matmul) {

    public BenchResult {
        dataPath = List.copyOf(dataPath);
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
