package selab.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A run's outcome on the held-out split. Errors are in percent, as the paper prints them.
 *
 * @param divergedEpoch the epoch whose loss became NaN/inf, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Metrics(
        Double finalTop1Err,
        Double finalTop5Err,
        Double bestTop1Err,
        Double bestTop5Err,
        Double finalTrainLoss,
        Double finalTestLoss,
        Integer divergedEpoch) {}
