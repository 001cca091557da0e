package selab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.SeResNet;
import selab.model.SqueezeExcitation;
import selab.model.Squeeze;

/** The per-class gate means against values known by construction or computed in plain Java. */
class ExcitationAnalysisTest {

    private static final int SIDE = 16;
    private static final int CLASSES = 5;
    private static final int N = 37; // not a multiple of the batch size: the last batch is ragged
    private static final int BATCH = 8;
    /** Class 4 never occurs: its means must be NaN with count 0. */
    private static final long[] LABELS = labels();

    private static long[] labels() {
        long[] y = new long[N];
        Random r = new Random(3);
        for (int i = 0; i < N; i++) {
            y[i] = r.nextInt(CLASSES - 1);
        }
        return y;
    }

    private static Block net(SeConfig se, NDManager m) {
        Geometry g = new Geometry(1, SIDE, CLASSES);
        Block net = SeResNet.build(new ModelConfig("resnet-20", se, 0.5), g);
        net.initialize(m, DataType.FLOAT32, new Shape(BATCH, 1, SIDE, SIDE));
        return net;
    }

    @Test
    void zeroExcitationWeightsGiveExactlyOneHalfEverywhere() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net(new SeConfig(4, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, false), m);
            for (SqueezeExcitation se : SeResNet.seBlocks(net)) {
                for (Pair<String, Parameter> p : se.getParameters()) {
                    fill(p.getValue(), i -> 0f); // W1 = W2 = 0 -> s = sigmoid(0) = 0.5 for every image
                }
            }
            ArrayBatchSource data = ArrayBatchSource.random(N, 1, SIDE, LABELS, 11);
            List<String> all = labelsOf(net);
            Excitation e = ExcitationAnalysis.measure(net, data, CLASSES, all, BATCH, m);
            assertEquals(all, e.labels());
            assertEquals(9, e.blocks().size()); // resnet-20: 3 stages x 3 units
            long[] counts = javaCounts();
            for (BlockExcitation b : e.blocks()) {
                assertArrayEquals(counts, b.classCounts(), b.label());
                assertEquals(N, b.images());
                for (int k = 0; k < CLASSES - 1; k++) {
                    for (double v : b.meansOf(k)) {
                        assertEquals(0.5, v, 1e-7, b.label() + " class " + k);
                    }
                }
                for (double v : b.meansOf(CLASSES - 1)) {
                    assertTrue(Double.isNaN(v), "class without images must be NaN, got " + v);
                }
                for (double v : b.allMeans()) {
                    assertEquals(0.5, v, 1e-7, b.label() + " all");
                }
            }
        }
    }

    @Test
    void noSqueezeGateIsAveragedOverPositionsPerChannel() {
        // With W1 = W2 = 0 and a bias b_c on W2, the (N,C,H,W) gate is sigmoid(b_c) at every position.
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net(new SeConfig(4, Squeeze.AVG, Gate.SIGMOID, Placement.NOSQUEEZE, List.of(3), true), m);
            for (SqueezeExcitation se : SeResNet.seBlocks(net)) {
                for (Pair<String, Parameter> p : se.getParameters()) {
                    boolean w2Bias = p.getKey().contains("fex_w2") && p.getKey().endsWith("bias");
                    fill(p.getValue(), i -> w2Bias ? bias(i) : 0f);
                }
            }
            ArrayBatchSource data = ArrayBatchSource.random(N, 1, SIDE, LABELS, 12);
            Excitation e = ExcitationAnalysis.measure(net, data, CLASSES, List.of("SE_3_2"), BATCH, m);
            BlockExcitation b = e.block("SE_3_2");
            assertEquals(16, b.channels()); // stage 3 of resnet-20 at width 0.5
            for (int c = 0; c < b.channels(); c++) {
                double expected = 1 / (1 + Math.exp(-bias(c)));
                assertEquals(expected, b.allMeans()[c], 1e-6, "channel " + c);
                assertEquals(expected, b.meansOf(2)[c], 1e-6, "class 2 channel " + c);
            }
        }
    }

    @Test
    void perClassMeansMatchPlainJavaAveragesOfTappedGates() {
        for (Placement placement : new Placement[] {Placement.STANDARD, Placement.NOSQUEEZE}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = net(new SeConfig(4, Squeeze.AVG, Gate.SIGMOID, placement, null, false), m);
                ArrayBatchSource data = ArrayBatchSource.random(N, 1, SIDE, LABELS, 13);
                List<String> picked = List.of("SE_2_1", "SE_3_3", "SE_4_3");
                double[][][] expected = javaMeans(net, data, picked, m); // [block][class or CLASSES=all][channel]
                Excitation e = ExcitationAnalysis.measure(net, data, CLASSES, picked, BATCH, m);
                double spread = 0;
                for (int bi = 0; bi < picked.size(); bi++) {
                    BlockExcitation b = e.block(picked.get(bi));
                    for (int k = 0; k < CLASSES - 1; k++) {
                        assertArrayEquals(expected[bi][k], b.meansOf(k), 1e-5, placement + " " + b.label() + " class " + k);
                        for (int c = 0; c < b.channels(); c++) {
                            spread = Math.max(spread, Math.abs(expected[bi][k][c] - expected[bi][CLASSES][c]));
                        }
                    }
                    assertArrayEquals(expected[bi][CLASSES], b.allMeans(), 1e-5, placement + " " + b.label() + " all");
                }
                // The comparison is only meaningful if the classes' gates differ from the overall mean.
                assertTrue(spread > 1e-3, placement + ": class means all equal the overall mean; spread " + spread);
                // No tap may survive the analysis: a stale one would touch its closed accumulators and throw.
                try (NDManager step = m.newSubManager()) {
                    NDArray x = data.batch(step, new long[] {0, 1}, false, null).get(0);
                    net.forward(new ParameterStore(step, false), new NDList(x), false);
                }
            }
        }
    }

    /** Forward pass batch by batch with Java-side taps; per-class averages computed with doubles. */
    private static double[][][] javaMeans(Block net, ArrayBatchSource data, List<String> picked, NDManager m) {
        List<SqueezeExcitation> blocks = SeResNet.seBlocks(net).stream().filter(b -> picked.contains(b.label())).toList();
        assertEquals(picked, blocks.stream().map(SqueezeExcitation::label).toList());
        List<List<float[]>> gates = new ArrayList<>(); // per block: per image a C vector
        for (SqueezeExcitation b : blocks) {
            List<float[]> perImage = new ArrayList<>();
            gates.add(perImage);
            b.setTap(s -> {
                long[] shape = s.getShape().getShape();
                int n = (int) shape[0];
                int c = (int) shape[1];
                int positions = shape.length == 4 ? (int) (shape[2] * shape[3]) : 1;
                float[] flat = s.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float[] v = new float[c];
                    for (int ch = 0; ch < c; ch++) {
                        double sum = 0;
                        for (int p = 0; p < positions; p++) {
                            sum += flat[(i * c + ch) * positions + p];
                        }
                        v[ch] = (float) (sum / positions);
                    }
                    perImage.add(v);
                }
            });
        }
        ParameterStore ps = new ParameterStore(m, false);
        for (int start = 0; start < N; start += BATCH) {
            long[] idx = new long[Math.min(BATCH, N - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            try (NDManager step = m.newSubManager()) {
                NDList batch = data.batch(step, idx, false, null);
                net.forward(ps, new NDList(batch.get(0)), false);
            }
        }
        blocks.forEach(b -> b.setTap(null));
        double[][][] out = new double[blocks.size()][CLASSES + 1][];
        for (int bi = 0; bi < blocks.size(); bi++) {
            List<float[]> g = gates.get(bi);
            assertEquals(N, g.size());
            int c = g.get(0).length;
            double[][] sums = new double[CLASSES + 1][c];
            long[] counts = new long[CLASSES + 1];
            for (int i = 0; i < N; i++) {
                int k = (int) data.labels[i];
                counts[k]++;
                counts[CLASSES]++;
                for (int ch = 0; ch < c; ch++) {
                    sums[k][ch] += g.get(i)[ch];
                    sums[CLASSES][ch] += g.get(i)[ch];
                }
            }
            for (int k = 0; k <= CLASSES; k++) {
                for (int ch = 0; ch < c; ch++) {
                    sums[k][ch] /= counts[k];
                }
            }
            out[bi] = sums;
        }
        return out;
    }

    private static long[] javaCounts() {
        long[] counts = new long[CLASSES];
        for (long y : LABELS) {
            counts[(int) y]++;
        }
        return counts;
    }

    private static float bias(int channel) {
        return (channel - 7) * 0.37f;
    }

    @Test
    void bottleneckUnitsWithNegativeBiasAndNoWeightsAreDeadTheOthersFireOnEveryImage() {
        // W1 = 0 and bias b_u: the hidden unit is ReLU(b_u) for every image (and position): never positive when
        // b_u < 0 (dead), positive on all N images when b_u > 0.
        for (Placement placement : new Placement[] {Placement.STANDARD, Placement.NOSQUEEZE}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = net(new SeConfig(4, Squeeze.AVG, Gate.SIGMOID, placement, null, true), m);
                for (SqueezeExcitation se : SeResNet.seBlocks(net)) {
                    for (Pair<String, Parameter> p : se.getParameters()) {
                        boolean w1Bias = p.getKey().contains("fex_w1") && p.getKey().endsWith("bias");
                        fill(p.getValue(), i -> w1Bias ? (i % 2 == 0 ? -1f : 1f) : 0f);
                    }
                }
                ArrayBatchSource data = ArrayBatchSource.random(N, 1, SIDE, LABELS, 14);
                Excitation e = ExcitationAnalysis.measure(net, data, CLASSES, List.of("SE_2_1"), BATCH, m);
                assertEquals(labelsOf(net), e.bottlenecks().stream().map(HiddenUnits::label).toList(),
                        "every SE block is counted, not only the plotted ones");
                for (HiddenUnits h : e.bottlenecks()) {
                    int hidden = h.label().startsWith("SE_2") ? 2 : h.label().startsWith("SE_3") ? 4 : 8; // C/4 at width 0.5
                    assertEquals(hidden, h.units(), h.label());
                    for (int u = 0; u < hidden; u++) {
                        assertEquals(u % 2 == 0 ? 0 : N, h.activeImages()[u], placement + " " + h.label() + " unit " + u);
                    }
                    assertEquals(hidden / 2, h.dead(), h.label());
                    assertEquals(N, h.images());
                }
            }
        }
    }

    @Test
    void firingCountsMatchPlainJavaCountsOfTappedHiddenLayers() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net(new SeConfig(4, Squeeze.AVG, Gate.SIGMOID, Placement.STANDARD, null, false), m);
            ArrayBatchSource data = ArrayBatchSource.random(N, 1, SIDE, LABELS, 15);
            List<SqueezeExcitation> blocks = SeResNet.seBlocks(net);
            long[][] expected = new long[blocks.size()][];
            for (int b = 0; b < blocks.size(); b++) {
                int bi = b;
                expected[b] = new long[blocks.get(b).hidden()];
                blocks.get(b).setHiddenTap(h -> {
                    float[] v = h.toFloatArray();
                    int units = expected[bi].length;
                    for (int i = 0; i < v.length; i++) {
                        if (v[i] > 0) {
                            expected[bi][i % units]++;
                        }
                    }
                });
            }
            ParameterStore ps = new ParameterStore(m, false);
            for (int start = 0; start < N; start += BATCH) {
                try (NDManager step = m.newSubManager()) {
                    long[] idx = java.util.stream.LongStream.range(start, Math.min(N, start + BATCH)).toArray();
                    net.forward(ps, new NDList(data.batch(step, idx, false, new Random(0)).get(0)), false);
                }
            }
            blocks.forEach(se -> se.setHiddenTap(null));
            Excitation e = ExcitationAnalysis.measure(net, data, CLASSES, List.of("SE_2_1"), BATCH, m);
            long fired = 0;
            for (int b = 0; b < blocks.size(); b++) {
                assertArrayEquals(expected[b], e.bottlenecks().get(b).activeImages(), blocks.get(b).label());
                fired += java.util.Arrays.stream(expected[b]).sum();
            }
            assertTrue(fired > 0, "a random net's bottlenecks fire on some images");
        }
    }

    private static List<String> labelsOf(Block net) {
        return SeResNet.seBlocks(net).stream().map(SqueezeExcitation::label).toList();
    }

    private static void fill(Parameter p, java.util.function.IntFunction<Float> value) {
        NDArray a = p.getArray();
        float[] v = new float[(int) a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value.apply(i);
        }
        a.set(FloatBuffer.wrap(v));
    }
}
