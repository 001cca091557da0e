package selab.work;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sbatch script of a Slurm job array whose tasks are selab workers draining one experiment's queue.
 * Each task runs {@code selab worker} as the batch shell itself ({@code exec}), so Slurm's
 * {@code --signal=B:TERM@lead} reaches the worker, which checkpoints and releases its run before the time
 * limit or a preemption kills it; {@code --requeue} puts a preempted or requeued task back in line, and the
 * queue hands it whatever is left (the released run included, resumed from its checkpoint).
 *
 * @param experiment the spec's name (the workers take only its runs)
 * @param repository selab's checkout (holds the {@code selab} launcher), shared with the compute nodes
 * @param results results root, shared with the compute nodes
 * @param queue queue location as the workers will open it
 * @param workers array size
 * @param cpusPerTask cores per worker (also its intra-op threads)
 * @param gpusPerTask GPUs per worker (0 = CPU job)
 * @param time Slurm time limit, [days-]HH:MM:SS
 * @param partition Slurm partition, null = the cluster's default
 * @param signalLeadSeconds how long before the time limit the worker is told to stop
 * @param workerArgs extra {@code selab worker} options (data root, attempts, ...), already validated
 * @param environment variables exported to the workers (GPU natives, data path), in order
 */
public record SbatchScript(String experiment, Path repository, Path results, String queue, int workers,
        int cpusPerTask, int gpusPerTask, String time, String partition, int signalLeadSeconds,
        List<String> workerArgs, Map<String, String> environment) {

    /** Slurm's time formats that selab accepts: HH:MM:SS or D-HH:MM:SS. */
    public static final Pattern TIME = Pattern.compile("(\\d{1,3}-)?\\d{1,3}:[0-5]\\d:[0-5]\\d");
    /** Partition names are identifiers; anything else would be shell or sbatch syntax. */
    public static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public SbatchScript {
        workerArgs = List.copyOf(workerArgs);
        environment = Map.copyOf(environment);
    }

    /** Where the tasks' logs go: one file per array task under the results root. */
    public Path logDirectory() {
        return results.resolve("slurm");
    }

    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("# Written by `selab slurm` for experiment " + experiment + ": " + workers
                + " worker(s) on its queue. Submit with: sbatch <this file>");
        lines.add("#SBATCH --job-name=selab-" + experiment);
        lines.add("#SBATCH --array=0-" + (workers - 1));
        lines.add("#SBATCH --ntasks=1");
        lines.add("#SBATCH --cpus-per-task=" + cpusPerTask);
        if (gpusPerTask > 0) {
            lines.add("#SBATCH --gpus-per-task=" + gpusPerTask);
        }
        lines.add("#SBATCH --time=" + time);
        if (partition != null) {
            lines.add("#SBATCH --partition=" + partition);
        }
        lines.add("#SBATCH --requeue");
        // B: the signal goes to the batch shell, which exec's the worker.
        lines.add("#SBATCH --signal=B:TERM@" + signalLeadSeconds);
        lines.add("#SBATCH --output=" + logDirectory().resolve("%x-%A_%a.out"));
        lines.add("#SBATCH --open-mode=append"); // a requeued task adds to its log instead of wiping the first part
        lines.add("#SBATCH --open-mode=append");
        lines.add("set -euo pipefail");
        lines.add("cd " + quote(repository.toString()));
        lines.add("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-" + cpusPerTask + "}\"");
        // The launcher would rebuild a stale checkout; N tasks building one tree at once would race, so the
        // job runs the classes `selab slurm` was run from.
        lines.add("export SELAB_NO_BUILD=1");
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> lines.add("export " + e.getKey() + "=" + quote(e.getValue())));
        lines.add("echo \"selab worker: job ${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID:-?} on $(hostname),"
                + " restart ${SLURM_RESTART_COUNT:-0}\"");
        StringBuilder exec = new StringBuilder("exec ").append(quote(repository.resolve("selab").toString()))
                .append(" worker --experiment ").append(quote(experiment))
                .append(" --results ").append(quote(results.toString()))
                .append(" --queue ").append(quote(queue));
        if (gpusPerTask > 0) {
            exec.append(" --device gpu");
        }
        for (String a : workerArgs) {
            exec.append(' ').append(quote(a));
        }
        lines.add(exec.toString());
        return String.join("\n", lines) + "\n";
    }

    /** Single-quoted for bash: safe for any path or value. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
