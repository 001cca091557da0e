package selab.bench;


import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Renders a {@link BenchResult} as Markdown: header, throughput, compute efficiency, data path, breakdown. */
public final class BenchReport {

    /** The sentence that says how the numbers were taken. */
    public static final String PROVENANCE_LINE =
            "measured by `./selab bench` in one run; ratios compare runs interleaved in that same run";

    private BenchReport() {}

    public static String markdown(BenchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# selab benchmark\n\n").append(PROVENANCE_LINE).append("\n\n");
        header(sb, r);
        throughput(sb, r);
        efficiency(sb, r);
        dataPath(sb, r);
        if (r.plain().selabPhases() != null || r.se().selabPhases() != null) {
            breakdown(sb, r);
        }
        return sb.toString();
    }

    private static void header(StringBuilder sb, BenchResult r) {
        MachineInfo m = r.machine();
        BenchResult.Settings s = r.settings();
        String peerThreads = r.plain().peerThreads() == null ? "no peer run" : "PyTorch peer " + r.plain().peerThreads();
        sb.append(new MdTable("", "")
                .row("machine", String.format(Locale.ROOT, "%s; %d cores (JVM); %.1f GiB memory", m.cpuModel(),
                        m.cores(), m.memoryBytes() / (1024.0 * 1024 * 1024)))
                .row("load average 1/5/15 min", "before " + m.loadBefore() + "; after " + m.loadAfter())
                .row("Java", m.javaVersion())
                .row("DJL / PyTorch engine", m.djlVersion() + " / " + m.pytorchVersion() + " (CPU)")
                .row("threads", s.threads() + " requested; DJL intra-op " + m.djlThreads() + "; " + peerThreads)
                .row("python torch", m.peerTorch() + " (" + m.python() + ")")
                .row("memory allocator", m.allocator() + "; the PyTorch peer inherits the same environment")
                .row("date", m.date())
                .row("selab commit", m.gitCommit() + (m.gitDirty() ? " (with uncommitted changes)" : ""))
                .row("workload", String.format(Locale.ROOT,
                        "batch %d of %s, %d classes; %d random uint8 images, %s; %d warm-up + %d timed steps per run,"
                                + " %d round(s)%s",
                        s.batch(), s.imageShape(), s.classes(), s.examples(), s.augment(), s.warmup(), s.steps(),
                        s.rounds(), s.quick() ? " (--quick: smoke test, numbers not meaningful)" : ""))
                .render()).append('\n');
    }

    private static void throughput(StringBuilder sb, BenchResult r) {
        sb.append("## Training throughput\n\n");
        MdTable t = new MdTable("model", "params selab / PyTorch", "selab img/s", "PyTorch img/s", "selab / PyTorch",
                "selab rounds min–max", "PyTorch rounds min–max");
        for (ModelResult m : List.of(r.plain(), r.se())) {
            t.row(m.name(), String.format(Locale.ROOT, "%,d / %s", m.params(),
                            m.peerParams() == null ? "-" : String.format(Locale.ROOT, "%,d", m.peerParams())),
                    num(m.selabImagesPerSecond(), 1), peerCell(m, m.peerImagesPerSecond(), 1),
                    peerCell(m, m.selabOverPeer(), 2), range(m.selabRange()), range(m.peerRange()));
        }
        t.row("SE overhead (step time)", "", percent(r.selabSeOverheadPercent()),
                r.se().peerStepSeconds().isEmpty() ? noPeer(r.se()) : percent(r.peerSeOverheadPercent()), "", "", "");
        sb.append(t.render()).append('\n');
        sb.append("img/s = batch / median step time (median over rounds of each run's median step). "
                + "selab / PyTorch and SE overhead pair the runs of each round and take the median over rounds; "
                + "the min–max columns show how much the rounds differed (machine load). "
                + "selab's step is the trainer's own (`TrainingStep.run`): gathering and augmenting the batch from "
                + "the uint8 tensor (see Data path), forward, backward, SGD; the PyTorch peer trains on one resident "
                + "float32 batch.\n\n");
    }

