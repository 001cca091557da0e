package selab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import selab.results.HistoryRow;
import selab.train.Trainer;

/**
 * Shows training progress: a live bar per epoch (steps, images/s, ETA) on a terminal, and one line per
 * epoch (loss, errors, images/s, ETA of the run) when the output is a file or a pipe.
 */
final class ConsoleProgress implements Trainer.Listener {

    private final PrintStream out;
    private final boolean tty = System.console() != null;
    private ProgressBar bar;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void epochStarted(int epoch, int steps) {
        if (tty) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
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
        out.printf(Locale.ROOT, "  epoch %d: lr %.4f  train loss %.4f err %.2f%%  test loss %.4f top-1 %.2f%% top-5 %.2f%%"
                        + "  %.0f img/s  %.1fs%n", row.epoch(), row.lr(), row.trainLoss(), row.trainTop1Err(),
                row.testLoss(), row.testTop1Err(), row.testTop5Err(), row.imagesPerSecond(), row.seconds());
    }
}
