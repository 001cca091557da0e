package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.plan.Variant;
import selab.results.RunStatus;
import selab.results.TestRecords;

/**
 * Several worker processes and threads drain one queue at once — a SQLite file, and a PostgreSQL database where a
 * server can be started ({@link TestPostgres}) — and every run must be claimed exactly once. Each worker logs a claim
 * before completing it, so a run handed out twice would appear on two lines.
 */
class RunQueueConcurrencyTest {
    private static final int RUNS = 60;
    private static final int PROCESSES = 3;

    @TempDir
    Path dir;

    @Test
    void processesAndThreadsNeverClaimTheSameRun() throws Exception {
        drainTogether(dir.resolve("queue.db").toString());
    }

    @Test
    void processesAndThreadsNeverClaimTheSameRunOnPostgres() throws Exception {
        drainTogether(TestPostgres.newDatabase());
    }

    private void drainTogether(String db) throws Exception {
        List<Variant> variants = TestRecords.variants("conc", RUNS);
        try (WorkQueue q = QueueWorkerProbe.open(db)) {
            assertEquals(RUNS, q.enqueue(variants, 1));
        }
        Path go = dir.resolve("go");

        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Path out = dir.resolve("proc" + i + ".txt");
            outputs.add(out);
            processes.add(new ProcessBuilder(javaExecutable(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), QueueWorkerProbe.class.getName(),
                    db, "proc" + i, out.toString(), go.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("proc" + i + ".log").toFile())
                    .start());
        }
        try {
            // Start everyone together, so claims really overlap instead of one JVM draining the queue alone.
            for (int i = 0; i < PROCESSES; i++) {
                awaitFile(Path.of(outputs.get(i) + ".ready"), processes.get(i), dir.resolve("proc" + i + ".log"));
            }
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<Integer>> results = new ArrayList<>();
            try (WorkQueue shared = QueueWorkerProbe.open(db)) {
                Files.writeString(go, "go");
                for (int t = 0; t < 4; t++) {
                    Path out = dir.resolve("thread" + t + ".txt");
                    outputs.add(out);
                    String worker = "thread" + t;
                    boolean ownConnection = t < 2; // two threads with their own connection, two sharing one
                    results.add(threads.submit(() -> {
                        if (!ownConnection) {
                            return QueueWorkerProbe.drain(shared, worker, out);
                        }
                        try (WorkQueue own = QueueWorkerProbe.open(db)) {
                            return QueueWorkerProbe.drain(own, worker, out);
                        }
                    }));
                }
                for (Future<Integer> f : results) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            for (int i = 0; i < PROCESSES; i++) {
                Process p = processes.get(i);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "worker process " + i + " did not finish");
                assertEquals(0, p.exitValue(), "worker process " + i + " failed:\n"
                        + Files.readString(dir.resolve("proc" + i + ".log")));
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }

        List<String> claimed = new ArrayList<>();
        Map<String, Integer> perWorker = new HashMap<>();
        for (Path out : outputs) {
            List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
            claimed.addAll(lines);
            perWorker.put(out.getFileName().toString(), lines.size());
        }
        Map<String, Long> times = claimed.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        Map<String, Long> duplicates = times.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), duplicates, "runs claimed more than once; claims per worker: " + perWorker);
        assertEquals(variants.stream().map(Variant::id).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(claimed), "every run claimed once");
        assertTrue(perWorker.values().stream().filter(n -> n > 0).count() >= 2,
                "expected the work to be shared, got " + perWorker);
        try (WorkQueue q = QueueWorkerProbe.open(db)) {
            assertEquals(RUNS, q.counts("conc").get(RunStatus.DONE));
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void awaitFile(Path file, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new AssertionError("worker process exited early:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker process not ready within 60 s: " + file);
            }
            Thread.sleep(20);
        }
    }
}
