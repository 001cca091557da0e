package selab.train;

import selab.data.BatchSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Random;

/** Loss, top-1 and top-5 error (%) of a network on a whole split, counted on the device and synced once. */
public final class Evaluation {

    public record Result(double loss, double top1Err, double top5Err) {
        /** An epoch whose test split was not evaluated (see {@link RecipeConfig#evaluatesAfter}). */
        public static final Result NOT_EVALUATED = new Result(Double.NaN, Double.NaN, Double.NaN);
    }

    private Evaluation() {}

    public static Result run(Block net, ParameterStore ps, BatchSource split, int batchSize, NDManager manager) {
        int n = split.size();
        try (NDManager epoch = manager.newSubManager()) {
            NDArray lossSum = epoch.zeros(new ai.djl.ndarray.types.Shape());
            NDArray top1 = epoch.zeros(new ai.djl.ndarray.types.Shape(), DataType.INT64);
            NDArray top5 = epoch.zeros(new ai.djl.ndarray.types.Shape(), DataType.INT64);
            for (int start = 0; start < n; start += batchSize) {
                long[] idx = range(start, Math.min(batchSize, n - start));
                int b = idx.length;
                try (NDManager step = epoch.newSubManager()) {
                    NDList batch = split.batch(step, idx, false, new Random(0));
                    if (start + b < n) {
                        split.prefetch(range(start + b, Math.min(batchSize, n - start - b)));
                    }
                    NDArray logits = net.forward(ps, new NDList(batch.get(0)), false).singletonOrThrow();
                    NDArray y = batch.get(1);
                    lossSum.addi(Losses.crossEntropy(logits, y, 0).mul(b));
                    Counts c = counts(logits, y);
                    top1.addi(c.top1);
                    top5.addi(c.top5);
                }
            }
            return new Result(lossSum.getFloat() / n,
                    100.0 * (n - top1.getLong()) / n, 100.0 * (n - top5.getLong()) / n);
        }
    }

    private static long[] range(int start, int length) {
        long[] idx = new long[length];
        for (int i = 0; i < length; i++) {
            idx[i] = start + i;
        }
        return idx;
    }

    record Counts(NDArray top1, NDArray top5) {}

    /** Number of examples whose label is the top-1, and among the top-5, scores (device scalars). */
    static Counts counts(NDArray logits, NDArray labels) {
        NDArray y = labels.toType(DataType.INT64, false).reshape(-1, 1);
        int k = (int) Math.min(5, logits.getShape().get(1));
        NDArray topk = logits.topK(k, 1).get(1).toType(DataType.INT64, false);
        NDArray hits = topk.eq(y);
        NDArray top1 = hits.get(":, 0").toType(DataType.INT64, false).sum();
        NDArray top5 = hits.toType(DataType.INT64, false).sum();
        return new Counts(top1, top5);
    }
}
