package selab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import selab.model.Architecture;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.Squeeze;

/**
 * The arguments of one {@code peer_pytorch.py} training run: the CIFAR-style (SE-)ResNet, the synthetic
 * input, the thread count and the SGD settings.
 *
 * @param depth 6n+2 (20, 32, 44, 56, 110)
 * @param width multiplier on the 16/32/64 stage widths (rounded half up, at least 1 channel)
 * @param se whether every residual unit carries an SE block in the standard placement
 * @param ratio SE reduction ratio r (ignored without SE)
 * @param warmup untimed steps before the timed ones
 * @param steps timed steps
 */
public record PeerRequest(
        int depth,
        double width,
        boolean se,
        int ratio,
        int batch,
        int channels,
        int size,
        int classes,
        int threads,
        int warmup,
        int steps,
        double lr,
        double momentum,
        double weightDecay) {

    /** The peer builds basic-unit (CIFAR-style) ResNets only, not the bottleneck ImageNet ones. */
    private static final List<Architecture> PEER_ARCHS =
            Arrays.stream(Architecture.values()).filter(a -> !a.bottleneck()).toList();

    public PeerRequest {
        if (PEER_ARCHS.stream().noneMatch(a -> a.depth() == depth)) {
            throw new IllegalArgumentException("PeerRequest.depth must be the depth of one of " + PEER_ARCHS
                    + ", got " + depth);
        }
        requirePositive("width", width);
        requirePositive("ratio", ratio);
        requirePositive("batch", batch);
        requirePositive("channels", channels);
        requirePositive("size", size);
        requirePositive("classes", classes);
        requirePositive("threads", threads);
        requirePositive("steps", steps);
        if (warmup < 0) {
            throw new IllegalArgumentException("PeerRequest.warmup must be >= 0, got " + warmup);
        }
    }

    /** Plain ResNet-20 on a Fashion-MNIST-shaped batch of 128 with the script's default SGD settings. */
    public static PeerRequest defaults() {
        return new PeerRequest(20, 1.0, false, 16, 128, 1, 28, 10, 2, 5, 20, 0.1, 0.9, 5e-4);
    }

    /**
     * The peer run that matches a selab model: same architecture, width, SE ratio and input geometry.
     *
     * @throws IllegalArgumentException if the model is not something the peer can build (an ImageNet
     *     ResNet, or an SE variant other than avg squeeze / sigmoid gate / standard placement / all
     *     stages / no FC bias); the message names the field and the allowed values
     */
    public static PeerRequest forModel(ModelConfig model, Geometry geometry, int batch, int threads, int warmup,
            int steps) {
        int depth = cifarDepth(model.arch());
        SeConfig se = model.se();
        if (se != null) {
            requireSupported(se);
        }
        PeerRequest d = defaults();
        return new PeerRequest(depth, model.width(), se != null, se == null ? d.ratio() : se.ratio(), batch,
                geometry.channels(), geometry.size(), geometry.classes(), threads, warmup, steps, d.lr(),
                d.momentum(), d.weightDecay());
    }

    public PeerRequest withBatch(int newBatch) {
        return new PeerRequest(depth, width, se, ratio, newBatch, channels, size, classes, threads, warmup, steps,
                lr, momentum, weightDecay);
    }

    public PeerRequest withThreads(int newThreads) {
        return new PeerRequest(depth, width, se, ratio, batch, channels, size, classes, newThreads, warmup, steps,
                lr, momentum, weightDecay);
    }

    public PeerRequest withSteps(int newWarmup, int newSteps) {
        return new PeerRequest(depth, width, se, ratio, batch, channels, size, classes, threads, newWarmup,
                newSteps, lr, momentum, weightDecay);
    }

    public PeerRequest withSe(boolean newSe, int newRatio) {
        return new PeerRequest(depth, width, newSe, newRatio, batch, channels, size, classes, threads, warmup,
                steps, lr, momentum, weightDecay);
    }

    /** The command-line arguments of {@code peer_pytorch.py} for this request (without a mode flag). */
    public List<String> scriptArgs() {
        List<String> args = new ArrayList<>();
        add(args, "--depth", Integer.toString(depth));
        add(args, "--width", num(width));
        args.add(se ? "--se" : "--no-se");
        add(args, "--ratio", Integer.toString(ratio));
        add(args, "--batch", Integer.toString(batch));
        add(args, "--channels", Integer.toString(channels));
        add(args, "--size", Integer.toString(size));
        add(args, "--classes", Integer.toString(classes));
        add(args, "--threads", Integer.toString(threads));
        add(args, "--warmup", Integer.toString(warmup));
        add(args, "--steps", Integer.toString(steps));
        add(args, "--lr", num(lr));
        add(args, "--momentum", num(momentum));
        add(args, "--wd", num(weightDecay));
        return args;
    }

    private static int cifarDepth(String arch) {
        return PEER_ARCHS.stream().filter(a -> a.key().equals(arch)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model.arch '" + arch + "' has no PyTorch peer; allowed: "
                        + PEER_ARCHS.stream().map(Architecture::key).collect(Collectors.joining("|"))
                        + " (CIFAR-style 6n+2 ResNets)"))
                .depth();
    }

    private static void requireSupported(SeConfig se) {
        unsupportedUnless(se.squeeze() == null || se.squeeze() == Squeeze.AVG, "squeeze", se.squeeze(), "avg");
        unsupportedUnless(se.gate() == null || se.gate() == Gate.SIGMOID, "gate", se.gate(), "sigmoid");
        unsupportedUnless(se.placement() == null || se.placement() == Placement.STANDARD, "placement",
                se.placement(), "standard");
        unsupportedUnless(se.stages() == null || se.stages().equals(List.of(2, 3, 4)), "stages", se.stages(),
                "null (all) or [2, 3, 4]");
        unsupportedUnless(!se.fcBias(), "fc_bias", se.fcBias(), "false");
        unsupportedUnless(se.minHidden() == null, "min_hidden", se.minHidden(), "null");
    }

    private static void unsupportedUnless(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "model.se." + field + " = " + value + " has no PyTorch peer; allowed: " + allowed);
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("PeerRequest." + field + " must be > 0, got " + value);
        }
    }

    private static void add(List<String> args, String flag, String value) {
        args.add(flag);
        args.add(value);
    }

    private static String num(double v) {
        return Double.toString(v); // python float() parses Java's "5.0E-4" form
    }
}
