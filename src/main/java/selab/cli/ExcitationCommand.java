package selab.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import selab.spec.Implementation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import selab.analysis.Excitation;
import selab.analysis.ExcitationAnalysis;
import selab.analysis.ExcitationCsv;
import selab.analysis.ExcitationPlot;
import selab.model.Geometry;
import selab.model.SeResNet;
import selab.model.SqueezeExcitation;
import selab.io.AtomicFiles;
import selab.results.RunRecord;
import selab.results.RunStatus;
import selab.results.RunStore;
import selab.train.DevicePreference;
import selab.train.Devices;
import selab.data.LoadedData;

/**
 * {@code selab excitation RUN-ID}: the paper's Fig. 6 for one trained SE run, as
 * reports/&lt;experiment&gt;/excitation-&lt;id&gt;.csv and .png.
 */
@Command(name = "excitation",
        description = "Mean SE gate activation per channel, per class, at a few SE blocks of a trained run (paper Fig. 6).")
final class ExcitationCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN-ID", description = "id of a done run with SE (see `selab status`)")
    String id;

    @Option(names = "--experiment", description = "experiment of the run (default: search <results>/*/RUN-ID)")
    String experiment;

    @picocli.CommandLine.Mixin
    Workspace ws;

    @Option(names = "--classes", split = ",", description = "classes to plot, e.g. 0,1,2,3 (default: the first four)")
    List<Integer> classes;

    @Option(names = "--blocks", split = ",",
            description = "SE blocks, e.g. SE_2_1,SE_3_3,SE_4_3 (default: first of the first SE stage, last of the"
                    + " middle and of the last)")
    List<String> blocks;

    @Option(names = "--data", converter = ExistingDirectory.class,
            description = "data root searched before $SELAB_DATA and the default locations")
    Path data;

    @Option(names = "--device", defaultValue = "auto", parameterConsumer = ChoiceOption.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    DevicePreference device;

    @Override
    public Integer call() throws IOException {
        Path reports = ws.writableReports();
        RunStore store = ws.store();
        RunRecord record = find(store);
        check(record);
        Path weights = store.finalParams(record.experiment(), record.id());
        if (!Files.isRegularFile(weights)) {
            throw new UserError("run " + id + " has no trained weights: " + weights + " is missing (they are saved"
                    + " when a run finishes training; without them there is nothing to analyse)");
        }
        String reportExperiment = experiment != null ? experiment : record.experiment();
        Device dev = Devices.choose(device);
        try (NDManager manager = NDManager.newBaseManager(dev);
                LoadedData loaded = new LoadedData(record.config().data(), data, manager)) {
            Geometry geometry = loaded.geometry();
            int batch = Math.max(1, record.config().recipe().batchSize());
            Block net = SeResNet.build(record.config().model(), geometry);
            net.initialize(manager, DataType.FLOAT32, new Shape(batch, geometry.channels(), geometry.size(), geometry.size()));
            load(net, weights, manager);
            List<String> available = SeResNet.seBlocks(net).stream().map(SqueezeExcitation::label).toList();
            List<String> chosenBlocks = ExcitationAnalysis.resolveBlocks(blocks, available);
            List<Integer> chosenClasses = ExcitationAnalysis.resolveClasses(classes, geometry.classes());
            System.out.printf(java.util.Locale.ROOT, "excitation of %s (%s) on %s: %d test images, blocks %s, classes %s, %s%n", record.id(),
                    record.variant(), loaded.describe(), loaded.test().size(), chosenBlocks, chosenClasses, dev);
            Excitation e = ExcitationAnalysis.measure(net, loaded.test(), geometry.classes(), chosenBlocks, batch, manager);
            Path dir = reports.resolve(reportExperiment);
            Path csv = dir.resolve("excitation-" + record.id() + ".csv");
            Path png = dir.resolve("excitation-" + record.id() + ".png");
            Path hidden = dir.resolve("excitation-" + record.id() + "-hidden.csv");
            AtomicFiles.write(csv, ExcitationCsv.render(e, chosenBlocks, chosenClasses).getBytes(StandardCharsets.UTF_8));
            String title = ExcitationPlot.title(record.id(), record.variant(), record.config().data().source(), e);
            AtomicFiles.write(png, ExcitationPlot.png(e, chosenBlocks, chosenClasses, title));
            System.out.printf(java.util.Locale.ROOT, "top-1 error of the loaded weights on the test split: %.2f%% (run record: %s)%n",
                    e.top1Err(), recorded(record));
            AtomicFiles.write(hidden, ExcitationCsv.renderHidden(e).getBytes(StandardCharsets.UTF_8));
            System.out.println("dead SE hidden units (never positive on the test split): " + ExcitationCsv.deadSummary(e));
            System.out.printf("wrote %s%nwrote %s%nwrote %s%n", csv, png, hidden);
            return 0;
        }
    }

    /** The run's record: under --experiment (with RunStore's fall-back), or under any experiment. */
    private RunRecord find(RunStore store) {
        if (experiment != null) {
            return store.read(experiment, id).orElseThrow(() -> new UserError("no run '" + id + "' in experiment '"
                    + experiment + "' (nor under any other experiment of " + ws.results + ")"));
        }
        List<RunRecord> found = new ArrayList<>();
        for (Path dir : experimentDirs()) {
            if (Files.isRegularFile(dir.resolve(id).resolve(RunStore.RUN_JSON))) {
                store.read(dir.getFileName().toString(), id).ifPresent(found::add);
            }
        }
        return found.stream().filter(r -> r.status() == RunStatus.DONE).findFirst()
                .or(() -> found.stream().findFirst())
                .orElseThrow(() -> new UserError("no run '" + id + "' under " + ws.results + "/*/ (no "
                        + ws.results.resolve("*").resolve(id).resolve(RunStore.RUN_JSON) + ")"));
    }

    private List<Path> experimentDirs() {
        if (!Files.isDirectory(ws.results)) {
            throw new UserError("results directory " + ws.results + " does not exist");
        }
        try (Stream<Path> dirs = Files.list(ws.results)) {
            return dirs.filter(Files::isDirectory).sorted(Comparator.comparing(Path::getFileName)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot list " + ws.results, e);
        }
    }

    private static void check(RunRecord r) {
        if (r.status() != RunStatus.DONE) {
            throw new UserError("run " + r.id() + " (" + r.experiment() + "/" + r.variant() + ") is "
                    + (r.status() == null ? "without status" : r.status().key()) + ", not done: only a trained run can be analysed");
        }
        if (r.config() != null && r.config().trainedBy() != Implementation.SELAB) {
            throw new UserError("run " + r.id() + " (" + r.experiment() + "/" + r.variant() + ") was trained by the "
                    + r.config().trainedBy() + " peer, which keeps no weights: analyse the selab run of the same row");
        }
        if (r.config() == null || r.config().model() == null || !r.config().model().hasSe()) {
            throw new UserError("run " + r.id() + " (" + r.experiment() + "/" + r.variant()
                    + ") has no SE block (model.se is none): there is no excitation to measure");
        }
    }

    private static String recorded(RunRecord r) {
        Double err = r.metrics() == null ? null : r.metrics().finalTop1Err();
        return err == null ? "none" : String.format(java.util.Locale.ROOT, "%.2f%%", err);
    }

    /** Loads the run's weights; a file that is cut short or made for another network is the user's file, named. */
    private static void load(Block net, Path weights, NDManager manager) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(weights));
                DataInputStream d = new DataInputStream(in)) {
            net.loadParameters(manager, d);
        } catch (EOFException e) {
            throw new UserError(weights + ": truncated: it ends before the last of the network's weights ("
                    + size(weights) + "; a run that finished training writes it whole)");
        } catch (IOException e) {
            throw new UserError(weights + ": cannot be read as the run's weights (" + e + ")");
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            // Thrown by DJL's loader for a file of another network (wrong version marker, parameter or shape).
            throw new UserError(weights + " does not fit the network of the run's run.json: " + e.getMessage());
        }
    }

    private static String size(Path file) {
        try {
            return String.format(java.util.Locale.ROOT, "%,d bytes", Files.size(file));
        } catch (IOException e) {
            return "size unknown";
        }
    }
}
