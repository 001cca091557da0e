package selab.results;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import selab.spec.RunConfig;

/**
 * Everything known about one run, stored as results/&lt;experiment&gt;/&lt;id&gt;/run.json.
 *
 * @param epochs epochs completed
 * @param paperFlops operations of one forward pass at the run's input size as the paper counts them: conv
 *     and FC multiply-adds plus the SE element-wise work ({@code Profile.paperFlops}); records written
 *     before the field had this name call it {@code macs}, which is read as the same
 * @param wallSeconds seconds spent in training steps, summed over every epoch of every attempt (evaluation
 *     excluded; a resumed run counts the epochs its checkpoint brought back, an epoch cut off by a crash is lost)
 * @param imagesPerSecond training images of those epochs per {@code wallSeconds}
 * @param fingerprint what decided the numbers (null in records made before fingerprints)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunRecord(
        String id,
        String experiment,
        String variant,
        long seed,
        RunStatus status,
        RunConfig config,
        Metrics metrics,
        long params,
        @JsonAlias("macs") long paperFlops,
        int epochs,
        double wallSeconds,
        double imagesPerSecond,
        Provenance provenance,
        String error,
        Fingerprint fingerprint) {}
