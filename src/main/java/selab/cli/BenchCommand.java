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

    @Option(names = "--rounds", description = "alternations selab, PyTorch, selab, PyTorch ... (default 3; 1 with --quick)")
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

    @Override
    public Integer call() throws Exception {
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

    private int or(Integer given, int normal, int quickValue) {
        return given != null ? given : quick ? quickValue : normal;
    }
}
