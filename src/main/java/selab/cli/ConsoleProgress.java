package selab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import selab.train.HistoryRow;
import selab.train.Trainer;

/**
 * Shows training progress: a live bar per epoch (steps, images/s, ETA) on a terminal, and one line per
 * epoch (loss, errors, images/s, ETA of the run) when the output is a file or a pipe.
 */
final class ConsoleProgress implements Trainer.Listener {

    private final PrintStream out;
    private final boolean tty = System.console() != null;
    private ProgressBar bar;

    private int epochs;
    private int epochsThisSession;
    private long runStartNanos;
    private String lastEpoch = "";

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void runStarted(String label, int totalEpochs) {
        epochs = totalEpochs;
        epochsThisSession = 0;
        runStartNanos = System.nanoTime();
        lastEpoch = "";
    }

    @Override
    public void epochStarted(int epoch, int steps) {
        if (tty) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(steps)
                    .setUnit(" steps", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).continuousUpdate().build();
            bar.setExtraMessage(lastEpoch);
        }
    }

    @Override
    public void stepDone(int epoch, int step) {
        if (bar != null) {
            bar.stepTo(step);
        }
    }

    @Override
    public void epochDone(HistoryRow row, List<HistoryRow> history) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        epochsThisSession++;
        lastEpoch = row.evaluated()
                ? String.format(Locale.ROOT, "last: loss %.3f, top-1 err %.2f%%", row.trainLoss(), row.testTop1Err())
                : String.format(Locale.ROOT, "last: loss %.3f", row.trainLoss());
        // ETA from this session's pace (training + evaluation), so a resumed run is not misjudged.
        double perEpoch = (System.nanoTime() - runStartNanos) / 1e9 / epochsThisSession;
        double eta = Math.max(0, epochs - row.epoch()) * perEpoch;
        String test = row.evaluated()
                ? String.format(Locale.ROOT, "test loss %.4f top-1 %.2f%% top-5 %.2f%%", row.testLoss(), row.testTop1Err(),
                        row.testTop5Err())
                : "test not evaluated";
        out.printf(Locale.ROOT, "  epoch %d/%d: lr %.4f  train loss %.4f err %.2f%%  %s"
                        + "  %.0f img/s  %.1fs  ETA %s%n", row.epoch(), epochs, row.lr(), row.trainLoss(), row.trainTop1Err(),
                test, row.imagesPerSecond(), row.seconds(),
                eta < 60 ? String.format(Locale.ROOT, "%.0fs", eta) : String.format(Locale.ROOT, "%.1f min", eta / 60));
    }
}
