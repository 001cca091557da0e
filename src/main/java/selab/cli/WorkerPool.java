package selab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import selab.work.ChildJvm;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code run --workers N}: N {@code selab worker} processes on the one queue, each with its share of the cores as
 * intra-op threads (processes, not threads: libtorch's intra-op pool size is per process and per thread, and one
 * crashed worker then takes no other run down). Their output is relayed line by line, prefixed with the worker.
 * A stop request (SIGTERM/SIGINT) is passed on as SIGTERM; each worker then releases its run as on its own.
 */
final class WorkerPool {
    private record Member(String label, Process process, Thread relay) {}

    private final List<Member> members = new ArrayList<>();
    private final PrintStream out;

    private WorkerPool(PrintStream out) {
        this.out = out;
    }

    /**
     * Starts one {@code worker} per argument list with {@code threads} intra-op threads each and waits for all.
     *
     * @return each worker's exit status, in order
     */
    static List<Integer> runAll(List<List<String>> workerArgs, int threads, PrintStream out, BooleanSupplier stop) {
        WorkerPool pool = new WorkerPool(out);
        try {
            for (int i = 0; i < workerArgs.size(); i++) {
                pool.start("w" + (i + 1), workerArgs.get(i), threads);
            }
            return pool.await(stop);
        } finally {
            pool.members.forEach(m -> m.process().destroy()); // reached with live members only on an error here
        }
    }

    private void start(String label, List<String> args, int threads) {
        // The worker also sets its count itself (--threads); the environment covers the pools' start.
        ProcessBuilder pb = ChildJvm.withThreads(args, threads).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + label + ": " + e.getMessage(), e);
        }
        Thread relay = new Thread(() -> relay(label, p), "selab-relay-" + label);
        relay.setDaemon(true);
        relay.start();
        members.add(new Member(label, p, relay));
    }

    private void relay(String label, Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (out) {
                    out.println("[" + label + "] " + line);
                }
            }
        } catch (IOException e) {
            // the worker is gone; its exit status says how
        }
    }

    private List<Integer> await(BooleanSupplier stop) {
        boolean passedOn = false;
        try {
            while (members.stream().anyMatch(m -> m.process().isAlive())) {
                if (!passedOn && stop.getAsBoolean()) {
                    // SIGTERM through the handle: Process.destroy() would also close our end of the worker's output
                    // pipe, and the lines it prints while it stops would be lost.
                    members.forEach(m -> m.process().toHandle().destroy());
                    passedOn = true;
                }
                members.get(0).process().waitFor(200, TimeUnit.MILLISECONDS);
            }
            List<Integer> codes = new ArrayList<>();
            for (Member m : members) {
                m.relay().join(5_000); // the last lines of its output
                codes.add(m.process().exitValue());
            }
            return codes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the workers", e);
        }
    }
}
