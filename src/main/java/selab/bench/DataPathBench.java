package selab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import selab.data.BatchGather;
import selab.data.ChannelStats;
import selab.data.DataConfig;

/**
 * Times whole epochs of batches (data only, no model) from selab's {@link BatchGather} over one uint8 tensor,
 * with and without augmentation, and from DJL's stock {@link ArrayDataset} loader over the same images held
 * as pre-normalised float32 (how that loader is normally fed; it does no augmentation). Epochs of the loaders
 * are interleaved so that a change in machine load hits all of them alike.
 */
public final class DataPathBench {

    private interface Loader {
        /** Runs one epoch and returns the images it delivered. */
        int epoch(NDManager manager) throws IOException, TranslateException;
    }

    private final BenchData data;
    private final int batch;
    private final DataConfig.Augment augment;

    public DataPathBench(BenchData data, int batch, DataConfig.Augment augment) {
        if (batch < 1 || batch > data.size()) {
            throw new IllegalArgumentException("--batch must be in [1, " + data.size() + "], got " + batch);
        }
        this.data = data;
        this.batch = batch;
        this.augment = augment;
    }

    /**
     * @param warmupEpochs untimed epochs per loader
     * @param epochs timed epochs per loader
     */
    public List<LoaderResult> run(NDManager parent, int warmupEpochs, int epochs) {
        try (NDManager manager = parent.newSubManager()) {
            BatchGather gather = data.gather();
            BatchOrder order = new BatchOrder(data.size(), batch, new Random(1));
            Random rng = new Random(2);
            ArrayDataset dataset = arrayDataset(manager);
            List<String> names = List.of(
                    "selab BatchGather + augment",
                    "selab BatchGather, no augment",
                    "DJL ArrayDataset");
            List<String> work = List.of(
                    "index uint8 tensor, to float32, " + describe(augment) + ", normalise",
                    "index uint8 tensor, to float32, normalise",
                    "setSampling(" + batch + ", true) over pre-normalised float32, no augmentation");
            List<Loader> loaders = List.of(
                    m -> selabEpoch(m, gather, order, rng, true),
                    m -> selabEpoch(m, gather, order, rng, false),
                    m -> djlEpoch(m, dataset));
            List<List<Double>> seconds = new ArrayList<>();
            int[] images = new int[loaders.size()];
            loaders.forEach(l -> seconds.add(new ArrayList<>()));
            for (int e = 0; e < warmupEpochs + epochs; e++) {
                for (int l = 0; l < loaders.size(); l++) {
                    long t0 = System.nanoTime();
                    images[l] = loaders.get(l).epoch(manager);
                    if (e >= warmupEpochs) {
                        seconds.get(l).add((System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            List<LoaderResult> out = new ArrayList<>();
            for (int l = 0; l < loaders.size(); l++) {
                out.add(new LoaderResult(names.get(l), work.get(l), images[l], seconds.get(l)));
            }
            return out;
        } catch (IOException | TranslateException e) {
            throw new IllegalStateException("DJL ArrayDataset failed to deliver a batch: " + e.getMessage(), e);
        }
    }

    private int selabEpoch(NDManager manager, BatchGather gather, BatchOrder order, Random rng, boolean train) {
        int delivered = 0;
        for (int s = 0; s < order.batchesPerEpoch(); s++) {
            try (NDManager step = manager.newSubManager()) {
                NDList b = gather.batch(step, order.next(), train, rng);
                delivered += (int) b.get(0).getShape().get(0);
            }
        }
        return delivered;
    }

    private static int djlEpoch(NDManager manager, ArrayDataset dataset) throws IOException, TranslateException {
        int delivered = 0;
        for (Batch b : dataset.getData(manager)) {
            try (b) {
                delivered += (int) b.getData().head().getShape().get(0);
            }
        }
        return delivered;
    }

    /** The images as float32 already normalised with the same statistics, and int64 labels. */
    private ArrayDataset arrayDataset(NDManager manager) {
        NDList arrays = data.imageSet().toNDArrays(manager);
        ChannelStats stats = data.imageSet().channelStats();
        int c = stats.channels();
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int i = 0; i < c; i++) {
            mean[i] = (float) stats.mean()[i];
            std[i] = (float) stats.std()[i];
        }
        ai.djl.ndarray.types.Shape perChannel = new ai.djl.ndarray.types.Shape(1, c, 1, 1);
        NDArray x = arrays.get(0).toType(DataType.FLOAT32, false)
                .sub(manager.create(mean, perChannel))
                .div(manager.create(std, perChannel));
        return new ArrayDataset.Builder()
                .setData(x)
                .optLabels(arrays.get(1))
                .setSampling(batch, true)
                .build();
    }

    static String describe(DataConfig.Augment a) {
        List<String> parts = new ArrayList<>();
        if (a.cropPadding() > 0) {
            parts.add("pad-crop " + a.cropPadding());
        }
        if (a.flip()) {
            parts.add("flip");
        }
        if (a.randomResizedCrop()) {
            parts.add("random-resized crop");
        }
        return parts.isEmpty() ? "no augmentation" : String.join(" + ", parts);
    }
}
