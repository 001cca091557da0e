package selab.results;

/** One epoch of a run; errors in percent. Written as one row of history.csv. */
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
            "epoch,lr,train_loss,train_top1_err,test_loss,test_top1_err,test_top5_err,seconds,images_per_s";

    public String toCsv() {
        return epoch + "," + lr + "," + trainLoss + "," + trainTop1Err + "," + testLoss + "," + testTop1Err
                + "," + testTop5Err + "," + seconds + "," + imagesPerSecond;
    }

    public static HistoryRow parseCsv(String line) {
        String[] f = line.split(",");
        return new HistoryRow(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]),
                d(f[7]), d(f[8]));
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
