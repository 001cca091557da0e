package selab.bench;

import java.util.Random;

/**
 * Endless shuffled batches of indices into a split of {@code n} examples, reshuffled at every epoch end like
 * the trainer's per-epoch permutation; the ragged tail of an epoch is dropped, as the trainer drops it.
 */
final class BatchOrder {

    private final int n;
    private final int batch;
    private final Random rng;
    private long[] order;
    private int next;

    BatchOrder(int n, int batch, Random rng) {
        if (batch < 1 || batch > n) {
            throw new IllegalArgumentException("batch must be in [1, " + n + "] (the number of images), got " + batch);
        }
        this.n = n;
        this.batch = batch;
        this.rng = rng;
        reshuffle();
    }

    /** Full batches per epoch. */
    int batchesPerEpoch() {
        return n / batch;
    }

    long[] next() {
        if (next + batch > n) {
            reshuffle();
        }
        long[] idx = java.util.Arrays.copyOfRange(order, next, next + batch);
        next += batch;
        return idx;
    }

    private void reshuffle() {
        order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        next = 0;
    }
}
