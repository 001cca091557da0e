package selab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import selab.plan.Plan;
import selab.plan.Planner;
import selab.plan.Variant;
import selab.results.Json;
import selab.spec.SpecLoader;
import selab.work.ChildJvm;

/**
 * {@code selab bench --sweep}: the wall time of a whole sweep, three ways in one sitting — selab as {@code run}
 * starts it by default, selab with several worker processes, and the PyTorch peer script run once per config in a
 * shell loop (what a researcher would otherwise write; it evaluates after every epoch, as such scripts do). The
 * sweep: one seed of Table 10's rows plus Table 12's two other gates on the proxy recipe, shortened to a few
 * epochs. Ways are interleaved round by round, the order reversed every other round, so drift in the machine's
 * load falls on all of them.
 */
public final class SweepBench {
    /** The sweep's configs: name → edits of the proxy base (8 runs at one seed). */
    static final Map<String, String> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("original", "{model.se: none}");
        VARIANTS.put("r2", "{model.se.ratio: 2}");
        VARIANTS.put("r4", "{model.se.ratio: 4}");
        VARIANTS.put("r8", "{model.se.ratio: 8}");
        VARIANTS.put("r16", "{}");
        VARIANTS.put("r32", "{model.se.ratio: 32}");
        VARIANTS.put("tanh", "{model.se.gate: tanh}");
        VARIANTS.put("relu", "{model.se.gate: relu}");
    }

    /**
     * @param epochs epochs per run
     * @param rounds rounds of the three ways
     * @param threads cores: the default worker's threads, the packed workers' share and the peer's threads
     * @param packedWorkers the second selab way's {@code --workers}
     * @param dataDir the Fashion-MNIST directory both frameworks read
     * @param workDir where the sweeps' results, requests and logs go
     * @param quick 1,000 training and 500 test images: a smoke test of the bench, not a measurement
     */
    public record Options(int epochs, int rounds, int threads, int packedWorkers, Path dataDir, Path workDir,
            boolean quick) {}

    /** One sweep, one way. */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sweep(String way, int round, int runs, int finished, double wallSeconds, double runsPerHour,
            double meanFinalTop1Err, String loadBefore, String loadAfter) {}

    private final Options o;
    private final PythonPeer peer;
    private final PrintStream log;

    public SweepBench(Options o, PythonPeer peer, PrintStream log) {
        this.o = o;
        this.peer = peer;
        this.log = log;
    }

    /** The three ways' names, in the order of odd rounds. */
    public static final List<String> WAYS = List.of("selab (default: 1 worker)", "selab --workers N",
            "PyTorch peer, shell loop");

    public List<Sweep> run() throws IOException, InterruptedException {
        Files.createDirectories(o.workDir());
        Path spec = o.workDir().resolve("sweep.yaml");
        Files.writeString(spec, specYaml(o.epochs(), o.dataDir(), o.quick()));
        Plan plan = Planner.expand(SpecLoader.load(spec));
        Path loop = writePeerLoop(plan);
        List<Sweep> out = new ArrayList<>();
        for (int round = 1; round <= o.rounds(); round++) {
            List<Integer> order = round % 2 == 1 ? List.of(0, 1, 2) : List.of(2, 1, 0);
            for (int way : order) {
                Path dir = o.workDir().resolve("round" + round + "-way" + (way + 1));
                log.printf("sweep bench: round %d, %s%n", round, WAYS.get(way));
                out.add(switch (way) {
                    case 0 -> selab(round, spec, dir, List.of("--threads", Integer.toString(o.threads())), 0, plan);
                    case 1 -> selab(round, spec, dir, List.of("--workers", Integer.toString(o.packedWorkers()),
                            "--threads", Integer.toString(Math.max(1, o.threads() / o.packedWorkers()))), 1, plan);
                    default -> peerLoop(round, loop, dir, plan);
                });
                Sweep s = out.get(out.size() - 1);
                log.printf(Locale.ROOT, "  %d/%d runs in %.0f s (%.1f runs/h), mean final top-1 err %.2f%%%n",
                        s.finished(), s.runs(), s.wallSeconds(), s.runsPerHour(), s.meanFinalTop1Err());
            }
        }
        return out;
    }

    /** The sweep spec: the proxy suite's base (experiments/common/proxy.yaml) at {@code epochs} epochs, seed 0. */
    static String specYaml(int epochs, Path dataDir, boolean quick) {
        StringBuilder y = new StringBuilder("""
                name: sweep-bench
                description: selab bench --sweep (proxy recipe, shortened)
                base:
                  model: {arch: resnet-20, width: 1.0, se: {ratio: 16, squeeze: avg, gate: sigmoid, placement: standard, fc_bias: false}}
                  data: {source: fashion-mnist, path: '%s', train_subset: %d, test_subset: %s,
                         augment: {crop_padding: 2, flip: true}}
                  recipe: {epochs: %d, batch_size: 128, lr: 0.1, momentum: 0.9, weight_decay: 5.0e-4, schedule: cosine,
                           label_smoothing: 0.1}
                  device: cpu
                seeds: [0]
                variants:
                """.formatted(dataDir.toAbsolutePath(), quick ? 1000 : 10000, quick ? "500" : "null", epochs));
        VARIANTS.forEach((name, edits) -> y.append("  ").append(name).append(": ").append(edits).append('\n'));
        return y.toString();
    }

    private Sweep selab(int round, Path spec, Path dir, List<String> extra, int way, Plan plan)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--results", dir.resolve("results").toString(),
                "--device", "cpu"));
        args.addAll(extra);
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile());
        String before = load();
        long t0 = System.nanoTime();
        int exit = waitFor(pb.start());
        double wall = (System.nanoTime() - t0) / 1e9;
        String after = load();
        List<Double> errs = new ArrayList<>();
        for (Variant v : plan.distinctRuns()) {
            Path record = dir.resolve("results").resolve(plan.experiment()).resolve(v.id()).resolve("run.json");
            if (Files.isRegularFile(record)) {
                JsonNode r = Json.mapper().readTree(record.toFile());
                if ("done".equals(r.path("status").asText())) {
                    errs.add(r.path("metrics").path("final_top1_err").asDouble());
                }
            }
        }
        if (exit != 0) {
            log.printf("  selab exited %d; see %s%n", exit, dir.resolve("log.txt"));
        }
        return sweep(WAYS.get(way), round, plan.distinctRuns().size(), errs, wall, before, after);
    }

    /** One request per run and the shell loop over them, as a researcher would script it. */
    private Path writePeerLoop(Plan plan) throws IOException {
        Path requests = Files.createDirectories(o.workDir().resolve("peer-requests"));
        int i = 0;
        for (Variant v : plan.distinctRuns()) {
            ObjectNode req = Json.mapper().createObjectNode();
            req.set("config", Json.mapper().valueToTree(v.config()));
            req.put("seed", v.seed()).put("data_dir", o.dataDir().toAbsolutePath().toString()).put("threads", o.threads());
            Files.writeString(requests.resolve(String.format(Locale.ROOT, "%02d-%s.json", ++i, v.name())), req.toString());
        }
        Path loop = o.workDir().resolve("peer-loop.sh");
        Files.writeString(loop, """
                #!/usr/bin/env bash
                # The PyTorch peer, one process per config, in a plain shell loop. $1 = output directory.
                set -euo pipefail
                mkdir -p "$1"
                for req in %s/*.json; do
                  "%s" "%s" --train "$req" > "$1/$(basename "$req" .json).out"
                done
                """.formatted(requests.toAbsolutePath(), peer.python(), peer.scriptPath().toAbsolutePath()));
        return loop;
    }

    private Sweep peerLoop(int round, Path loop, Path dir, Plan plan) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", loop.toString(), dir.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(o.workDir().resolve("peer-round" + round + ".log").toFile());
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(o.threads()));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(o.threads()));
        String before = load();
        long t0 = System.nanoTime();
        int exit = waitFor(pb.start());
        double wall = (System.nanoTime() - t0) / 1e9;
        String after = load();
        List<Double> errs = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".out")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8).trim();
                if (text.isEmpty()) {
                    continue;
                }
                JsonNode r = Json.mapper().readTree(text.substring(text.lastIndexOf('\n') + 1));
                JsonNode h = r.path("history");
                if ("done".equals(r.path("status").asText()) && h.size() > 0) {
                    errs.add(h.get(h.size() - 1).path("test_top1_err").asDouble());
                }
            }
        }
        if (exit != 0) {
            log.printf("  the peer loop exited %d; see %s%n", exit, o.workDir().resolve("peer-round" + round + ".log"));
        }
        return sweep(WAYS.get(2), round, plan.distinctRuns().size(), errs, wall, before, after);
    }

    private static Sweep sweep(String way, int round, int runs, List<Double> errs, double wall, String before,
            String after) {
        double mean = errs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new Sweep(way, round, runs, errs.size(), wall, errs.size() * 3600.0 / wall, mean, before, after);
    }

    private static int waitFor(Process p) throws InterruptedException {
        if (!p.waitFor(6, TimeUnit.HOURS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** The 1-, 5- and 15-minute load averages. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
