package selab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * An epoch's training loss and top-1 hits, summed on the device step by step and read once at the end, so
 * the host does not wait for the device at every step.
 */
public final class Tallies implements AutoCloseable {

    private final NDManager manager;
    private final NDArray lossSum;
    private final NDArray correct;
    private int steps;
    private long examples;

    /** @param parent the sums live on a sub-manager of it until {@link #close} */
    public Tallies(NDManager parent) {
        this.manager = parent.newSubManager();
        this.lossSum = manager.zeros(new Shape());
        this.correct = manager.zeros(new Shape(), DataType.INT64);
    }

    /** Tallies that go on from a partial epoch's (see {@link Checkpoint.PartialEpoch}). */
    Tallies(NDManager parent, Checkpoint.PartialEpoch from) {
        this(parent);
        lossSum.addi(manager.create(from.lossSum()));
        correct.addi(manager.create(from.correct()));
        steps = from.stepsDone();
        examples = from.examples();
    }

    /** This epoch's progress after its steps so far (syncs with the device). */
    Checkpoint.PartialEpoch partial(byte[] rng, double seconds, double lr) {
        return new Checkpoint.PartialEpoch(steps, rng, lossSum.getFloat(), correct.getLong(), examples, seconds, lr);
    }

    /** Adds one step: its mean loss (detached) and the logits and labels of its batch. */
    void add(NDArray meanLoss, NDArray logits, NDArray labels) {
        lossSum.addi(meanLoss);
        correct.addi(Evaluation.counts(logits, labels).top1());
        steps++;
        examples += labels.size();
    }

    /** Mean over the steps of each step's mean loss (syncs with the device). */
    public double meanLoss() {
        return lossSum.getFloat() / steps;
    }

    /** Training top-1 error in percent over every example seen (syncs with the device). */
    public double top1Err() {
        return 100.0 * (1 - (double) correct.getLong() / examples);
    }

    @Override
    public void close() {
        manager.close();
    }
}
