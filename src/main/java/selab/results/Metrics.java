package selab.results;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A run's outcome on the held-out split. Errors are in percent, as the paper prints them. Reports use the
 * final epoch, as the paper does.
 *
 * @param oracleTop1Err the lowest test top-1 error of any epoch: an oracle, since the epoch is chosen on the
 *     test set itself, so it flatters the run; recorded as {@code best_top1_err} before it said so (still read)
 * @param oracleTop5Err the same for top-5 (its epoch chosen separately); formerly {@code best_top5_err}
 * @param divergedEpoch the epoch whose training loss or evaluation became NaN/inf, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Metrics(
        Double finalTop1Err,
        Double finalTop5Err,
        @JsonAlias("best_top1_err") Double oracleTop1Err,
        @JsonAlias("best_top5_err") Double oracleTop5Err,
        Double finalTrainLoss,
        Double finalTestLoss,
        Integer divergedEpoch) {}
