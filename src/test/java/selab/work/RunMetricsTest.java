package selab.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import selab.results.Metrics;
import selab.train.HistoryRow;
import selab.train.Trainer;

/** A run's metrics from histories whose epochs were not all evaluated, computed by hand. */
class RunMetricsTest {
    private static final double NAN = Double.NaN;

    private static HistoryRow row(int epoch, double trainLoss, double top1, double top5) {
        return new HistoryRow(epoch, 0.1, trainLoss, 50, Double.isNaN(top1) ? NAN : 1.0, top1, top5, 1, 1);
    }

    @Test
    void aDoneRunsFinalIsItsLastEpochAndItsOracleTheBestEvaluatedOne() {
        Metrics m = RunExecutor.metrics(new Trainer.Outcome(false, null,
                List.of(row(1, 2.0, NAN, NAN), row(2, 1.5, 30, 4), row(3, 1.2, NAN, NAN), row(4, 1.0, 32, 3)), 4, 1));
        assertEquals(32, m.finalTop1Err());
        assertEquals(3, m.finalTop5Err());
        assertEquals(30, m.oracleTop1Err(), "epoch 2, the best evaluated; unevaluated epochs are not zeros");
        assertEquals(3, m.oracleTop5Err(), "chosen separately: epoch 4");
        assertEquals(1.0, m.finalTrainLoss());
    }

    @Test
    void aRunThatDivergedAfterEpochsNeverEvaluatedHasNoTestMetricsButItsEpoch() {
        Metrics m = RunExecutor.metrics(new Trainer.Outcome(true, 3, List.of(row(1, 2.0, NAN, NAN), row(2, 1.9, NAN, NAN)),
                2, 1));
        assertNull(m.finalTop1Err());
        assertNull(m.oracleTop1Err());
        assertNull(m.finalTestLoss());
        assertEquals(1.9, m.finalTrainLoss());
        assertEquals(3, m.divergedEpoch());
    }
}
