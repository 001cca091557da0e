package selab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import selab.peer.PeerScript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import selab.io.AtomicFiles;
import selab.queue.WorkQueue;
import selab.work.SbatchScript;

/**
 * {@code selab slurm SPEC}: enqueue the spec's runs and write (and with {@code --submit}, submit) a Slurm job
 * array of workers that drains them.
 */
@Command(name = "slurm", description = "Enqueue a spec's runs and write a Slurm job array of workers for them;"
        + " --submit also calls sbatch.")
final class SlurmCommand implements Callable<Integer> {

    /** What a worker needs from the submitting shell: the GPU natives and where data and DJL live. */
    static final List<String> FORWARDED_ENVIRONMENT =
            List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "SELAB_DATA", "SELAB_JAVA_OPTS",
                    PeerScript.PYTHON_ENV);
    private static final Pattern SUBMITTED = Pattern.compile("Submitted batch job (\\d+)");

    @Parameters(paramLabel = "SPEC", description = "experiment spec (YAML or JSON)")
    Path spec;

    @Mixin
    Workspace ws;

    @Mixin
    WorkOptions opts;

    @Option(names = "--workers", defaultValue = "2", description = "array tasks, one worker each (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--cpus-per-task", defaultValue = "2", description = "cores per worker (default ${DEFAULT-VALUE})")
    int cpusPerTask;

    @Option(names = "--gpus-per-task", defaultValue = "0", description = "GPUs per worker; > 0 runs the workers with --device gpu (default ${DEFAULT-VALUE})")
    int gpusPerTask;

    @Option(names = "--time", defaultValue = "24:00:00", description = "time limit per task, [D-]HH:MM:SS (default ${DEFAULT-VALUE})")
    String time;

    @Option(names = "--partition", description = "Slurm partition (default: the cluster's default)")
    String partition;

    @Option(names = "--signal-lead", defaultValue = "120", description = "seconds before the time limit at which a worker is sent SIGTERM to checkpoint and release its run (default ${DEFAULT-VALUE})")
    int signalLead;

    @Option(names = "--submit", description = "submit the script with sbatch and print the job id")
    boolean submit;

    @Override
    public Integer call() {
        validate();
        Specs.Loaded loaded = Specs.load(spec);
        opts.validate(selab.train.DevicePreference.CPU); // the workers' device follows --gpus-per-task, not this host
        String experiment = loaded.spec().name();
        DataCheck.verify(spec, loaded.plan().distinctRuns(), opts.data);
        Path results = ws.results.toAbsolutePath().normalize();
        String queueArgument = ws.queueArgument();
        try (WorkQueue queue = ws.openQueue()) {
            int added = queue.enqueue(loaded.plan().distinctRuns(), opts.maxAttemptsForNewRuns());
            System.out.printf("%s: %d runs planned, %d newly queued; %s%n", experiment,
                    loaded.plan().distinctRuns().size(), added, queue.counts(experiment));
        }
        SbatchScript script = new SbatchScript(experiment, repository(), results, queueArgument, workers,
                cpusPerTask, gpusPerTask, time, partition, signalLead, workerArgs(), forwardedEnvironment());
        Path file = results.resolve("slurm").resolve(experiment + ".sbatch");
        try {
            Files.createDirectories(script.logDirectory());
            AtomicFiles.write(file, script.render().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("wrote " + file);
        if (!submit) {
            System.out.println("submit with: sbatch " + file);
            return 0;
        }
        String jobId = sbatch(file);
        System.out.printf("submitted job %s: %d worker(s); logs in %s; progress: ./selab status %s%n", jobId, workers,
                script.logDirectory(), spec);
        return 0;
    }

    private void validate() {
        if (opts.device != null) {
            throw new UserError("--device: not used by slurm; the workers run on the GPU when --gpus-per-task > 0, else the CPU");
        }
        if (opts.workerId != null) {
            throw new UserError("--worker-id: not used by slurm; each array task names its own worker");
        }
        if (workers < 1 || workers > 10_000) {
            throw new UserError("--workers: '" + workers + "' is not allowed; allowed: 1..10000");
        }
        if (cpusPerTask < 1) {
            throw new UserError("--cpus-per-task: '" + cpusPerTask + "' is not allowed; allowed: an integer >= 1");
        }
        if (gpusPerTask < 0) {
            throw new UserError("--gpus-per-task: '" + gpusPerTask + "' is not allowed; allowed: an integer >= 0");
        }
        if (!SbatchScript.TIME.matcher(time).matches()) {
            throw new UserError("--time: '" + time + "' is not allowed; allowed: HH:MM:SS or D-HH:MM:SS");
        }
        if (partition != null && !SbatchScript.PARTITION.matcher(partition).matches()) {
            throw new UserError("--partition: '" + partition + "' is not allowed; allowed: letters, digits, _ . -");
        }
        if (signalLead < 10 || signalLead > 3600) {
            throw new UserError("--signal-lead: '" + signalLead + "' is not allowed; allowed: 10..3600 seconds");
        }
    }

    /** The worker options the user gave, passed on as given. */
    private List<String> workerArgs() {
        List<String> args = new ArrayList<>();
        if (opts.data != null) {
            args.addAll(List.of("--data", opts.data.toAbsolutePath().normalize().toString()));
        }
        if (opts.maxAttempts != null) {
            args.addAll(List.of("--max-attempts", Integer.toString(opts.maxAttempts)));
        }
        if (opts.threads != null) {
            args.addAll(List.of("--threads", Integer.toString(opts.threads)));
        }
        args.addAll(List.of("--stale-after", Integer.toString(opts.staleAfterSeconds)));
        return args;
    }

    private static Map<String, String> forwardedEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : FORWARDED_ENVIRONMENT) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /** The checkout this JVM runs from: the launcher's directory (selab.home), else the working directory. */
    private static Path repository() {
        String home = System.getProperty("selab.home");
        Path dir = Path.of(home != null ? home : "").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("selab"))) {
            throw new UserError("cannot find the selab launcher in " + dir + ": run `selab slurm` from the checkout"
                    + " the compute nodes share (or through ./selab)");
        }
        return dir;
    }

    private static String sbatch(Path file) {
        try {
            Process p = new ProcessBuilder("sbatch", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new UserError("sbatch " + file + " failed: " + out);
            }
            Matcher m = SUBMITTED.matcher(out);
            if (!m.find()) {
                throw new UserError("sbatch " + file + " answered without a job id: " + out);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UserError("cannot run sbatch (is Slurm installed here?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while waiting for sbatch");
        }
    }
}
