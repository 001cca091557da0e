package selab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The test-set-selected epoch is written as oracle_*; records written as best_* before that still load. */
class MetricsJsonTest {

    @Test
    void oracleErrorsAreWrittenUnderTheirNameAndReadUnderTheOldOne() throws Exception {
        JsonNode written = Json.mapper().valueToTree(new Metrics(6.0, 0.5, 5.5, 0.25, 0.2, 0.3, null));
        assertEquals(5.5, written.get("oracle_top1_err").asDouble());
        assertEquals(0.25, written.get("oracle_top5_err").asDouble());
        assertFalse(written.has("best_top1_err"));

        Metrics old = Json.mapper().readValue("{\"final_top1_err\": 6.06, \"final_top5_err\": 0.04, "
                + "\"best_top1_err\": 5.97, \"best_top5_err\": 0.03, \"final_train_loss\": 0.1387, "
                + "\"final_test_loss\": 0.1711, \"diverged_epoch\": null}", Metrics.class);
        assertEquals(new Metrics(6.06, 0.04, 5.97, 0.03, 0.1387, 0.1711, null), old);
    }

    @Test
    void aCommittedRecordWithTheOldFieldsLoads() {
        // The fashion record as committed before the clean rerun (git show 25b783b:results/fashion-benchmark/
        // 91456ec32772/run.json), kept as a test resource: "best_top1_err" : 5.97, "best_top5_err" : 0.03
        RunRecord r = new RunStore(Path.of("src/test/resources/selab/results/old-records")).read("fashion-benchmark",
                "91456ec32772").orElseThrow();
        assertEquals(5.97, r.metrics().oracleTop1Err());
        assertEquals(0.03, r.metrics().oracleTop5Err());
        assertTrue(r.wallSeconds() > 0);
    }
}
