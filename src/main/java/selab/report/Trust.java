package selab.report;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import selab.results.RunRecord;

/**
 * Whether a set of runs (a table, a row, a whole report) comes from one clean build whose code still computes
 * what they record. A reader must see it before the numbers: stale records (made by other code, libraries or
 * data), records from a dirty tree, and rows that mix fingerprints are each named.
 */
record Trust(int runs, Set<String> stale, Set<String> dirty, Set<String> fingerprints, Set<String> reasons) {

    static final String STALE_MARK = "†";
    static final String DIRTY_MARK = "‡";

    static Trust of(ReportInput in, Collection<String> runIds) {
        Map<String, RunRecord> byId = in.recordsById();
        Set<String> stale = new LinkedHashSet<>();
        Set<String> dirty = new LinkedHashSet<>();
        Set<String> fingerprints = new TreeSet<>();
        Set<String> reasons = new TreeSet<>();
        int runs = 0;
        for (String id : runIds) {
            RunRecord r = byId.get(id);
            if (r == null || !r.status().finished()) {
                continue;
            }
            runs++;
            String reason = in.staleReasons().get(id);
            if (reason != null) {
                stale.add(id);
                reasons.add(reason);
            }
            if (r.provenance() == null || r.provenance().gitDirty()) {
                dirty.add(id);
            }
            fingerprints.add(r.fingerprint() == null ? "none" : r.fingerprint().buildKey());
        }
        return new Trust(runs, stale, dirty, fingerprints, reasons);
    }

    boolean clean() {
        return stale.isEmpty() && dirty.isEmpty() && fingerprints.size() <= 1;
    }

    /** Marks for a row's label: † stale, ‡ dirty tree. */
    String marks() {
        return (stale.isEmpty() ? "" : " " + STALE_MARK) + (dirty.isEmpty() ? "" : " " + DIRTY_MARK);
    }

    /** One warning paragraph, or empty when the runs are one clean, current build. */
    String warning(String scope, String spec) {
        if (runs == 0 || clean()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("**⚠ Not one clean, current build (" + scope + "):**");
        if (!stale.isEmpty()) {
            sb.append(" ").append(stale.size()).append(" of ").append(runs).append(" finished runs are stale ")
                    .append(STALE_MARK).append(" (").append(String.join("; ", reasons)).append(")");
            sb.append(";");
        }
        if (fingerprints.size() > 1) {
            sb.append(" rows mix ").append(fingerprints.size()).append(" builds or data sets (training code, libraries,"
                    + " data);");
        }
        if (!dirty.isEmpty()) {
            sb.append(" ").append(dirty.size()).append(" run(s) were trained from a dirty tree ").append(DIRTY_MARK)
                    .append(";");
        }
        sb.setLength(sb.length() - 1);
        sb.append(". `./selab run ").append(spec).append(" --rerun-stale` retrains stale runs.");
        return sb.toString();
    }
}
