package selab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import selab.bench.BenchFiles;
import selab.bench.BenchResult;
import selab.bench.BenchRunner;
import selab.bench.PythonPeer;
import selab.bench.SweepBench;
import selab.bench.SweepReport;
import selab.data.DataLocator;
import selab.data.DataSource;
import selab.results.Provenance;
import selab.results.ProvenanceProbe;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code selab bench}: selab's training throughput next to plain PyTorch's, the data path, and the achieved
 * share of the machine's matmul rate; writes {@code bench.md} and {@code bench.json} and prints the Markdown.
 */
@Command(name = "bench", description = {
    "Benchmark selab's training step (ResNet-20, SE-ResNet-20) against the same",
    "models in PyTorch (runs alternated), selab's batch gather against DJL's",
    "ArrayDataset, and achieved GFLOP/s against a matmul. Writes bench.md and",
    "bench.json. Not a test: run it on a quiet machine. Threads are set inside",
    "the JVM; the PyTorch peer (python3 with torch, env SELAB_PYTHON) gets the same."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--threads", defaultValue = "2", description = "intra-op threads for both frameworks (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--batch", description = "images per step (default 128; 16 with --quick)")
    Integer batch;

    @Option(names = "--warmup", description = "untimed steps before each timed run (default 5; 1 with --quick)")
    Integer warmup;

    @Option(names = "--steps", description = "timed steps per run (default 20; 2 with --quick)")
    Integer steps;

    @Option(names = "--rounds", description = "alternations selab, PyTorch, selab, PyTorch ... (default 3; 1 with --quick;"
            + " --sweep: rounds of the three ways, default 2, the order reversed every other round)")
    Integer rounds;

    @Option(names = "--examples", description = "random images the batches are gathered from (default 2048; 256 with --quick)")
    Integer examples;

    @Option(names = "--quick", description = "tiny batches and few steps: a smoke test, not a measurement")
    boolean quick;

    @Option(names = "--no-peer", description = "skip the PyTorch peer")
    boolean noPeer;

    @Option(names = "--breakdown", description = "also time gather, forward+loss, backward and optimizer separately")
    boolean breakdown;

    @Option(names = "--out", defaultValue = "reports/bench", description = "output directory (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--sweep", description = "instead: the wall time of an 8-run proxy sweep, selab (default and"
            + " --workers N) against the PyTorch peer in a shell loop; writes sweep.md and sweep.json")
    boolean sweep;

    @Option(names = "--sweep-epochs", defaultValue = "2", description = "--sweep: epochs per run (default ${DEFAULT-VALUE})")
    int sweepEpochs;

    @Option(names = "--sweep-workers", defaultValue = "2", description = "--sweep: workers of the packed selab way"
            + " (default ${DEFAULT-VALUE})")
    int sweepWorkers;

    @Option(names = "--data", converter = ExistingDirectory.class, description = "--sweep: the Fashion-MNIST directory"
            + " (default: found as for a run)")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (sweep) {
            return sweep();
        }
        BenchRunner.Options options;
        try {
            options = new BenchRunner.Options(threads, or(batch, 128, 16), or(warmup, 5, 1), or(steps, 20, 2),
                    or(rounds, 3, 1), or(examples, 2048, 256), quick ? 2 : 5, quick ? 256 : 1024, !noPeer, breakdown,
                    quick);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintStream log = System.err;
        BenchResult result = new BenchRunner(options, PythonPeer.fromEnvironment(), log).run();
        String md = BenchFiles.write(result, out);
        System.out.print(md);
        System.out.flush();
        log.println("wrote " + out.resolve(BenchFiles.MARKDOWN) + " and " + out.resolve(BenchFiles.JSON));
        return 0;
    }

    private int sweep() throws Exception {
        for (var flag : List.of(java.util.Map.entry("--sweep-epochs", sweepEpochs),
                java.util.Map.entry("--sweep-workers", sweepWorkers), java.util.Map.entry("--threads", threads))) {
            if (flag.getValue() < 1) {
                throw new UserError(flag.getKey() + ": '" + flag.getValue() + "' is not allowed; allowed: an integer >= 1");
            }
        }
        if (rounds != null && rounds < 1) {
            throw new UserError("--rounds: '" + rounds + "' is not allowed; allowed: an integer >= 1");
        }
        PythonPeer peer = PythonPeer.fromEnvironment();
        PythonPeer.Attempt<String> torch = peer.probe();
        if (torch.result().isEmpty()) {
            throw new UserError("bench --sweep needs the PyTorch peer: " + torch.availability().reason());
        }
        Path dataDir = DataLocator.system().locate(DataSource.FASHION_MNIST, null, data);
        SweepBench.Options o = new SweepBench.Options(sweepEpochs, or(rounds, 2, 1), threads, sweepWorkers, dataDir,
                Files.createTempDirectory("selab-sweep-bench"), quick);
        Provenance started = ProvenanceProbe.capture("cpu", threads);
        List<SweepBench.Sweep> sweeps = new SweepBench(o, peer, System.err).run();
        String md = SweepReport.write(o, torch.result().get(), ProvenanceProbe.finished(started), sweeps, out);
        System.out.print(md);
        System.err.println("wrote " + out.resolve(SweepReport.MARKDOWN) + " and " + out.resolve(SweepReport.JSON)
                + "; the sweeps' results and logs are in " + o.workDir());
        return 0;
    }

    private int or(Integer given, int normal, int quickValue) {
        return given != null ? given : quick ? quickValue : normal;
    }
}
