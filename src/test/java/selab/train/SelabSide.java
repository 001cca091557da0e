package selab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import selab.data.BatchSource;
import selab.model.SeResNet;

/**
 * selab's half of a parity case: builds the network with selab's initialisation, moves BN and bias values
 * off their defaults (so that a decayed or dropped BN term shows), writes that state and the data for the
 * PyTorch reference, then (1) one forward/backward on the first batch exactly as {@link Trainer#step} runs it
 * (the network, {@link Losses#crossEntropy}, backward) to read the logits, loss and gradients, and (2) a real
 * {@link Trainer#fit} of one epoch of two steps from the same state, to read every tensor afterwards.
 */
final class SelabSide {

    /** What selab computed, keyed by the reference's tensor names. */
    record Result(double[] logits, double loss, Map<String, double[]> grads, Map<String, double[]> after,
            Map<String, Parameter.Type> types, double trainerMeanLoss) {}

    private SelabSide() {}

    static Result run(ParityCase c, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = build(c, m);
            Map<String, Parameter> params = ReferenceNames.of(net);
            Random r = new Random(ParityCase.SEED);
            for (Parameter p : params.values()) {
                moveOffDefault(p, r);
            }
            Map<String, double[]> initial = values(params);
            Map<String, Parameter.Type> types = new LinkedHashMap<>();
            params.forEach((name, p) -> types.put(name, p.getType()));

            int n = ParityCase.BATCH * ParityCase.STEPS;
            RecordingSource data = RecordingSource.random(n, c.dtype(), new Random(ParityCase.SEED + 1));
            Trainer.Outcome outcome = new Trainer(net, c.recipe(), ParityCase.SEED, m, null, null).fit(data, data);
            Map<String, double[]> after = values(params);
            if (data.trainBatches().size() != ParityCase.STEPS) {
                throw new IllegalStateException("the trainer took " + data.trainBatches().size() + " steps, expected "
                        + ParityCase.STEPS);
            }

            Block probe = build(c, m);
            Map<String, Parameter> probeParams = ReferenceNames.of(probe);
            initial.forEach((name, v) -> set(probeParams.get(name).getArray(), v));
            ParameterStore ps = new ParameterStore(m, false);
            try (NDManager step = m.newSubManager()) {
                NDList batch = data.batch(step, data.trainBatches().get(0), false, null);
                double[] logits;
                double loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = probe.forward(ps, new NDList(batch.get(0)), true).singletonOrThrow();
                    NDArray l = Losses.crossEntropy(out, batch.get(1), c.labelSmoothing());
                    gc.backward(l);
                    logits = doubles(out);
                    loss = doubles(l)[0];
                }
                Map<String, double[]> grads = new LinkedHashMap<>();
                probeParams.forEach((name, p) -> {
                    if (p.requiresGradient()) {
                        grads.put(name, doubles(p.getArray().getGradient()));
                    }
                });
                writeManifest(c, dir, params, initial, data);
                return new Result(logits, loss, grads, after, types, outcome.history().get(0).trainLoss());
            }
        }
    }

    private static Block build(ParityCase c, NDManager m) {
        Block net = SeResNet.build(c.model(), ParityCase.GEOMETRY);
        Engine.getInstance().setRandomSeed((int) ParityCase.SEED);
        int size = ParityCase.GEOMETRY.size();
        net.initialize(m, c.dtype(), new Shape(ParityCase.BATCH, ParityCase.GEOMETRY.channels(), size, size));
        return net;
    }

    /** BN gamma in [0.5, 1.5), beta, running mean and biases in [-0.3, 0.3), running variance in [0.5, 2). */
    private static void moveOffDefault(Parameter p, Random r) {
        NDArray a = p.getArray();
        double[] v = new double[(int) a.size()];
        switch (p.getType()) {
            case GAMMA -> fill(v, r, 0.5, 1.5);
            case BETA, BIAS, RUNNING_MEAN -> fill(v, r, -0.3, 0.3);
            case RUNNING_VAR -> fill(v, r, 0.5, 2.0);
            default -> {
                return; // weights keep selab's initialisation
            }
        }
        set(a, v);
    }

    private static void fill(double[] v, Random r, double lo, double hi) {
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
    }

    private static void set(NDArray a, double[] v) {
        if (a.getDataType() == DataType.FLOAT64) {
            a.set(DoubleBuffer.wrap(v));
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            a.set(f);
        }
    }

    private static Map<String, double[]> values(Map<String, Parameter> params) {
        Map<String, double[]> out = new LinkedHashMap<>();
        params.forEach((name, p) -> out.put(name, doubles(p.getArray())));
        return out;
    }

    private static double[] doubles(NDArray a) {
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    private static void writeManifest(ParityCase c, Path dir, Map<String, Parameter> params,
            Map<String, double[]> initial, RecordingSource data) throws IOException {
        RawTensors files = new RawTensors(dir);
        ObjectNode root = RawTensors.json().createObjectNode();
        root.put("dtype", c.dtype() == DataType.FLOAT64 ? "float64" : "float32");
        ObjectNode model = root.putObject("model");
        model.put("depth", ParityCase.DEPTH);
        model.put("width", ParityCase.WIDTH);
        model.put("in_channels", ParityCase.GEOMETRY.channels());
        model.put("classes", ParityCase.GEOMETRY.classes());
        if (c.se() == null) {
            model.putNull("se");
        } else {
            ObjectNode se = model.putObject("se");
            se.put("ratio", c.se().ratio());
            se.put("squeeze", c.se().squeeze().key());
            se.put("gate", c.se().gate().key());
            se.put("placement", c.se().placement().key());
            if (c.se().stages() == null) {
                se.putNull("stages");
            } else {
                ArrayNode s = se.putArray("stages");
                c.se().stages().forEach(s::add);
            }
            se.put("fc_bias", c.se().fcBias());
        }
        ObjectNode recipe = root.putObject("recipe");
        ArrayNode lrs = recipe.putArray("lrs");
        for (double lr : c.learningRates()) {
            lrs.add(lr);
        }
        recipe.put("momentum", ParityCase.MOMENTUM);
        recipe.put("nesterov", c.nesterov());
        recipe.put("weight_decay", ParityCase.WEIGHT_DECAY);
        recipe.put("decay_bn_and_bias", c.decayBnAndBias());
        recipe.put("label_smoothing", c.labelSmoothing());
        ObjectNode tensors = root.putObject("tensors");
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            tensors.set(e.getKey(), files.put(e.getValue().getArray().getShape().getShape(), initial.get(e.getKey())));
        }
        ArrayNode batches = root.putArray("batches");
        for (long[] idx : data.trainBatches()) {
            ObjectNode b = batches.addObject();
            b.set("x", files.put(data.imageShape(idx.length), data.images(idx)));
            b.set("y", files.put(new long[] {idx.length}, data.labels(idx)));
        }
        RawTensors.json().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("manifest.json").toFile(), root);
    }

    /** Random images and labels held in Java arrays; remembers the indices of every training batch asked for. */
    static final class RecordingSource implements BatchSource {
        private final double[] images;
        private final long[] labels;
        private final DataType dtype;
        private final List<long[]> trainBatches = new ArrayList<>();

        private RecordingSource(double[] images, long[] labels, DataType dtype) {
            this.images = images;
            this.labels = labels;
            this.dtype = dtype;
        }

        static RecordingSource random(int n, DataType dtype, Random r) {
            int pixels = ParityCase.GEOMETRY.channels() * ParityCase.GEOMETRY.size() * ParityCase.GEOMETRY.size();
            double[] x = new double[n * pixels];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(ParityCase.GEOMETRY.classes());
            }
            return new RecordingSource(x, y, dtype);
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
            if (train) {
                trainBatches.add(indices.clone());
            }
            NDArray x = step.create(images(indices), new Shape(imageShape(indices.length)));
            return new NDList(x.toType(dtype, false), step.create(labels(indices)));
        }

        List<long[]> trainBatches() {
            return trainBatches;
        }

        long[] imageShape(int n) {
            int s = ParityCase.GEOMETRY.size();
            return new long[] {n, ParityCase.GEOMETRY.channels(), s, s};
        }

        double[] images(long[] indices) {
            int pixels = images.length / labels.length;
            double[] out = new double[indices.length * pixels];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(images, (int) indices[i] * pixels, out, i * pixels, pixels);
            }
            return out;
        }

        long[] labels(long[] indices) {
            long[] out = new long[indices.length];
            for (int i = 0; i < indices.length; i++) {
                out[i] = labels[(int) indices[i]];
            }
            return out;
        }
    }
}
