package selab.report;

/** How many of a variant's runs are in each state; a planned run without a record counts as queued. */
public record RunCounts(int done, int queued, int running, int failed, int diverged) {
    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0);

    public int total() {
        return done + queued + running + failed + diverged;
    }

    public RunCounts plus(RunCounts o) {
        return new RunCounts(done + o.done, queued + o.queued, running + o.running, failed + o.failed,
                diverged + o.diverged);
    }

    /** e.g. "3 done, 1 queued, 0 running, 0 failed, 0 diverged". */
    public String describe() {
        return done + " done, " + queued + " queued, " + running + " running, " + failed + " failed, " + diverged
                + " diverged";
    }
}
