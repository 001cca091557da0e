package selab.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.Profile;
import selab.model.Profiler;
import selab.model.SeConfig;
import selab.model.Squeeze;

/**
 * Recomputes the Params and GFLOPs columns of the paper's Tables 10, 13, 15 and 16 with the profiler and
 * sets them beside the printed values. Params are computed with and without Fex biases, since the
 * paper's ablations omit them but some printed values sit between (or above) both: shown, not forced.
 */
public final class PaperCheck {

    /** One recomputed row. */
    public record Row(int table, String variant, Profile noBias, Profile withBias, PaperTables.PaperRow paper) {

        /** Params agree when the computed value rounds to the paper's 0.1 M. */
        public String paramsVerdict() {
            if (paper == null || paper.paramsM() == null) {
                return "";
            }
            boolean a = Math.abs(noBias.params() / 1e6 - paper.paramsM()) <= 0.05 + 1e-9;
            boolean b = withBias != null && Math.abs(withBias.params() / 1e6 - paper.paramsM()) <= 0.05 + 1e-9;
            return a && b ? "match" : a ? "match (no bias)" : b ? "match (bias)" : "DIFFERS";
        }

        /** GFLOPs agree when the computed value rounds to the paper's 0.01 G. */
        public String gflopsVerdict() {
            if (paper == null || paper.gflops() == null) {
                return "";
            }
            return Math.abs(noBias.gflops() - paper.gflops()) <= 0.005 + 1e-9 ? "match" : "DIFFERS";
        }
    }

    private final PaperTables paper = PaperTables.load();

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int r : new int[] {2, 4, 8, 16, 32}) {
            rows.add(row(10, "r=" + r, se(r, Placement.STANDARD, null)));
        }
        rows.add(row(10, "original", null));
        rows.add(row(13, "ResNet-50", null));
        for (int s = 2; s <= 4; s++) {
            rows.add(row(13, "SE_Stage_" + s, se(16, Placement.STANDARD, List.of(s))));
        }
        rows.add(row(13, "SE_All", se(16, Placement.STANDARD, null)));
        rows.add(row(15, "SE", se(16, Placement.STANDARD, null)));
        rows.add(row(15, "SE_3x3", se(16, Placement.CONV3X3, null)));
        rows.add(row(16, "ResNet-50", null));
        rows.add(row(16, "NoSqueeze", se(16, Placement.NOSQUEEZE, null)));
        rows.add(row(16, "SE", se(16, Placement.STANDARD, null)));
        return rows;
    }

    private static SeConfig se(int r, Placement p, List<Integer> stages) {
        return new SeConfig(r, Squeeze.AVG, Gate.SIGMOID, p, stages, false);
    }

    private Row row(int table, String variant, SeConfig se) {
        Profile noBias = Profiler.profile(new ModelConfig("resnet-50", se, 1.0), Geometry.IMAGENET);
        Profile withBias = se == null ? noBias : Profiler.profile(new ModelConfig("resnet-50",
                new SeConfig(se.ratio(), se.squeeze(), se.gate(), se.placement(), se.stages(), true), 1.0),
                Geometry.IMAGENET);
        return new Row(table, variant, noBias, withBias, paper.find(table, variant).orElse(null));
    }

    public void print(PrintStream out, boolean csv) {
        List<Row> rows = rows();
        if (csv) {
            out.println("table,variant,params,params_with_fc_bias,paper_params_m,params_check,gflops,paper_gflops,gflops_check");
            for (Row r : rows) {
                out.printf(Locale.ROOT, "%d,%s,%d,%d,%s,%s,%.4f,%s,%s%n", r.table(), r.variant(), r.noBias().params(),
                        r.withBias().params(), num(r.paper() == null ? null : r.paper().paramsM()), r.paramsVerdict(),
                        r.noBias().gflops(), num(r.paper() == null ? null : r.paper().gflops()), r.gflopsVerdict());
            }
            return;
        }
        out.println("SE-ResNet-50 at 224x224, 1000 classes: computed by selab's profiler vs printed in the paper");
        out.println("(" + PaperTables.SOURCE + ")");
        out.println();
        out.println("| Table | Variant | Params (M), no FC bias | Params (M), FC bias | Paper Params (M) | Params | GFLOPs | Paper GFLOPs | GFLOPs |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %d | %s | %.3f | %.3f | %s | %s | %.3f | %s | %s |%n", r.table(), r.variant(),
                    r.noBias().params() / 1e6, r.withBias().params() / 1e6,
                    num(r.paper() == null ? null : r.paper().paramsM()), r.paramsVerdict(), r.noBias().gflops(),
                    num(r.paper() == null ? null : r.paper().gflops()), r.gflopsVerdict());
        }
        out.println();
        out.println("Convention: " + selab.model.Profile.CONVENTION + ".");
        out.println("Params agree when the computed value rounds to the paper's 0.1 M; GFLOPs to its 0.01.");
        out.println("DIFFERS marks a printed value no bias choice reproduces (see the paper notes in the README).");
    }

    private static String num(Double d) {
        return d == null ? "" : String.valueOf(d);
    }
}
