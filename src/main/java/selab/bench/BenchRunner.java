package selab.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import selab.data.DataConfig;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Profiler;
import selab.model.SeConfig;
import selab.train.EngineThreads;
import selab.train.RecipeConfig;
import selab.train.Schedule;

/**
 * Runs the whole benchmark on the CPU: selab's and the PyTorch peer's training steps for ResNet-20 and
 * SE-ResNet-20, alternated round by round (selab, PyTorch, selab, PyTorch …) so that load changes on a
 * shared machine hit both, with the matmul yardstick re-measured at the start of every round; then the
 * optional step breakdown; then the data loaders.
 */
public final class BenchRunner {

    /**
     * @param examples images in the synthetic split the batches are gathered from
     * @param dataEpochs timed epochs per data loader (after one warm-up epoch)
     * @param matmulN side of the matmul yardstick
     * @param peer whether to run the PyTorch peer
     * @param breakdown whether to time the phases of a step as well
     */
    public record Options(int threads, int batch, int warmup, int steps, int rounds, int examples, int dataEpochs,
            int matmulN, boolean peer, boolean breakdown, boolean quick) {

        public Options {
            positive("--threads", threads);
            positive("--batch", batch);
            positive("--steps", steps);
            positive("--rounds", rounds);
            positive("--examples", examples);
            positive("data epochs", dataEpochs);
            positive("matmul size", matmulN);
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup: '" + warmup + "' is not allowed; allowed: an integer >= 0");
            }
            if (batch > examples) {
                throw new IllegalArgumentException("--batch " + batch + " is larger than --examples " + examples
                        + "; allowed: batch <= examples");
            }
        }

