package selab.queue;

import java.util.Map;
import java.util.Set;
import selab.results.RunStatus;

/**
 * What the results tree says about some of the queue's runs, for {@link WorkQueue#reconcile}.
 *
 * @param checked the run ids whose records were looked for (others are left alone)
 * @param finished the checked runs that have a finished record, with its status (done or diverged)
 */
public record RecordedRuns(Set<String> checked, Map<String, RunStatus> finished) {
    public RecordedRuns {
        checked = Set.copyOf(checked);
        finished = Map.copyOf(finished);
        if (!checked.containsAll(finished.keySet())) {
            throw new IllegalArgumentException("finished runs must be among the checked ones");
        }
        finished.values().forEach(s -> {
            if (!s.finished()) {
                throw new IllegalArgumentException("a finished record is done or diverged, not " + s);
            }
        });
    }
}
