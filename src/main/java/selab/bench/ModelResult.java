package selab.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One network's training throughput in selab and in the PyTorch peer, round by round.
 *
 * @param name e.g. {@code resnet-20}
 * @param batch images per step
 * @param params selab's trainable parameter count
 * @param peerParams the peer's count (null without a peer); equal counts confirm both built the same net
 * @param macsPerImage forward multiply-adds of one image ({@code Profiler})
 * @param selabStepSeconds per round, the median wall seconds of selab's timed steps
 * @param peerStepSeconds per round, the peer's median step seconds (empty without a peer; the i-th entry
 *     was measured right after the i-th selab entry)
 * @param peerNote why there are no (or fewer) peer numbers; empty when all rounds have one
 * @param peerThreads intra-op threads the peer's torch reported (null without a peer)
 * @param selabPhases selab's step split into phases (null unless asked for)
 * @param peerPhases the peer's step split into phases (null unless asked for, or without a peer)
 */
public record ModelResult(
        String name,
        int batch,
        long params,
        Long peerParams,
        long macsPerImage,
        List<Double> selabStepSeconds,
        List<Double> peerStepSeconds,
        String peerNote,
        Integer peerThreads,
        StepPhases selabPhases,
        StepPhases peerPhases) {

    public ModelResult {
        selabStepSeconds = List.copyOf(selabStepSeconds);
        peerStepSeconds = List.copyOf(peerStepSeconds);
        peerNote = peerNote == null ? "" : peerNote;
    }

    public double selabImagesPerSecond() {
        return batch / Median.of(selabStepSeconds);
    }

    public OptionalDouble peerImagesPerSecond() {
        return peerStepSeconds.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(batch / Median.of(peerStepSeconds));
    }

    /**
     * selab's images/s over PyTorch's: the median over rounds of each round's ratio, so that each ratio
     * compares two runs measured back to back.
     */
    public OptionalDouble selabOverPeer() {
        int n = Math.min(selabStepSeconds.size(), peerStepSeconds.size());
        if (n == 0) {
            return OptionalDouble.empty();
        }
        List<Double> ratios = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ratios.add(peerStepSeconds.get(i) / selabStepSeconds.get(i));
        }
        return OptionalDouble.of(Median.of(ratios));
    }

    /** Slowest and fastest round of selab in images/s: {min, max}. */
    public double[] selabRange() {
        return range(selabStepSeconds);
    }

    /** Slowest and fastest round of the peer in images/s; empty array without peer numbers. */
    public double[] peerRange() {
        return peerStepSeconds.isEmpty() ? new double[0] : range(peerStepSeconds);
    }

    private double[] range(List<Double> stepSeconds) {
        double slowest = stepSeconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double fastest = stepSeconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return new double[] {batch / slowest, batch / fastest};
    }

    /** FLOPs of one training step: forward + backward ≈ 3 forwards, 2 FLOPs per multiply-add. */
    public double flopsPerStep() {
        return 3.0 * 2.0 * macsPerImage * batch;
    }

    public double selabGflops() {
        return flopsPerStep() / Median.of(selabStepSeconds) / 1e9;
    }

    public OptionalDouble peerGflops() {
        return peerStepSeconds.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(flopsPerStep() / Median.of(peerStepSeconds) / 1e9);
    }

    /**
     * Extra time per step of {@code withSe} over {@code plain}, in %: the median over rounds of
     * {@code (t_se / t_plain - 1) * 100}, pairing the rounds' step times.
     */
    public static OptionalDouble overheadPercent(List<Double> plain, List<Double> withSe) {
        int n = Math.min(plain.size(), withSe.size());
        if (n == 0) {
            return OptionalDouble.empty();
        }
        List<Double> ratios = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ratios.add(withSe.get(i) / plain.get(i));
        }
        return OptionalDouble.of(100.0 * (Median.of(ratios) - 1));
    }
}
