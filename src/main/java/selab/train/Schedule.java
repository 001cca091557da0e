package selab.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import selab.model.Keyed;

/**
 * What the learning rate does after warm-up ({@code recipe.schedule}); each constant is PyTorch's scheduler of
 * the same name, stepped once per SGD step and started where warm-up ends, as {@code SequentialLR} starts the
 * scheduler after its milestone. So {@code step_size} and {@code milestones} count epochs from the end of
 * warm-up, and cosine anneals over the epochs after it. The spec's allowed values are this enum's constants.
 * A new schedule is one constant here with its {@link #factor}.
 */
public enum Schedule implements Keyed {
    /** {@code StepLR}: times gamma every {@code step_size} epochs. */
    STEP {
        @Override
        double factor(RecipeConfig r, long t, int stepsPerEpoch) {
            return Math.pow(r.gamma(), Math.floorDiv(t, (long) r.stepSize() * stepsPerEpoch));
        }
    },
    /** {@code MultiStepLR}: times gamma at each of {@code milestones} (epochs). */
    MULTISTEP {
        @Override
        double factor(RecipeConfig r, long t, int stepsPerEpoch) {
            return Math.pow(r.gamma(), passed(r.milestones(), t, stepsPerEpoch));
        }
    },
    /** {@code CosineAnnealingLR} to 0 ({@code eta_min} 0) at the end of the last epoch. */
    COSINE {
        @Override
        double factor(RecipeConfig r, long t, int stepsPerEpoch) {
            long span = Math.max(1, (long) (r.epochs() - r.warmupEpochs()) * stepsPerEpoch);
            return 0.5 * (1 + Math.cos(Math.PI * Math.min(t, span) / span));
        }
    },
    /** The base lr throughout. */
    CONSTANT {
        @Override
        double factor(RecipeConfig r, long t, int stepsPerEpoch) {
            return 1;
        }
    };

    /**
     * The multiple of {@code recipe.lr} for the step {@code t} steps after warm-up ended (t = 0: the first
     * step after it).
     */
    abstract double factor(RecipeConfig recipe, long t, int stepsPerEpoch);

    @JsonValue
    @Override
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }

    private static int passed(List<Integer> milestones, long t, int stepsPerEpoch) {
        int n = 0;
        if (milestones != null) {
            for (int m : milestones) {
                if (t >= (long) m * stepsPerEpoch) {
                    n++;
                }
            }
        }
        return n;
    }
}
