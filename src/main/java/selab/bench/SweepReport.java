package selab.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import selab.io.AtomicFiles;
import selab.results.Json;
import selab.results.Provenance;

/** {@code sweep.md} and {@code sweep.json}: each sweep measured, and the median runs per hour of each way. */
public final class SweepReport {
    public static final String MARKDOWN = "sweep.md";
    public static final String JSON = "sweep.json";

    private SweepReport() {}

    /** Writes both files (each atomically) and returns the Markdown. */
    public static String write(SweepBench.Options o, String peerTorch, Provenance machine, List<SweepBench.Sweep> sweeps,
            Path dir) throws IOException {
        Files.createDirectories(dir);
        String md = markdown(o, peerTorch, machine, sweeps);
        AtomicFiles.write(dir.resolve(MARKDOWN), md.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode json = Json.mapper().createObjectNode();
        json.set("machine", Json.mapper().valueToTree(machine));
        json.put("peer_torch", peerTorch).put("epochs", o.epochs()).put("rounds", o.rounds())
                .put("threads", o.threads()).put("packed_workers", o.packedWorkers());
        ArrayNode rows = json.putArray("sweeps");
        sweeps.forEach(s -> rows.add(Json.mapper().valueToTree(s)));
        ObjectNode medians = json.putObject("median_runs_per_hour");
        for (String way : SweepBench.WAYS) {
            medians.put(way, medianRunsPerHour(sweeps, way));
        }
        AtomicFiles.write(dir.resolve(JSON), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        return md;
    }

    static double medianRunsPerHour(List<SweepBench.Sweep> sweeps, String way) {
        List<Double> v = new ArrayList<>();
        sweeps.stream().filter(s -> s.way().equals(way)).forEach(s -> v.add(s.runsPerHour()));
        return v.isEmpty() ? Double.NaN : Median.of(v);
    }

    static String markdown(SweepBench.Options o, String peerTorch, Provenance m, List<SweepBench.Sweep> sweeps) {
        StringBuilder b = new StringBuilder("# Sweep benchmark (`selab bench --sweep`)\n\n");
        if (o.quick()) {
            b.append("**--quick: 1,000 training and 500 test images. A smoke test of the bench, not a measurement.**\n\n");
        }
        int runs = sweeps.isEmpty() ? 0 : sweeps.get(0).runs();
        b.append(String.format(Locale.ROOT, """
                Measured by selab at commit %s%s on %s (%s), %s to %s. A sweep of %d proxy runs (ResNet-20 and
                SE-ResNet-20 variants of paper Tables 10 and 12, one seed, Fashion-MNIST: %s; %d epochs each, batch 128,
                cosine lr), trained three ways, interleaved over %d
                round(s) (order reversed every other round):

                - **%s**: `selab run SPEC`, one worker with %d threads; evaluates the test split after the last epoch
                  only (no table of this sweep plots curves).
                - **%s**: `selab run SPEC --workers %d`, %d thread(s) each.
                - **%s**: `peer_pytorch.py --train` once per config in a bash loop (one python process per run, as a
                  hand-written script is run), PyTorch %s with %d threads, the same recipe written with PyTorch's
                  own optimizer, schedulers and loss; evaluates after every epoch, as such a script does.

                Wall time includes everything each way pays: process start, data loading, training and evaluation.

                | way | round | runs done | wall (s) | runs/hour | mean final top-1 err (%%) | load before | load after |
                |---|---|---|---|---|---|---|---|
                """, m.gitCommit(), m.gitDirty() ? " (dirty)" : "", m.host(), m.cpu(), m.startedAt(), m.finishedAt(),
                runs, o.quick() ? "1,000 training and 500 test images" : "10,000 training images, the 10,000 test images",
                o.epochs(), o.rounds(), SweepBench.WAYS.get(0), o.threads(), SweepBench.WAYS.get(1),
                o.packedWorkers(), Math.max(1, o.threads() / o.packedWorkers()), SweepBench.WAYS.get(2), peerTorch,
                o.threads()));
        for (SweepBench.Sweep s : sweeps) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d/%d | %.0f | %.2f | %.2f | %s | %s |%n", s.way(),
                    s.round(), s.finished(), s.runs(), s.wallSeconds(), s.runsPerHour(), s.meanFinalTop1Err(),
                    s.loadBefore(), s.loadAfter()));
        }
        double peer = medianRunsPerHour(sweeps, SweepBench.WAYS.get(2));
        b.append("\n| way | median runs/hour | ratio to the PyTorch loop |\n|---|---|---|\n");
        for (String way : SweepBench.WAYS) {
            double r = medianRunsPerHour(sweeps, way);
            b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f× |%n", way, r, r / peer));
        }
        return b.toString();
    }
}
