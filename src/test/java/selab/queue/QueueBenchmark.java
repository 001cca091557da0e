package selab.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.results.Json;
import selab.results.RunStatus;
import selab.results.TestRecords;

/**
 * Issue 13's queue benchmark (not a test: tagged "benchmark", left out of the default suite). With 1, 8 and 32
 * workers on each backend, every worker (a thread with its own queue connection, as a worker process has) claims,
 * heartbeats once and completes tiny no-training runs until none is left. Reports runs per second (claim +
 * heartbeat + complete) and the p50 / p99 latency of a claim, in {@code reports/bench/queue.md} and
 * {@code queue.json}.
 *
 * <p>Run: {@code mvn -o test-compile surefire:test@default-test -Dtest=QueueBenchmark -Dselab.excludedGroups=crash}.
 * The PostgreSQL server is the tests' ({@link TestPostgres}: loopback, fsync off), so its numbers are an upper bound
 * for a server that syncs to disk; the SQLite file is synced as selab always does (WAL, default synchronous).
 */
@Tag("benchmark")
class QueueBenchmark {
    private static final int RUNS_PER_WORKER = 50;
    private static final int MIN_RUNS = 1000;
    /** Runs claimed before the measured rounds of each backend, so the JIT and the server's caches are warm. */
    private static final int WARM_UP_RUNS = 300;
    private static final int[] WORKERS = {1, 8, 32};

    @TempDir
    Path dir;

    private record Row(String backend, int workers, int runs, double seconds, double p50Ms, double p99Ms) {
        double perSecond() {
            return runs / seconds;
        }
    }

    @Test
    void claimHeartbeatCompleteThroughputAndClaimLatency() throws Exception {
        List<Row> rows = new ArrayList<>();
        Path warm = dir.resolve("warm.db");
        measure("SQLite", 4, WARM_UP_RUNS, () -> RunQueue.open(warm));
        for (int workers : WORKERS) {
            Path file = dir.resolve("q" + workers + ".db");
            rows.add(measure("SQLite", workers, () -> RunQueue.open(file)));
        }
        String pgNote;
        try {
            String warmUrl = TestPostgres.newDatabase();
            measure("PostgreSQL", 4, WARM_UP_RUNS, () -> PostgresQueue.open(warmUrl));
            for (int workers : WORKERS) {
                String url = TestPostgres.newDatabase();
                rows.add(measure("PostgreSQL", workers, () -> PostgresQueue.open(url)));
            }
            pgNote = "PostgreSQL: the tests' server on loopback (fsync, synchronous_commit and full_page_writes off),"
                    + " so an upper bound for a server that syncs to disk";
        } catch (org.opentest4j.TestAbortedException e) {
            pgNote = "PostgreSQL: not measured (" + e.getMessage() + ")";
        }
        write(rows, pgNote);
    }

    private Row measure(String backend, int workers, Supplier<WorkQueue> open) throws Exception {
        return measure(backend, workers, Math.max(MIN_RUNS, RUNS_PER_WORKER * workers), open);
    }

    private Row measure(String backend, int workers, int runs, Supplier<WorkQueue> open) throws Exception {
        try (WorkQueue q = open.get()) {
            assertEquals(runs, q.enqueue(TestRecords.variants("bench", runs), 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String id = "bench-" + w;
            futures.add(pool.submit(() -> {
                List<Long> claimNanos = new ArrayList<>();
                try (WorkQueue q = open.get()) {
                    ready.countDown();
                    go.await();
                    while (true) {
                        long t0 = System.nanoTime();
                        Optional<Claim> c = q.claim(new ClaimRequest(id, ClaimRequest.newToken(), "bench",
                                Lease.of(Duration.ofMinutes(5)), null, null));
                        claimNanos.add(System.nanoTime() - t0);
                        if (c.isEmpty()) {
                            return claimNanos;
                        }
                        if (!q.heartbeat(c.get()) || !q.complete(c.get(), RunStatus.DONE)) {
                            throw new IllegalStateException("lost claim " + c.get());
                        }
                    }
                }
            }));
        }
        ready.await(120, TimeUnit.SECONDS);
        long start = System.nanoTime();
        go.countDown();
        List<Long> latencies = new ArrayList<>();
        try {
            for (Future<List<Long>> f : futures) {
                List<Long> l = f.get(10, TimeUnit.MINUTES);
                latencies.addAll(l.subList(0, l.size() - 1)); // the last, empty claim is not a hand-out
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (WorkQueue q = open.get()) {
            assertEquals(runs, q.counts("bench").get(RunStatus.DONE), "every run done once");
        }
        Collections.sort(latencies);
        assertEquals(runs, latencies.size());
        return new Row(backend, workers, runs, seconds, percentile(latencies, 0.50), percentile(latencies, 0.99));
    }

    private static double percentile(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private static void write(List<Row> rows, String pgNote) throws Exception {
        Path out = Path.of("reports/bench");
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder("# Queue benchmark\n\n")
                .append("measured by `QueueBenchmark` (`mvn -o test-compile surefire:test@default-test"
                        + " -Dtest=QueueBenchmark -Dselab.excludedGroups=crash`) on ")
                .append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (JVM)\n\n")
                .append("Each worker is a thread with its own queue connection; it claims a tiny run (no training),"
                        + " heartbeats once and completes it, until none is left. runs/s counts those three calls"
                        + " per run; latency is one claim's. Client threads and the database server share the"
                        + " machine's cores, so 32 workers oversubscribe them; one warm-up round per backend is not"
                        + " counted. ")
                .append(pgNote).append(".\n\n")
                .append("| backend | workers | runs | seconds | runs/s | claim p50 ms | claim p99 ms |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("measured_at", Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("postgres_note", pgNote);
        ArrayNode list = json.putArray("rows");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %.2f | %.2f |%n", r.backend(),
                    r.workers(), r.runs(), r.seconds(), r.perSecond(), r.p50Ms(), r.p99Ms()));
            ObjectNode o = list.addObject();
            o.put("backend", r.backend());
            o.put("workers", r.workers());
            o.put("runs", r.runs());
            o.put("seconds", r.seconds());
            o.put("runs_per_second", r.perSecond());
            o.put("claim_p50_ms", r.p50Ms());
            o.put("claim_p99_ms", r.p99Ms());
        }
        Files.writeString(out.resolve("queue.md"), md.toString());
        Files.writeString(out.resolve("queue.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(json) + "\n");
    }
}
