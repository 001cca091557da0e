package selab.train;

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
        double labelSmoothing) {}
