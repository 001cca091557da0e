package selab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training must not depend on what is in freed memory. glibc's MALLOC_PERTURB_=N fills freed (and newly
 * allocated) heap blocks with a byte pattern, so a kernel that reads memory it never wrote sees different
 * garbage under different N. The same fixed-batch training, run in child JVMs under three values, must give
 * bit-identical, finite losses at every step.
 */
class PerturbedMemoryTrainingTest {

    @ParameterizedTest(name = "{0} width {1}")
    @CsvSource({"standard, 0.5", "nosqueeze, 0.5", "standard, 1.0", "plain, 0.5"})
    void sameLossesUnderEveryMallocPerturbValue(String variant, String width) throws Exception {
        List<String> runs = new ArrayList<>();
        for (String perturb : new String[] {"0", "165", "77"}) {
            runs.add(run(variant, width, perturb));
        }
        String[] first = runs.get(0).split(" ");
        assertEquals(8, first.length, runs.get(0));
        for (String bits : first) {
            float loss = Float.intBitsToFloat(Integer.parseInt(bits));
            assertTrue(Float.isFinite(loss), "non-finite loss in " + Arrays.toString(first));
        }
        assertTrue(Float.intBitsToFloat(Integer.parseInt(first[7])) < Float.intBitsToFloat(Integer.parseInt(first[0])),
                "8 steps on one batch lower the loss");
        assertEquals(runs.get(0), runs.get(1), "MALLOC_PERTURB_=0 vs 165");
        assertEquals(runs.get(0), runs.get(2), "MALLOC_PERTURB_=0 vs 77");
    }

    private static String run(String variant, String width, String perturb) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                FixedBatchTraining.class.getName(), variant, width, "8").redirectErrorStream(true);
        if (!perturb.equals("0")) {
            pb.environment().put("MALLOC_PERTURB_", perturb);
        } else {
            pb.environment().remove("MALLOC_PERTURB_");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("losses ")).findFirst()
                .orElseThrow(() -> new AssertionError("no losses line in:\n" + out)).substring(7);
    }
}