    private static void efficiency(StringBuilder sb, BenchResult r) {
        sb.append("## Compute efficiency\n\n");
        MdTable t = new MdTable("model", "forward MMAC / image", "GFLOP / step", "selab GFLOP/s", "selab % of matmul",
                "PyTorch GFLOP/s", "PyTorch % of matmul");
        for (ModelResult m : List.of(r.plain(), r.se())) {
            t.row(m.name(), num(m.macsPerImage() / 1e6, 2), num(m.flopsPerStep() / 1e9, 2), num(m.selabGflops(), 1),
                    percentOfPeak(r.percentOfMatmul(m, m.selabStepSeconds())), peerCell(m, m.peerGflops(), 1),
                    percentOfPeak(r.percentOfMatmul(m, m.peerStepSeconds())));
        }
        sb.append(t.render()).append('\n');
        MatmulProbe.Measurement first = r.matmul().get(0);
        double[] g = r.matmul().stream().mapToDouble(MatmulProbe.Measurement::gflops).toArray();
        sb.append(String.format(Locale.ROOT,
                "matmul: DJL float32 %d×%d @ %d×%d, median %.1f GFLOP/s over %d round(s) (min %.1f, max %.1f; each "
                        + "the median of %d), measured at the start of every round. %% of matmul: per round, "
                        + "then the median. Training step FLOPs ≈ 3 × forward MACs × 2 FLOP/MAC × batch (MACs from "
                        + "`Profiler.profile`).%n%n",
                first.n(), first.n(), first.n(), first.n(), r.matmulGflops(), g.length,
                java.util.Arrays.stream(g).min().orElseThrow(), java.util.Arrays.stream(g).max().orElseThrow(),
                first.repeats()));
    }

    private static void dataPath(StringBuilder sb, BenchResult r) {
        sb.append("## Data path (no model)\n\n");
        MdTable t = new MdTable("loader", "per batch", "ms / epoch", "img/s");
        for (LoaderResult l : r.dataPath()) {
            t.row(l.name(), l.work(), num(1000 * l.medianEpochSeconds(), 1), num(l.imagesPerSecond(), 0));
        }
        sb.append(t.render()).append('\n');
        LoaderResult first = r.dataPath().isEmpty() ? null : r.dataPath().get(0);
        sb.append(String.format(Locale.ROOT,
                "Same %d images, batch %d, median of %d timed epochs after 1 warm-up; loaders interleaved epoch by "
                        + "epoch.%n%n",
                first == null ? 0 : first.imagesPerEpoch(), r.settings().batch(), r.settings().dataEpochs()));
    }

    private static void breakdown(StringBuilder sb, BenchResult r) {
        sb.append("## Step breakdown (--breakdown)\n\n");
        MdTable t = new MdTable("model", "framework", "gather ms", "forward+loss ms", "backward ms", "optimizer ms",
                "sum ms");
        for (ModelResult m : List.of(r.plain(), r.se())) {
            if (m.selabPhases() == null) {
                continue;
            }
            phases(t, m.name(), "selab", m.selabPhases());
            if (m.peerPhases() != null) {
                phases(t, m.name(), "PyTorch", m.peerPhases());
            }
        }
        sb.append(t.render()).append('\n');
        sb.append("Each phase timed on its own with a sync after it (median over the timed steps), in one pass per "
                + "framework after the throughput rounds, alternated selab, PyTorch; compare rows within this "
                + "table, not with the throughput table (other moment, other load). The PyTorch peer has no gather "
                + "(resident batch); its optimizer phase includes zero_grad.\n\n");
    }

    private static void phases(MdTable t, String model, String framework, StepPhases p) {
        t.row(model, framework, num(1000 * p.gather(), 1), num(1000 * p.forward(), 1), num(1000 * p.backward(), 1),
                num(1000 * p.optimizer(), 1), num(1000 * p.total(), 1));
    }

    private static String range(double[] minMax) {
        return minMax.length == 0 ? "-" : num(minMax[0], 0) + "–" + num(minMax[1], 0);
    }

    private static String percentOfPeak(OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble(), 1) + "%" : "-";
    }

    private static String peerCell(ModelResult m, OptionalDouble v, int decimals) {
        return v.isPresent() ? num(v.getAsDouble(), decimals) : noPeer(m);
    }

    private static String noPeer(ModelResult m) {
        if (m.peerNote().isEmpty()) {
            return "no peer";
        }
        String first = m.peerNote().strip().split("\\R", 2)[0];
        return "no peer: " + (first.length() > 120 ? first.substring(0, 117) + "..." : first);
    }

    private static String percent(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%+.1f%%", v.getAsDouble()) : "-";
    }

    static String num(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
