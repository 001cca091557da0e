package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `selab slurm --submit` on a real single-node Slurm (scripts/slurm-localhost.sh: Debian's slurm-wlm and munge
 * on localhost, as root). Skips, saying why, where Slurm cannot be started; see README "Running on many machines".
 */
class SlurmClusterTest {

    private static final Path STARTER = Path.of("scripts/slurm-localhost.sh");

    @BeforeAll
    static void slurmOnLocalhost() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/slurmctld")) && Files.isExecutable(Path.of("/usr/bin/sbatch")),
                "Slurm is not installed (apt-get install slurm-wlm munge)");
        assumeTrue("root".equals(System.getProperty("user.name")), "starting a local Slurm needs root");
        Process p = new ProcessBuilder(STARTER.toString(), "start").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean up = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(up, "a single-node Slurm could not be started here: " + out.trim());
    }

    @Test
    void aTwoTaskArrayDrainsASweepEveryRunOnce(@TempDir Path tmp) throws Exception {
        Path spec = Sweeps.spec(tmp, "slurm.yaml", "slurmsweep", 2, List.of(0, 1),
                "  se: {model.se: {ratio: 4}}\n  plain: {model.se: none}\n", "");
        Path results = tmp.resolve("results");
        Cli.Result r = Cli.run("slurm", spec.toString(), "--results", results.toString(), "--workers", "2",
                "--cpus-per-task", "1", "--time", "00:10:00", "--submit");
        assertEquals(0, r.exit(), r.all());
        Matcher m = Pattern.compile("submitted job (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.all());
        String job = m.group(1);
        waitUntilGone(job, 240);

        Map<String, JsonNode> records = Sweeps.records(results, "slurmsweep");
        assertEquals(4, records.size(), "2 variants x 2 seeds");
        for (Map.Entry<String, JsonNode> e : records.entrySet()) {
            assertEquals("done", e.getValue().get("status").asText(), e.getKey());
            List<String> rows = Sweeps.historyRows(results.resolve("slurmsweep").resolve(e.getKey()));
            assertEquals(List.of("1", "2"), rows.stream().map(l -> l.split(",")[0]).toList(), e.getKey());
        }
        String logs = allLogs(results.resolve("slurm"));
        assertEquals(2, logs.split("selab worker: job " + job + "_", -1).length - 1, "one log line per array task:\n" + logs);
        // Every run was trained by exactly one worker: its "training" line appears once across both logs.
        List<String> trained = Sweeps.ids(Sweeps.TRAINING, logs);
        assertEquals(4, trained.size(), logs);
        assertEquals(4, trained.stream().distinct().count(), logs);
    }

    @Test
    void aRequeuedTaskStopsAtAStepAndItsRunResumesFromThatCheckpoint(@TempDir Path tmp) throws Exception {
        int epochs = 40;
        Path spec = Sweeps.spec(tmp, "requeue.yaml", "requeue", epochs, List.of(0), "  se: {}\n", "");
        Path results = tmp.resolve("results");
        Cli.Result r = Cli.run("slurm", spec.toString(), "--results", results.toString(), "--workers", "1",
                "--cpus-per-task", "1", "--time", "00:10:00", "--submit");
        assertEquals(0, r.exit(), r.all());
        Matcher m = Pattern.compile("submitted job (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.all());
        String job = m.group(1);
        Path runDir = results.resolve("requeue");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (Sweeps.runDirs(results, "requeue").isEmpty()
                || !Sweeps.midway(Sweeps.runDirs(results, "requeue").get(0), 2, epochs - 10)) {
            if (System.nanoTime() > deadline) {
                new ProcessBuilder("scancel", job).start().waitFor();
                throw new AssertionError("no checkpoint with epochs to go within 180 s:\n" + allLogs(results.resolve("slurm")));
            }
            Thread.sleep(200);
        }
        Process requeue = new ProcessBuilder("scontrol", "requeue", job + "_0").redirectErrorStream(true).start();
        String said = new String(requeue.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, requeue.waitFor(), "scontrol requeue: " + said);
        waitUntilGone(job, 420);

        String logs = allLogs(results.resolve("slurm"));
        Map<String, JsonNode> records = Sweeps.records(results, "requeue");
        assertEquals(1, records.size(), logs);
        String id = records.keySet().iterator().next();
        assertEquals("done", records.get(id).get("status").asText(), logs);
        assertTrue(logs.contains("): stopped on request ") && logs.contains("released, it resumes from the checkpoint"
                + " written at the stop"), logs);
        assertEquals(List.of(id), Sweeps.ids(Sweeps.RESUMING, logs), logs);
        assertEquals(List.of(id), Sweeps.ids(Sweeps.TRAINING, logs), "trained from scratch once:\n" + logs);
        assertEquals(java.util.stream.IntStream.rangeClosed(1, epochs).boxed().toList(),
                Sweeps.epochs(runDir.resolve(id)), logs);
    }

    private static void waitUntilGone(String job, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Process q = new ProcessBuilder("squeue", "-h", "-j", job).redirectErrorStream(true).start();
            String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            q.waitFor();
            if (out.isEmpty() || out.contains("Invalid job id")) {
                return;
            }
            Thread.sleep(1000);
        }
        new ProcessBuilder("scancel", job).start().waitFor();
        throw new AssertionError("job " + job + " still queued or running after " + seconds + " s");
    }

    private static String allLogs(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".out")).sorted().toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }
}