        private static void positive(String flag, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(flag + ": '" + v + "' is not allowed; allowed: an integer >= 1");
            }
        }
    }

    /** Fashion-MNIST-shaped input, as the project's default experiments use. */
    public static final Geometry GEOMETRY = Geometry.FASHION_MNIST;
    /** Pad-crop + flip: the costlier of the trainer's usual augmentations for this input. */
    public static final DataConfig.Augment AUGMENT = new DataConfig.Augment(2, true, false);
    private static final long SEED = 7;
    private static final int DATA_WARMUP_EPOCHS = 1;

    private final Options o;
    private final PythonPeer peer;
    private final PrintStream log;

    public BenchRunner(Options options, PythonPeer peer, PrintStream log) {
        this.o = options;
        this.peer = peer;
        this.log = log;
    }

    public BenchResult run() {
        // Fixed on this thread, which then runs every selab step (libtorch's OpenMP setting is per thread).
        int djlThreads = EngineThreads.apply(o.threads());
        String peerTorch = probePeer();
        boolean peerUsable = o.peer() && !peerTorch.startsWith("unavailable");
        MachineInfo machine = MachineInfo.capture(djlThreads, peer.python(), peerTorch);
        log.printf("selab bench: %d intra-op threads (DJL), python peer: %s%n", djlThreads, peerTorch);

        List<Model> models = List.of(
                new Model("resnet-20", new ModelConfig("resnet-20", null, 1.0)),
                new Model("se-resnet-20 (r=16)", new ModelConfig("resnet-20", SeConfig.paperDefault(), 1.0)));
        List<LoaderResult> dataPath;
        List<MatmulProbe.Measurement> matmul = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                BenchData data = new BenchData(o.examples(), GEOMETRY, AUGMENT, SEED, manager)) {
            for (Model m : models) {
                m.bench = new DjlStepBench(m.config, GEOMETRY, data.source(), recipe(), SEED, manager);
                m.request = PeerRequest.forModel(m.config, GEOMETRY, o.batch(), o.threads(), o.warmup(), o.steps());
            }
            try {
                String peerNote = o.peer() ? (peerUsable ? "" : peerTorch) : "not run (--no-peer)";
                for (int round = 1; round <= o.rounds(); round++) {
                    // The yardstick moves with the machine's load too, so it is re-measured every round.
                    matmul.add(MatmulProbe.measure(Device.cpu(), o.matmulN(), o.quick() ? 3 : 10));
                    for (Model m : models) {
                        double selab = Median.of(m.bench.timeSteps(o.warmup(), o.steps()));
                        m.selab.add(selab);
                        log.printf(Locale.ROOT, "round %d/%d %-20s selab   %8.1f img/s%n", round, o.rounds(),
                                m.name, o.batch() / selab);
                        if (peerUsable) {
                            PythonPeer.Attempt<PeerResult> a = peer.train(m.request);
                            if (a.result().isPresent()) {
                                PeerResult r = a.result().get();
                                m.peer.add(r.medianStepSeconds());
                                m.peerParams = r.params();
                                m.peerThreads = r.threads();
                                log.printf(Locale.ROOT, "round %d/%d %-20s PyTorch %8.1f img/s%n", round,
                                        o.rounds(), m.name, r.imagesPerSecond());
                            } else {
                                peerUsable = false;
                                peerNote = "peer failed in round " + round + ": " + a.availability().reason();
                                log.println(peerNote);
                            }
                        }
                    }
                }
                if (o.breakdown()) {
                    for (Model m : models) {
                        m.selabPhases = m.bench.phases(o.warmup(), o.steps());
                        if (peerUsable) {
                            m.peerPhases = peer.trainPhases(m.request).result().orElse(null);
                        }
                    }
                }
                for (Model m : models) {
                    m.note = peerNote;
                }
            } finally {
                for (Model m : models) {
                    m.params = m.bench.params();
                    m.bench.close();
                }
            }
            log.println("data path ...");
            dataPath = new DataPathBench(data, o.batch(), AUGMENT).run(manager, DATA_WARMUP_EPOCHS, o.dataEpochs());
        }
        BenchResult.Settings settings = new BenchResult.Settings(o.threads(), o.batch(),
                GEOMETRY.channels() + "x" + GEOMETRY.size() + "x" + GEOMETRY.size(), GEOMETRY.classes(),
                DataPathBench.describe(AUGMENT), o.examples(), o.warmup(), o.steps(), o.rounds(), o.dataEpochs(),
                o.quick());
        return new BenchResult(machine.finished(), settings, models.get(0).result(), models.get(1).result(),
                dataPath, matmul);
    }

    private String probePeer() {
        if (!o.peer()) {
            return "not run (--no-peer)";
        }
        PythonPeer.Attempt<String> probe = peer.probe();
        return probe.result().orElse("unavailable: " + probe.availability().reason());
    }

    /**
     * The peer's optimiser settings. Weight decay also on BN and biases because {@code torch.optim.SGD}'s
     * weight_decay applies to every parameter; the schedule is unused (lr stays constant).
     */
    private RecipeConfig recipe() {
        PeerRequest d = PeerRequest.defaults();
        return new RecipeConfig(1, o.batch(), "sgd", d.lr(), d.momentum(), false, d.weightDecay(), true, Schedule.CONSTANT,
                1, List.of(), 0.1, 0, 0.0);
    }

    /** One benchmarked network and what was measured for it so far. */
    private final class Model {
        final String name;
        final ModelConfig config;
        final List<Double> selab = new ArrayList<>();
        final List<Double> peer = new ArrayList<>();
        DjlStepBench bench;
        PeerRequest request;
        long params;
        Long peerParams;
        Integer peerThreads;
        StepPhases selabPhases;
        StepPhases peerPhases;
        String note = "";

        Model(String name, ModelConfig config) {
            this.name = name;
            this.config = config;
        }

        ModelResult result() {
            long macs = Profiler.profile(config, GEOMETRY).macs();
            return new ModelResult(name, o.batch(), params, peerParams, macs, selab, peer, note, peerThreads,
                    selabPhases, peerPhases);
        }
    }
}
