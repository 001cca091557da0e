package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Planner;
import selab.queue.QueuedRun;
import selab.queue.RunQueue;
import selab.results.RunStatus;
import selab.spec.SpecLoader;

/**
 * Issue 11, defect 6: {@code --max-attempts} counts for {@code worker}, and for {@code run} on runs already queued.
 * The run fails on every attempt (its image files do not decode), so the attempts made are exactly the limit.
 */
class MaxAttemptsCliTest {
    private static final String EXP = "maxattempts";

    @TempDir
    Path tmp;

    @Test
    void maxAttemptsAppliesToRunsAlreadyQueued() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (String split : List.of("train", "val")) {
            for (String cls : List.of("a", "b")) {
                Path dir = Files.createDirectories(images.resolve(split).resolve(cls));
                for (int i = 0; i < 4; i++) {
                    Files.writeString(dir.resolve(i + ".png"), "not a png");
                }
            }
        }
        Path spec = Sweeps.spec(tmp, "s.yaml", EXP, 1, List.of(0),
                "  folder: {data.source: imagefolder, data.path: '" + images + "', data.image_size: 16,"
                        + " data.train_subset: null, data.test_subset: null, recipe.batch_size: 4}\n", "");
        String results = tmp.resolve("results").toString();
        try (RunQueue q = RunQueue.open(tmp.resolve("results/queue.db"))) {
            q.enqueue(Planner.expand(SpecLoader.load(spec)).distinctRuns(), 2); // queued with the default, 2
        }

        Cli.Result worker = Cli.run("worker", "--results", results, "--device", "cpu", "--max-attempts", "1");
        assertEquals(0, worker.exit(), worker.all());
        assertEquals(1, count(worker.out(), "attempt failed"), worker.all());
        assertEquals(List.of(1, 1), failedAttemptsAndLimit(), worker.all());
        assertEquals(RunStatus.FAILED, row().state());

        Cli.Result run = Cli.run("run", spec.toString(), "--results", results, "--device", "cpu", "--max-attempts", "3");
        assertEquals(1, run.exit(), run.all());
        assertTrue(run.out().contains("1 failed run(s) have attempts left under --max-attempts 3 and are queued again"),
                run.all());
        assertEquals(2, count(run.out(), "attempt failed"), "two more attempts, three in all\n" + run.all());
        assertEquals(List.of(3, 3), failedAttemptsAndLimit(), run.all());
        assertEquals(RunStatus.FAILED, row().state());

        Cli.Result again = Cli.run("run", spec.toString(), "--results", results, "--device", "cpu");
        assertEquals(0, count(again.out(), "attempt failed"), "without the flag the run's own limit stands\n" + again.all());
    }

    private QueuedRun row() {
        try (RunQueue q = RunQueue.open(tmp.resolve("results/queue.db"))) {
            return q.list(EXP).get(0);
        }
    }

    private List<Integer> failedAttemptsAndLimit() {
        QueuedRun r = row();
        return List.of(r.failedAttempts(), r.maxAttempts());
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
