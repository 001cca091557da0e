package selab.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Random;
import selab.data.BatchGather;
import selab.data.DataConfig;
import selab.data.DataSources;
import selab.data.ImageSet;
import selab.data.Splits;
import selab.model.Geometry;

/**
 * A data set loaded once onto the device as two tensors, with the batch sources the trainer reads.
 * Workers keep it across runs of a sweep that share the same data settings.
 */
public final class LoadedData implements AutoCloseable {

    private final DataConfig config;
    private final NDManager manager;
    private final ImageSet trainSet;
    private final BatchSource train;
    private final BatchSource test;

    public LoadedData(DataConfig config, Path dataRoot, NDManager parent) {
        this.config = config;
        Splits splits = DataSources.load(config, dataRoot);
        this.trainSet = splits.train();
        this.manager = parent.newSubManager();
        DataConfig.Augment augment = config.augment() == null ? DataConfig.Augment.NONE : config.augment();
        // Normalise both splits with the training split's statistics.
        this.train = source(splits.train(), splits.train(), augment);
        this.test = source(splits.test(), splits.train(), DataConfig.Augment.NONE);
    }

    private BatchSource source(ImageSet set, ImageSet statsFrom, DataConfig.Augment augment) {
        NDList arrays = set.toNDArrays(manager);
        BatchGather gather = new BatchGather(arrays.get(0), arrays.get(1), statsFrom.channelStats(), augment);
        int size = set.n();
        return new BatchSource() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public NDList batch(NDManager step, long[] indices, boolean train, Random rng) {
                return gather.batch(step, indices, train, rng);
            }
        };
    }

    /** Whether this loaded data (with its augmentation) serves a run with {@code other}. */
    public boolean serves(DataConfig other) {
        return config.equals(other);
    }

    public Geometry geometry() {
        return new Geometry(trainSet.channels(), trainSet.height(), trainSet.classes());
    }

    public BatchSource train() {
        return train;
    }

    public BatchSource test() {
        return test;
    }

    public String describe() {
        return trainSet.describe();
    }

    @Override
    public void close() {
        manager.close();
    }

}
