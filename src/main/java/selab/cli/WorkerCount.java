package selab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import selab.work.ChildJvm;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code run --workers N|auto}: how many worker processes share this machine. {@code auto} measures instead of
 * guessing: for each candidate count n (1, 2, 4, … up to the cores and the runs left) it starts n processes at once,
 * each timing training steps of the spec's first run with cores/n threads, and sums their images per second; n > 1
 * is chosen only if it beats one worker by {@value #MARGIN_PERCENT}% (less is within this measurement's noise).
 *
 * @param fixed the count given, or 0 for {@code auto}
 */
record WorkerCount(int fixed) {
    static final int MARGIN_PERCENT = 10;

    boolean auto() {
        return fixed == 0;
    }

    /** Threads per worker when {@code --threads} is not given: the cores shared out, at least one. */
    static int threadsEach(int cores, int workers) {
        return Math.max(1, cores / workers);
    }

    /** Parses {@code --workers}. */
    static final class Converter implements ITypeConverter<WorkerCount> {
        @Override
        public WorkerCount convert(String value) {
            if (value.equals("auto")) {
                return new WorkerCount(0);
            }
            if (value.matches("[1-9]\\d{0,2}")) {
                return new WorkerCount(Integer.parseInt(value));
            }
            throw new TypeConversionException("'" + value + "' is not allowed; allowed: an integer 1-999, or auto");
        }
    }

    /** One candidate count and what it measured. */
    record Trial(int workers, int threadsEach, double imagesPerSecond) {}

    /**
     * Measures each candidate count, in increasing order (see {@link #choose}).
     *
     * @param spec the spec whose first run is timed
     * @param runsLeft runs still to train (no more workers than that)
     */
    static List<Trial> measure(Path spec, int cores, Integer threads, int runsLeft, List<String> deviceArgs,
            PrintStream out) {
        List<Trial> trials = new ArrayList<>();
        for (int n = 1; n <= Math.max(1, Math.min(cores, runsLeft)); n *= 2) {
            int t = threads != null ? threads : threadsEach(cores, n);
            List<Process> probes = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    List<String> args = new ArrayList<>(List.of("probe-step", spec.toString(), "--threads",
                            Integer.toString(t)));
                    args.addAll(deviceArgs);
                    probes.add(start(args, t));
                }
                // Every probe warmed up before any is timed, then all timed over the same seconds.
                for (Process p : probes) {
                    awaitReady(p);
                }
                for (Process p : probes) {
                    p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                    p.getOutputStream().flush();
                }
                double sum = 0;
                for (Process p : probes) {
                    sum += imagesPerSecond(p);
                }
                trials.add(new Trial(n, t, sum));
                out.printf(Locale.ROOT, "--workers auto: %d worker(s) x %d thread(s): %.0f img/s together%n", n, t, sum);
            } catch (IOException e) {
                throw new UncheckedIOException("--workers auto: " + e.getMessage(), e);
            } finally {
                probes.forEach(p -> p.toHandle().destroy()); // done ones are gone; a failed trial leaves none behind
            }
        }
        return trials;
    }

    private static void awaitReady(Process p) throws IOException {
        StringBuilder seen = new StringBuilder();
        int c;
        StringBuilder line = new StringBuilder();
        while ((c = p.getInputStream().read()) != -1) {
            if (c == '\n') {
                if (line.toString().equals(ProbeStepCommand.READY)) {
                    return;
                }
                seen.append(line).append('\n');
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        throw new IllegalStateException("--workers auto: a probe ended before its warm-up was done:\n" + seen);
    }

    /**
     * One worker unless more beat it by the margin; then the fewest workers within the margin of the best count
     * (more processes cost memory for no measured gain).
     */
    static int choose(List<Trial> trials) {
        double factor = 1 + MARGIN_PERCENT / 100.0;
        double one = trials.get(0).imagesPerSecond();
        double best = trials.stream().mapToDouble(Trial::imagesPerSecond).max().orElseThrow();
        for (Trial t : trials) {
            if (t.imagesPerSecond() >= one * factor && t.imagesPerSecond() * factor >= best) {
                return t.workers();
            }
        }
        return 1;
    }

    private static Process start(List<String> args, int threads) {
        ProcessBuilder pb = ChildJvm.withThreads(args, threads).redirectErrorStream(true);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("--workers auto: cannot start a probe: " + e.getMessage(), e);
        }
    }

    private static double imagesPerSecond(Process p) {
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            for (String line : output.split("\n")) {
                if (line.startsWith(ProbeStepCommand.PREFIX)) {
                    return Double.parseDouble(line.substring(ProbeStepCommand.PREFIX.length()).trim());
                }
            }
            throw new IllegalStateException("--workers auto: a probe exited " + exit + " without a measurement:\n"
                    + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
