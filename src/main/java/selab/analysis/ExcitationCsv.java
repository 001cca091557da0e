package selab.analysis;

import java.util.List;

/**
 * The numbers behind the excitation figure as CSV: one row per (block, class, channel), the selected
 * classes first and then class {@code all} (the mean over every image of the split). A class without
 * images in the split gets an empty mean_activation and n_images 0.
 */
public final class ExcitationCsv {

    public static final String HEADER = "block,class,channel,mean_activation,n_images";
    public static final String ALL = "all";
    public static final String HIDDEN_HEADER = "block,unit,active_images,n_images";

    private ExcitationCsv() {}

    public static String render(Excitation e, List<String> blocks, List<Integer> classes) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (String label : blocks) {
            BlockExcitation b = e.block(label);
            for (int k : classes) {
                rows(csv, label, Integer.toString(k), b.meansOf(k), b.countOf(k));
            }
            rows(csv, label, ALL, b.allMeans(), b.images());
        }
        return csv.toString();
    }

    private static void rows(StringBuilder csv, String block, String cls, double[] means, long n) {
        for (int ch = 0; ch < means.length; ch++) {
            csv.append(block).append(',').append(cls).append(',').append(ch).append(',')
                    .append(Double.isNaN(means[ch]) ? "" : Double.toString(means[ch])).append(',')
                    .append(n).append('\n');
        }
    }

    /** One row per hidden unit of every SE block: on how many images it fired (0 = dead). */
    public static String renderHidden(Excitation e) {
        StringBuilder csv = new StringBuilder(HIDDEN_HEADER).append('\n');
        for (HiddenUnits h : e.bottlenecks()) {
            long[] active = h.activeImages();
            for (int u = 0; u < active.length; u++) {
                csv.append(h.label()).append(',').append(u).append(',').append(active[u]).append(',')
                        .append(h.images()).append('\n');
            }
        }
        return csv.toString();
    }

    /** One line: dead units per block, e.g. "SE_2_1 1/1, SE_2_2 0/1, ... (12 of 21 dead)". */
    public static String deadSummary(Excitation e) {
        StringBuilder s = new StringBuilder();
        int dead = 0;
        int units = 0;
        for (HiddenUnits h : e.bottlenecks()) {
            s.append(s.length() == 0 ? "" : ", ").append(h.label()).append(' ').append(h.dead()).append('/').append(h.units());
            dead += h.dead();
            units += h.units();
        }
        return s + " (" + dead + " of " + units + " dead)";
    }
}
