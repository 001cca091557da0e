package selab.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import selab.data.DataSource;
import selab.model.Architecture;
import selab.model.Keyed;
import selab.model.Placement;
import selab.model.SeConfig;

/**
 * Which implementation trains a run: selab itself (DJL), or an independent peer that a table row asks for with
 * {@code cross_check} to show that a second implementation of the same recipe gets the same numbers.
 */
public enum Implementation implements Keyed {
    /** selab's own DJL trainer: every run unless a row asks for a cross-check. */
    SELAB("selab"),
    /** peer_pytorch.py --train, run by an external python3 with torch (Debian's python3-torch). */
    PYTORCH("pytorch");

    private final String key;

    Implementation(String key) {
        this.key = key;
    }

    /** The implementations a row's {@code cross_check} may name: every one but selab. */
    public static List<Implementation> peers() {
        return List.of(PYTORCH);
    }

    /** The peers' keys joined by {@code |}, as the spec's error messages list them. */
    public static String peersAllowed() {
        return String.join("|", peers().stream().map(Implementation::key).toList());
    }

    /**
     * Why this implementation cannot train {@code config}, one line per field (empty when it can). The PyTorch peer
     * builds the CIFAR-style ResNets with SE in the standard placement, reads IDX data at its native side, and
     * trains with SGD (selab's only optimizer); its other knobs (squeeze, gate, ratio, stages, FC bias, bottleneck floor) follow the config.
     */
    public List<String> cannotTrain(RunConfig config) {
        List<String> out = new ArrayList<>();
        if (this == SELAB) {
            return out;
        }
        Architecture arch = Keyed.find(Architecture.class, config.model().arch()).orElse(null);
        if (arch == null || arch.bottleneck()) {
            out.add("model.arch = " + config.model().arch() + " has no " + key + " peer; allowed: " + String.join("|",
                    java.util.Arrays.stream(Architecture.values()).filter(a -> !a.bottleneck()).map(Architecture::key)
                            .toList()));
        }
        SeConfig se = config.model().se();
        if (se != null && se.placement() != null && se.placement() != Placement.STANDARD) {
            out.add("model.se.placement = " + se.placement() + " has no " + key + " peer; allowed: "
                    + Placement.STANDARD);
        }
        DataSource source = Keyed.find(DataSource.class, config.data().source()).orElse(null);
        if (source != DataSource.FASHION_MNIST && source != DataSource.MNIST) {
            out.add("data.source = " + config.data().source() + " has no " + key + " peer; allowed: "
                    + DataSource.FASHION_MNIST + "|" + DataSource.MNIST);
        }
        if (config.data().imageSize() != null) {
            out.add("data.image_size = " + config.data().imageSize() + " has no " + key
                    + " peer; allowed: null (the native side)");
        }
        if (config.data().augment() != null && config.data().augment().randomResizedCrop()) {
            out.add("data.augment.random_resized_crop = true has no " + key + " peer; allowed: false");
        }
        return out;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
