package selab.work;

import selab.train.Trainer;

import java.nio.file.Path;
import java.util.List;
import selab.train.HistoryRow;

/**
 * A {@link Trainer.Listener} that passes every event on to another one; a subclass overrides the one
 * event it adds behaviour to and calls {@code super} to keep forwarding.
 */
class ForwardingListener implements Trainer.Listener {
    private final Trainer.Listener next;

    ForwardingListener(Trainer.Listener next) {
        this.next = next == null ? new Trainer.Listener() {} : next;
    }

    @Override
    public void runStarted(String label, int epochs) {
        next.runStarted(label, epochs);
    }

    @Override
    public void epochStarted(int epoch, int steps) {
        next.epochStarted(epoch, steps);
    }

    @Override
    public void stepDone(int epoch, int step) {
        next.stepDone(epoch, step);
    }

    @Override
    public void epochDone(HistoryRow row, List<HistoryRow> history) {
        next.epochDone(row, history);
    }

    @Override
    public void checkpointSetAside(Path unreadable, Path keptAt, Exception why) {
        next.checkpointSetAside(unreadable, keptAt, why);
    }

    @Override
    public boolean stopRequested() {
        return next.stopRequested();
    }
}
