package selab.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * How a run is trained: SGD with PyTorch semantics and a learning-rate schedule.
 *
 * @param optimizer only {@code sgd}
 * @param decayBnAndBias whether weight decay also applies to BN parameters and biases
 * @param schedule step | multistep | cosine | constant
 * @param stepSize epochs between decays for {@code step}
 * @param milestones epochs at which {@code multistep} decays
 * @param gamma decay factor for step/multistep
 * @param warmupEpochs epochs of linear warm-up from 0 to lr (see LearningRateSchedule)
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
        String schedule,
        int stepSize,
        List<Integer> milestones,
        double gamma,
        int warmupEpochs,
        double labelSmoothing) {}
