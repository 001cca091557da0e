package selab.train;

/**
 * The learning rate of every SGD step: a linear warm-up over {@code warmup_epochs}, then the recipe's
 * {@link Schedule}. The same numbers as PyTorch's
 * {@code SequentialLR([LinearLR(start_factor=WARMUP_START_FACTOR, total_iters=W), S], milestones=[W])} with
 * W = warm-up steps, stepped once per SGD step ({@code LearningRateScheduleTest} compares them step by step).
 */
public final class LearningRateSchedule {

    /**
     * The warm-up's first step trains at this fraction of lr, rising linearly to lr at the first step after
     * warm-up. PyTorch's {@code LinearLR} defaults to 1/3; the gradual warm-up of Goyal et al. (2017) starts
     * small instead (at 1/k of the target for a k-times larger batch), and 0.01 is the torchvision reference
     * recipes' {@code --lr-warmup-decay}. Never 0, so the first step moves the weights.
     */
    public static final double WARMUP_START_FACTOR = 0.01;

    private final RecipeConfig r;
    private final int stepsPerEpoch;
    private final long warmupSteps;

    public LearningRateSchedule(RecipeConfig recipe, int stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
        }
        this.r = recipe;
        this.stepsPerEpoch = stepsPerEpoch;
        this.warmupSteps = (long) recipe.warmupEpochs() * stepsPerEpoch;
    }

    /** @param step the SGD step since the start of training, 0-based (epoch e's step s is e * stepsPerEpoch + s) */
    public double at(long step) {
        if (step < warmupSteps) {
            return r.lr() * (WARMUP_START_FACTOR + (1 - WARMUP_START_FACTOR) * step / warmupSteps);
        }
        return r.lr() * r.schedule().factor(r, step - warmupSteps, stepsPerEpoch);
    }
}
