package selab.train;

/**
 * One epoch of a run; errors in percent. The numbers training determines go to history.csv (byte-identical
 * for the same seed and threads); the wall-clock columns, which never repeat, go to timing.csv. An epoch whose
 * test split was not evaluated has NaN test columns, written as empty cells.
 */
public record HistoryRow(
        int epoch,
        double lr,
        double trainLoss,
        double trainTop1Err,
        double testLoss,
        double testTop1Err,
        double testTop5Err,
        double seconds,
        double imagesPerSecond) {

    public static final String CSV_HEADER =
            "epoch,lr,train_loss,train_top1_err,test_loss,test_top1_err,test_top5_err";
    /** history.csv as written before timing moved to its own file; still read. */
    public static final String LEGACY_CSV_HEADER = CSV_HEADER + ",seconds,images_per_s";
    public static final String TIMING_CSV_HEADER = "epoch,seconds,images_per_s";

    /** The history.csv row: what training computed, nothing timed. */
    public String toCsv() {
        return epoch + "," + lr + "," + trainLoss + "," + trainTop1Err + "," + cell(testLoss) + "," + cell(testTop1Err)
                + "," + cell(testTop5Err);
    }

    /** Whether this epoch's test split was evaluated. */
    public boolean evaluated() {
        return !Double.isNaN(testTop1Err);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.valueOf(v);
    }

    /** The timing.csv row. */
    public String toTimingCsv() {
        return epoch + "," + seconds + "," + imagesPerSecond;
    }

    /** Every field, for checkpoints. */
    public String toFullCsv() {
        return toCsv() + "," + seconds + "," + imagesPerSecond;
    }

    /** Parses a history row of 7 fields (timing NaN until joined) or a full/legacy row of 9. */
    public static HistoryRow parseCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 7 && f.length != 9) {
            throw new IllegalArgumentException("expected 7 (or, in older records, 9) comma-separated fields");
        }
        return new HistoryRow(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]),
                f.length == 9 ? d(f[7]) : Double.NaN, f.length == 9 ? d(f[8]) : Double.NaN);
    }

    /** This row with the timing of a timing.csv line ({@code epoch,seconds,images_per_s}). */
    public HistoryRow withTiming(String timingLine) {
        String[] f = timingLine.split(",", -1);
        if (f.length != 3 || Integer.parseInt(f[0]) != epoch) {
            throw new IllegalArgumentException("timing row '" + timingLine + "' does not belong to epoch " + epoch);
        }
        return new HistoryRow(epoch, lr, trainLoss, trainTop1Err, testLoss, testTop1Err, testTop5Err, d(f[1]), d(f[2]));
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
