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
}
