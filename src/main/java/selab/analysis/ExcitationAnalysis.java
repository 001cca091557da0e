package selab.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import selab.io.BadInputException;
import selab.model.SeResNet;
import selab.model.SqueezeExcitation;
import selab.data.BatchSource;

/**
 * The paper's "role of excitation" measurement (Hu et al., Section 7.2, Fig. 6): runs a trained network
 * over a whole split in inference mode and averages each SE block's gate vector s per class and over all
 * images. Sums and counts stay on the device and are read once at the end. The network's top-1 error on
 * the split comes along for free, as a check that the right weights were measured.
 *
 * <p>For the NoSqueeze placement the gate is (N,C,H,W); it is first averaged over H and W so that every
 * image contributes one value per channel, like the squeezed variants.
 */
public final class ExcitationAnalysis {

    private ExcitationAnalysis() {}

    /**
     * @param net an initialised SE network (its taps are used during the call and cleared afterwards)
     * @param split the examples, read in order without augmentation
     * @param classes number of classes of the labels (labels are 0..classes-1)
     * @param blockLabels which SE blocks to measure, by label; measured in forward order
     * @param batchSize images per forward pass
     * @param manager parent of the accumulators; nothing is left attached to it
     */
    public static Excitation measure(
            Block net, BatchSource split, int classes, List<String> blockLabels, int batchSize, NDManager manager) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        List<SqueezeExcitation> measured = select(net, blockLabels);
        List<SqueezeExcitation> everySe = SeResNet.seBlocks(net);
        int n = split.size();
        try (NDManager run = manager.newSubManager()) {
            // Shared with the taps: the current batch's one-hot labels, transposed to (K, B).
            NDArray[] labelsT = new NDArray[1];
            List<NDArray> sums = new ArrayList<>();
            for (SqueezeExcitation se : measured) {
                NDArray sum = run.zeros(new Shape(classes, se.channels()), DataType.FLOAT64);
                sums.add(sum);
                se.setTap(s -> sum.addi(labelsT[0].matMul(perImage(s)).toType(DataType.FLOAT64, false)));
            }
            List<NDArray> firing = new ArrayList<>();
            for (SqueezeExcitation se : everySe) {
                NDArray active = run.zeros(new Shape(se.hidden()), DataType.INT64);
                firing.add(active);
                se.setHiddenTap(h -> active.addi(firedPerImage(h).sum(new int[] {0})));
            }
            NDArray counts = run.zeros(new Shape(classes), DataType.FLOAT64);
            NDArray correct = run.zeros(new Shape(), DataType.FLOAT64);
            ParameterStore ps = new ParameterStore(run, false);
            try {
                for (int start = 0; start < n; start += batchSize) {
                    int b = Math.min(batchSize, n - start);
                    long[] idx = new long[b];
                    for (int i = 0; i < b; i++) {
                        idx[i] = start + i;
                    }
                    // Everything a batch creates (the taps' products included) attaches here and dies with it.
                    try (NDManager step = run.newSubManager()) {
                        NDList batch = split.batch(step, idx, false, new Random(0));
                        NDArray oneHot = oneHot(batch.get(1), classes, step);
                        labelsT[0] = oneHot.transpose();
                        counts.addi(oneHot.sum(new int[] {0}).toType(DataType.FLOAT64, false));
                        NDArray logits = net.forward(ps, new NDList(batch.get(0)), false).singletonOrThrow();
                        // Top-1 hits: lets the caller confirm the loaded weights reproduce the recorded error.
                        NDArray hits = logits.argMax(1).eq(batch.get(1).toType(DataType.INT64, false));
                        correct.addi(hits.toType(DataType.FLOAT64, false).sum());
                    }
                }
            } finally {
                for (SqueezeExcitation se : measured) {
                    se.setTap(null);
                }
                for (SqueezeExcitation se : everySe) {
                    se.setHiddenTap(null);
                }
            }
            double[] perClass = counts.toDoubleArray();
            List<BlockExcitation> blocks = new ArrayList<>();
            for (int i = 0; i < measured.size(); i++) {
                blocks.add(means(measured.get(i), sums.get(i).toDoubleArray(), perClass, classes, n));
            }
            List<HiddenUnits> bottlenecks = new ArrayList<>();
            for (int i = 0; i < everySe.size(); i++) {
                bottlenecks.add(new HiddenUnits(everySe.get(i).label(), firing.get(i).toLongArray(), n));
            }
            double top1Err = n == 0 ? Double.NaN : 100.0 * (n - correct.getDouble()) / n;
            return new Excitation(blocks, n, classes, top1Err, bottlenecks);
        }
    }

    /** (B, hidden) int64: 1 where the unit was positive for that image (at any position, for NoSqueeze). */
    private static NDArray firedPerImage(NDArray h) {
        Shape shape = h.getShape();
        NDArray v = shape.dimension() == 4 ? h.reshape(shape.get(0), shape.get(1), -1).max(new int[] {2}) : h;
        return v.gt(0).toType(DataType.INT64, false);
    }

    /** The gate as one float32 vector per image: (N,C), averaging (N,C,H,W) over the positions. */
    private static NDArray perImage(NDArray s) {
        Shape shape = s.getShape();
        // PyTorch's DJL mean takes one axis: flatten the positions, then average them.
        NDArray v = shape.dimension() == 4 ? s.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2}) : s;
        return v.toType(DataType.FLOAT32, false);
    }

    /** (B, K) float32 one-hot rows; a label outside 0..K-1 gives a zero row, caught by the count check. */
    private static NDArray oneHot(NDArray labels, int classes, NDManager step) {
        NDArray y = labels.toType(DataType.INT64, false).reshape(-1, 1);
        NDArray k = step.arange(0, classes, 1, DataType.INT64).reshape(1, classes);
        return y.eq(k).toType(DataType.FLOAT32, false);
    }

    private static BlockExcitation means(
            SqueezeExcitation se, double[] sums, double[] counts, int classes, int images) {
        int c = se.channels();
        double[][] classMeans = new double[classes][c];
        double[] all = new double[c];
        long[] classCounts = new long[classes];
        long seen = 0;
        for (int k = 0; k < classes; k++) {
            classCounts[k] = Math.round(counts[k]);
            seen += classCounts[k];
            for (int ch = 0; ch < c; ch++) {
                double sum = sums[k * c + ch];
                classMeans[k][ch] = classCounts[k] == 0 ? Double.NaN : sum / classCounts[k];
                all[ch] += sum;
            }
        }
        if (seen != images) {
            throw new IllegalArgumentException(images - seen + " of " + images
                    + " labels lie outside the classes 0.." + (classes - 1));
        }
        for (int ch = 0; ch < c; ch++) {
            all[ch] = images == 0 ? Double.NaN : all[ch] / images;
        }
        return new BlockExcitation(se.label(), c, classCounts, classMeans, all, images);
    }

    private static List<SqueezeExcitation> select(Block net, List<String> labels) {
        List<SqueezeExcitation> all = SeResNet.seBlocks(net);
        List<String> available = all.stream().map(SqueezeExcitation::label).toList();
        List<String> wanted = resolveBlocks(labels, available);
        return all.stream().filter(se -> wanted.contains(se.label())).toList();
    }

    /**
     * Checks requested block labels against the network's; null or empty means {@link #defaultBlocks}.
     *
     * @return the requested labels, without repeats, in the order given
     * @throws BadInputException naming the unknown label and the allowed ones
     */
    public static List<String> resolveBlocks(List<String> requested, List<String> available) {
        if (available.isEmpty()) {
            throw new IllegalArgumentException("the network has no SE block to measure");
        }
        if (requested == null || requested.isEmpty()) {
            return defaultBlocks(available);
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String r : requested) {
            String label = r.trim();
            if (!available.contains(label)) {
                throw new BadInputException("--blocks: no SE block '" + label + "' in this network; allowed: "
                        + String.join(",", available));
            }
            out.add(label);
        }
        return List.copyOf(out);
    }

    /**
     * Checks requested classes against the data's; null or empty means the first four (fewer if the data
     * has fewer).
     *
     * @throws BadInputException naming the bad class and the allowed range
     */
    public static List<Integer> resolveClasses(List<Integer> requested, int classes) {
        if (requested == null || requested.isEmpty()) {
            List<Integer> first = new ArrayList<>();
            for (int k = 0; k < Math.min(4, classes); k++) {
                first.add(k);
            }
            return first;
        }
        LinkedHashSet<Integer> out = new LinkedHashSet<>();
        for (Integer k : requested) {
            if (k == null || k < 0 || k >= classes) {
                throw new BadInputException("--classes: class " + k + " is not in 0.." + (classes - 1)
                        + " (the data has " + classes + " classes)");
            }
            out.add(k);
        }
        return List.copyOf(out);
    }

    /**
     * The paper's early / middle / late choice: the first block of the first SE stage, the last block of
     * the middle SE stage and the last block of the last SE stage (SE_2_1, SE_3_3, SE_4_3 for ResNet-20).
     * Repeats collapse when the network has fewer than three SE stages.
     *
     * @param labels SE block labels SE_&lt;stage&gt;_&lt;unit&gt; in forward order
     */
    public static List<String> defaultBlocks(List<String> labels) {
        // stage -> its labels in unit order (forward order is unit order within a stage)
        Map<Integer, List<String>> byStage = new TreeMap<>();
        for (String l : labels) {
            byStage.computeIfAbsent(stage(l), s -> new ArrayList<>()).add(l);
        }
        List<List<String>> stages = new ArrayList<>(byStage.values());
        List<String> first = stages.get(0);
        List<String> middle = stages.get((stages.size() - 1) / 2);
        List<String> last = stages.get(stages.size() - 1);
        LinkedHashSet<String> picked = new LinkedHashSet<>();
        picked.add(first.get(0));
        picked.add(middle.get(middle.size() - 1));
        picked.add(last.get(last.size() - 1));
        return List.copyOf(picked);
    }

    private static int stage(String label) {
        String[] parts = label.split("_");
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SE block label '" + label + "' is not of the form SE_<stage>_<unit>");
        }
    }
}
