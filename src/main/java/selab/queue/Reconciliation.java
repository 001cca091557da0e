package selab.queue;

import java.util.List;

/**
 * What {@link WorkQueue#reconcile} changed so the queue agrees with the results tree.
 *
 * @param finished runs the queue now counts as finished because their record says so
 * @param requeued runs the queue counted as finished whose record is gone; queued to be trained again
 */
public record Reconciliation(List<String> finished, List<String> requeued) {
    public boolean changedNothing() {
        return finished.isEmpty() && requeued.isEmpty();
    }
}
