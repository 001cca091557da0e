package selab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.model.Geometry;
import selab.model.Profile;
import selab.model.Profiler;

/**
 * A record's operation count is {@code paper_flops} (multiply-adds + SE element-wise work); records
 * written before the rename call the same number {@code macs}, and still load.
 */
class RunRecordFieldNamesTest {

    /**
     * A record of an SE-ResNet-20 on Fashion-MNIST written with the old field name: the committed record as it was
     * before the clean rerun rewrote results/ (git show 25b783b:results/table12-gate/c276a8fd2a19/run.json).
     */
    private static final Path OLD_ROOT = Path.of("src/test/resources/selab/results/old-records");
    private static final Path OLD_RECORD = OLD_ROOT.resolve("table12-gate/c276a8fd2a19/run.json");
    /** The "macs" value written in that file. */
    private static final long OLD_RECORD_MACS = 31_155_680L;

    @TempDir
    Path tmp;

    @Test
    void oldRecordsMacsIsReadAsPaperFlops() throws IOException {
        assertTrue(Files.readString(OLD_RECORD).contains("\"macs\" : " + OLD_RECORD_MACS), "fixture changed");
        RunRecord r = new RunStore(OLD_ROOT).read("table12-gate", "c276a8fd2a19").orElseThrow();
        assertEquals(OLD_RECORD_MACS, r.paperFlops());
        // What the old name held was the paper's count, SE element-wise work included, not the multiply-adds.
        Profile p = Profiler.profile(r.config().model(), Geometry.FASHION_MNIST);
        assertEquals(OLD_RECORD_MACS, p.macs() + p.seElementwise());
        assertTrue(p.seElementwise() > 0);
    }

    @Test
    void recordsAreWrittenWithTheNewNameOnly() throws IOException {
        RunRecord old = new RunStore(OLD_ROOT).read("table12-gate", "c276a8fd2a19").orElseThrow();
        RunStore store = new RunStore(tmp);
        String json = Files.readString(store.write(old));
        assertTrue(json.contains("\"paper_flops\" : " + OLD_RECORD_MACS), json);
        assertFalse(json.contains("\"macs\""), json);
        assertEquals(old, store.read(old.experiment(), old.id()).orElseThrow());
    }

    @Test
    void everyCommittedRecordLoadsWithItsCount() throws IOException {
        RunStore store = new RunStore(Path.of("results"));
        List<Path> experiments;
        try (var dirs = Files.list(Path.of("results"))) {
            experiments = dirs.filter(Files::isDirectory).toList();
        }
        int n = 0;
        for (Path e : experiments) {
            for (RunRecord r : store.listRecords(e.getFileName().toString())) {
                assertTrue(r.paperFlops() > 0, r.experiment() + "/" + r.id());
                n++;
            }
        }
        assertTrue(n > 0, "no committed records found");
    }
}
