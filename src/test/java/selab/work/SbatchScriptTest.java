package selab.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job script's directives and command line, checked line by line and by bash itself. */
class SbatchScriptTest {

    private static SbatchScript script(Path results, int gpus, String partition) {
        return new SbatchScript("table10-ratio", Path.of("/shared/selab"), results, results.resolve("queue.db").toString(),
                3, 4, gpus, "1-02:00:00", partition, 90, List.of("--data", "/data/it's here"),
                Map.of("PYTORCH_FLAVOR", "cu128"));
    }

    @Test
    void cpuArrayOfWorkersThatCheckpointBeforeTheLimit(@TempDir Path tmp) {
        List<String> lines = script(tmp, 0, null).render().lines().toList();
        assertTrue(lines.contains("#SBATCH --array=0-2"), "3 tasks: 0, 1, 2");
        assertTrue(lines.contains("#SBATCH --cpus-per-task=4"));
        assertTrue(lines.contains("#SBATCH --time=1-02:00:00"));
        assertTrue(lines.contains("#SBATCH --requeue"));
        assertTrue(lines.contains("#SBATCH --signal=B:TERM@90"), "the batch shell (the exec'd worker) gets SIGTERM");
        assertTrue(lines.contains("#SBATCH --output=" + tmp.resolve("slurm").resolve("%x-%A_%a.out")));
        assertTrue(lines.contains("#SBATCH --open-mode=append"), "a requeued task keeps its first log");
        assertTrue(lines.contains("export SELAB_NO_BUILD=1"));
        assertTrue(lines.contains("export PYTORCH_FLAVOR='cu128'"));
        assertFalse(lines.stream().anyMatch(l -> l.contains("--gpus-per-task") || l.contains("--partition")), lines.toString());
        String exec = lines.get(lines.size() - 1);
        assertTrue(exec.startsWith("exec '/shared/selab/selab' worker --experiment 'table10-ratio'"), exec);
        assertFalse(exec.contains("--device gpu"), exec);
        // Every #SBATCH line comes before the first command: sbatch stops reading directives there.
        int firstCommand = lines.indexOf("set -euo pipefail");
        assertTrue(lines.subList(firstCommand, lines.size()).stream().noneMatch(l -> l.startsWith("#SBATCH")));
    }

    @Test
    void gpuJobAsksForGpusAndRunsTheWorkersOnThem(@TempDir Path tmp) {
        List<String> lines = script(tmp, 2, "gpu-long").render().lines().toList();
        assertTrue(lines.contains("#SBATCH --gpus-per-task=2"));
        assertTrue(lines.contains("#SBATCH --partition=gpu-long"));
        assertTrue(lines.get(lines.size() - 1).contains(" --device gpu"));
    }

    @Test
    void bashReadsTheArgumentsBackExactly(@TempDir Path tmp) throws Exception {
        // Replace the launcher by a script that prints its arguments, one per line, and run the job script.
        Path repo = Files.createDirectories(tmp.resolve("repo with space"));
        Path launcher = repo.resolve("selab");
        Files.writeString(launcher, "#!/bin/bash\nprintf '%s\\n' \"$@\"\n");
        assertTrue(launcher.toFile().setExecutable(true));
        SbatchScript s = new SbatchScript("q'uick", repo, tmp.resolve("res"), "/q/queue.db", 1, 1, 0, "00:10:00", null,
                60, List.of("--data", "/data/it's here"), Map.of());
        Path file = tmp.resolve("job.sbatch");
        Files.writeString(file, s.render());
        Process p = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> args = out.lines().filter(l -> !l.startsWith("selab worker: job")).toList();
        assertEquals(List.of("worker", "--experiment", "q'uick", "--results", tmp.resolve("res").toString(), "--queue",
                "/q/queue.db", "--data", "/data/it's here"), args);
    }
}
