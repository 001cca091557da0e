package selab.train;

import java.util.List;

/**
 * Learning rate per epoch (fractional epochs allowed, so the schedule moves every step): a linear
 * warm-up from 0 to lr over {@code warmupEpochs}, then step, multistep, cosine (annealed to 0 at the
 * last epoch) or constant.
 */
public final class LearningRateSchedule {

    private final RecipeConfig r;

    public LearningRateSchedule(RecipeConfig recipe) {
        this.r = recipe;
    }

    /** @param epoch progress in epochs since the start, e.g. 2.5 = halfway through the third epoch */
    public double at(double epoch) {
        if (r.warmupEpochs() > 0 && epoch < r.warmupEpochs()) {
            // Linear warm-up (Goyal et al. 2017), reaching the base lr when warm-up ends.
            return r.lr() * Math.max(epoch, 0) / r.warmupEpochs();
        }
        return switch (r.schedule()) {
            case "constant" -> r.lr();
            case "step" -> r.lr() * Math.pow(r.gamma(), Math.floor(epoch / r.stepSize()));
            case "multistep" -> r.lr() * Math.pow(r.gamma(), passed(r.milestones(), epoch));
            case "cosine" -> {
                double t = (epoch - r.warmupEpochs()) / Math.max(1e-9, r.epochs() - r.warmupEpochs());
                yield 0.5 * r.lr() * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, t))));
            }
            default -> throw new IllegalArgumentException(
                    "recipe.schedule '" + r.schedule() + "' is not one of step|multistep|cosine|constant");
        };
    }

    private static int passed(List<Integer> milestones, double epoch) {
        int n = 0;
        if (milestones != null) {
            for (int m : milestones) {
                if (epoch >= m) {
                    n++;
                }
            }
        }
        return n;
    }
}
