package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.train.HistoryRow;

/** The same spec run twice into separate result trees trains the same numbers, epoch by epoch. */
class SameSeedCliTest {
    private static final String EXP = "sameseed";

    @TempDir
    Path tmp;

    @Test
    void sameSeedGivesIdenticalHistoryExceptTimings() throws Exception {
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 2, List.of(0, 1), "  se: {}\n", "");
        for (String dir : List.of("a", "b")) {
            Cli.Result r = Cli.run("run", spec.toString(), "--results", tmp.resolve(dir).toString(), "--reports",
                    tmp.resolve(dir + "-reports").toString(), "--device", "cpu");
            assertEquals(0, r.exit(), r.all());
        }
        Map<String, JsonNode> a = Sweeps.records(tmp.resolve("a"), EXP);
        Map<String, JsonNode> b = Sweeps.records(tmp.resolve("b"), EXP);
        assertEquals(2, a.size());
        assertEquals(a.keySet(), b.keySet(), "run ids depend only on config and seed");

        List<List<String>> bySeed = new ArrayList<>();
        for (String id : a.keySet()) {
            List<String> ha = historyBytes(tmp.resolve("a").resolve(EXP).resolve(id));
            List<String> hb = historyBytes(tmp.resolve("b").resolve(EXP).resolve(id));
            assertEquals(3, ha.size(), "header + one row per epoch: " + ha);
            assertEquals(ha, hb, "history of " + id);
            assertEquals(a.get(id).get("metrics"), b.get(id).get("metrics"), "metrics of " + id);
            bySeed.add(ha);
        }
        // Control: the comparison sees training numbers at all, since another seed gives other ones.
        assertNotEquals(bySeed.get(0).subList(1, 3), bySeed.get(1).subList(1, 3));
    }

    /** history.csv as written: it holds only what training computed, so same seed means same bytes. */
    private static List<String> historyBytes(Path runDir) throws Exception {
        List<String> lines = Files.readAllLines(runDir.resolve("history.csv"));
        assertEquals(HistoryRow.CSV_HEADER, lines.get(0));
        assertTrue(Files.exists(runDir.resolve("timing.csv")), "wall-clock columns live in timing.csv");
        return lines;
    }
}
