package selab.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * How a run is trained: SGD with PyTorch semantics and a learning-rate schedule.
 *
 * @param optimizer only {@code sgd}
 * @param decayBnAndBias whether weight decay also applies to BN parameters and biases
 * @param schedule what lr does after warm-up (see {@link Schedule})
 * @param stepSize epochs between decays for {@code step}, counted from the end of warm-up
 * @param milestones epochs at which {@code multistep} decays, counted from the end of warm-up
 * @param gamma decay factor for step/multistep
 * @param warmupEpochs epochs of linear warm-up from {@link LearningRateSchedule#WARMUP_START_FACTOR} × lr to lr
 * @param labelSmoothing epsilon of label smoothing (0 = off)
 * @param evaluateEvery the test split is evaluated after every {@code evaluateEvery}-th epoch and after the last;
 *     null = after the last only (left out of the config JSON). Evaluation does not change training (same weights,
 *     same train columns), so it is not part of a run's id (see {@code RunIds}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecipeConfig(
        int epochs,
        int batchSize,
        String optimizer,
        double lr,
        double momentum,
        boolean nesterov,
        double weightDecay,
        boolean decayBnAndBias,
        Schedule schedule,
        int stepSize,
        List<Integer> milestones,
        double gamma,
        int warmupEpochs,
        double labelSmoothing,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer evaluateEvery) {

    /** A recipe that evaluates after the last epoch only. */
    public RecipeConfig(int epochs, int batchSize, String optimizer, double lr, double momentum, boolean nesterov,
            double weightDecay, boolean decayBnAndBias, Schedule schedule, int stepSize, List<Integer> milestones,
            double gamma, int warmupEpochs, double labelSmoothing) {
        this(epochs, batchSize, optimizer, lr, momentum, nesterov, weightDecay, decayBnAndBias, schedule, stepSize,
                milestones, gamma, warmupEpochs, labelSmoothing, null);
    }

    /** Whether the test split is evaluated after {@code epoch} (1-based). */
    public boolean evaluatesAfter(int epoch) {
        return epoch == epochs || (evaluateEvery != null && epoch % evaluateEvery == 0);
    }

    /** This recipe evaluating after every {@code n}-th epoch and the last. */
    public RecipeConfig withEvaluateEvery(Integer n) {
        return new RecipeConfig(epochs, batchSize, optimizer, lr, momentum, nesterov, weightDecay, decayBnAndBias,
                schedule, stepSize, milestones, gamma, warmupEpochs, labelSmoothing, n);
    }
}
