package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.cli.Main;
import selab.results.Json;

/** A smoke run of {@code selab bench} through the CLI, without the python peer. */
class BenchCommandTest {

    @Test
    void quickRunWritesMarkdownAndJson(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        int code = Main.execute("bench", "--quick", "--no-peer", "--steps", "2", "--warmup", "1", "--rounds", "1",
                "--threads", "1", "--out", out.toString());
        assertEquals(0, code);
        String md = Files.readString(out.resolve("bench.md"));
        for (String name : new String[] {"| resnet-20 |", "| se-resnet-20 (r=16) |", "| SE overhead (step time) |",
                "| selab BatchGather + augment |", "| selab BatchGather, no augment |", "| DJL ArrayDataset |",
                BenchReport.PROVENANCE_LINE, "no peer: not run (--no-peer)", "DJL intra-op 1"}) {
            assertTrue(md.contains(name), "missing '" + name + "' in:\n" + md);
        }
        JsonNode json = Json.mapper().readTree(out.resolve("bench.json").toFile());
        JsonNode plain = json.at("/result/plain");
        assertEquals(1, plain.get("selabStepSeconds").size(), "one round -> one median step");
        assertEquals(272_186L, plain.get("params").asLong()); // hand count of ResNet-20 on 1 channel, see PythonPeerParamCountTest
        assertTrue(json.at("/summary/resnet-20/selab_images_per_s").asDouble() > 0);
        assertTrue(json.at("/summary/pytorch_se_overhead_percent").isNull());
    }

    @Test
    void badFlagIsAUserError(@TempDir Path dir) {
        assertEquals(Main.BAD_INPUT, Main.execute("bench", "--quick", "--no-peer", "--rounds", "0", "--out",
                dir.toString()));
    }
}
