package selab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import selab.model.Architecture;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.Keyed;
import selab.model.ModelConfig;
import selab.model.ModelLimits;
import selab.model.Placement;
import selab.model.Profile;
import selab.model.Profiler;
import selab.model.SeConfig;
import selab.model.Squeeze;
import selab.report.PaperCheck;

/** {@code selab profile}: Params and GFLOPs of one architecture, or of the paper's tables, without training. */
@Command(name = "profile", description = "Count Params and GFLOPs (multiply-adds) of an (SE-)ResNet without training.")
final class ProfileCommand implements Callable<Integer> {

    /**
     * Bounds that keep the profiled network small enough to build: profiling allocates its parameters
     * and, for DJL's shape inference, one activation per layer (a 100,000-pixel side would be 640 GB).
     */
    static final int MAX_IN_CHANNELS = 64;
    static final int MAX_CLASSES = 100_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", converter = ArchChoice.Converter.class, defaultValue = "se-resnet-50",
            description = "an architecture (${COMPLETION-CANDIDATES}), with se- before it for the SE network;"
                    + " default ${DEFAULT-VALUE}",
            completionCandidates = ArchChoice.Names.class)
    ArchChoice arch;

    @Option(names = "--ratio", description = "reduction ratio r (default 16)")
    Integer ratio;

    @Option(names = "--squeeze", parameterConsumer = ChoiceOption.class,
            description = "${COMPLETION-CANDIDATES} (default avg)")
    Squeeze squeeze;

    @Option(names = "--gate", parameterConsumer = ChoiceOption.class,
            description = "${COMPLETION-CANDIDATES} (default sigmoid)")
    Gate gate;

    @Option(names = "--placement", parameterConsumer = ChoiceOption.class,
            description = "${COMPLETION-CANDIDATES} (default standard)")
    Placement placement;

    @Option(names = "--stages", split = ",", description = "stages with SE, e.g. 2,3,4,5 (default all)")
    List<Integer> stages;

    @Option(names = "--fc-bias", arity = "1", parameterConsumer = ChoiceOption.class,
            description = "true|false: biases in Fex's FC layers (default false, as in the paper's ablations)")
    Boolean fcBias;

    @Option(names = "--width", defaultValue = "1.0", description = "width multiplier (default ${DEFAULT-VALUE})")
    double width;

    @Option(names = "--input-size", description = "input side in pixels (default 224 for ImageNet nets, 32 for CIFAR-style)")
    Integer inputSize;

    @Option(names = "--in-channels", description = "input channels (default 3)")
    Integer inChannels;

    @Option(names = "--classes", description = "number of classes (default 1000 for ImageNet nets, 10 for CIFAR-style)")
    Integer classes;

    @Option(names = "--format", defaultValue = "table", parameterConsumer = ChoiceOption.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--paper", description = "Compute Tables 10, 13, 15, 16's Params/GFLOPs beside the paper's printed values")
    boolean paper;

    @Override
    public Integer call() {
        PrintStream out = System.out; // not a stream of FileDescriptor.out: Main.execute's callers capture System.out
        if (paper) {
            new PaperCheck().print(out, format == Format.CSV);
            return 0;
        }
        ModelConfig model = model();
        Geometry g = geometry(arch.arch());
        Profile p = Profiler.profile(model, g);
        print(out, format, model, g, p);
        return 0;
    }

    enum Format implements Keyed {
        TABLE, CSV, JSON;

        @Override
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** {@code --arch}: an architecture, and whether it carries SE blocks ({@code se-resnet-50}). */
    record ArchChoice(Architecture arch, boolean se) {
        static final String SE_PREFIX = "se-";

        /** Every architecture's key, for help. */
        static final class Names implements Iterable<String> {
            @Override
            public java.util.Iterator<String> iterator() {
                return Keyed.keys(Architecture.class).iterator();
            }
        }

        static final class Converter implements ITypeConverter<ArchChoice> {
            @Override
            public ArchChoice convert(String value) {
                boolean se = value.startsWith(SE_PREFIX);
                return Keyed.find(Architecture.class, se ? value.substring(SE_PREFIX.length()) : value)
                        .map(a -> new ArchChoice(a, se))
                        .orElseThrow(() -> new TypeConversionException("'" + value + "' is not allowed; allowed: "
                                + Keyed.allowed(Architecture.class) + ", each also with " + SE_PREFIX + " before it"));
            }
        }
    }

    ModelConfig model() {
        Architecture base = arch.arch();
        if (!arch.se()) {
            if (ratio != null || squeeze != null || gate != null || placement != null || stages != null || fcBias != null) {
                throw new UserError("--arch " + base + " has no SE block; use --arch " + ArchChoice.SE_PREFIX + base
                        + " to set --ratio/--squeeze/--gate/--placement/--stages/--fc-bias");
            }
            return new ModelConfig(base.key(), null, checkedWidth());
        }
        SeConfig d = SeConfig.paperDefault();
        if (ratio != null && (ratio < 1 || ratio > SeConfig.MAX_RATIO)) {
            throw badValue("--ratio", "an integer in [1, " + SeConfig.MAX_RATIO + "] (the paper studies 2..32)");
        }
        List<Integer> all = base.stages();
        if (stages != null && (stages.isEmpty() || !all.containsAll(stages))) {
            throw badValue("--stages", "a non-empty subset of " + all + " for " + base);
        }
        return new ModelConfig(base.key(), new SeConfig(ratio == null ? d.ratio() : ratio,
                squeeze == null ? d.squeeze() : squeeze,
                gate == null ? d.gate() : gate,
                placement == null ? d.placement() : placement,
                stages == null ? all : stages,
                fcBias == null ? d.fcBias() : fcBias), checkedWidth());
    }

    private double checkedWidth() {
        if (!ModelLimits.widthAllowed(width)) {
            throw badValue("--width", ModelLimits.allowedWidths());
        }
        return width;
    }

    private Geometry geometry(Architecture a) {
        Geometry d = a.bottleneck() ? Geometry.IMAGENET : Geometry.CIFAR10;
        checkRange("--input-size", inputSize, ModelLimits.minInputSide(a), ModelLimits.MAX_INPUT_SIDE, " for " + a);
        checkRange("--in-channels", inChannels, 1, MAX_IN_CHANNELS, "");
        checkRange("--classes", classes, 1, MAX_CLASSES, "");
        return new Geometry(inChannels == null ? d.channels() : inChannels, inputSize == null ? d.size() : inputSize,
                classes == null ? d.classes() : classes);
    }

    private void checkRange(String flag, Integer value, int min, int max, String why) {
        if (value != null && (value < min || value > max)) {
            throw badValue(flag, "an integer in [" + min + ", " + max + "]" + why);
        }
    }

    /** The one-line error for a flag whose value is out of range, quoting the value as it was typed. */
    private UserError badValue(String flag, String allowed) {
        OptionSpec option = spec.findOption(flag);
        String typed = String.join(",", option.originalStringValues());
        return new UserError(flag + ": '" + typed + "' is not allowed; allowed: " + allowed);
    }

    private static void print(PrintStream out, Format fmt, ModelConfig m, Geometry g, Profile p) {
        String name = (m.hasSe() ? ArchChoice.SE_PREFIX : "") + m.arch();
        SeConfig se = m.se();
        String seDesc = se == null ? "none" : String.format(Locale.ROOT,
                "r=%d squeeze=%s gate=%s placement=%s stages=%s fc_bias=%s", se.ratio(), se.squeeze().key(),
                se.gate().key(), se.placement().key(), se.stages().toString().replace(" ", ""), se.fcBias());
        switch (fmt) {
            case CSV -> {
                out.println("arch,se,input,params,macs,se_elementwise,paper_flops,gflops");
                out.printf(Locale.ROOT, "%s,\"%s\",%dx%dx%d,%d,%d,%d,%d,%.6f%n", name, seDesc, g.channels(), g.size(),
                        g.size(), p.params(), p.macs(), p.seElementwise(), p.paperFlops(), p.gflops());
            }
            case JSON -> out.printf(Locale.ROOT,
                    "{\"arch\":\"%s\",\"se\":\"%s\",\"input\":[%d,%d,%d],\"classes\":%d,\"params\":%d,\"macs\":%d,"
                            + "\"se_elementwise\":%d,\"paper_flops\":%d,\"gflops\":%.6f,\"convention\":\"%s\"}%n",
                    name, seDesc, g.channels(), g.size(), g.size(), g.classes(), p.params(), p.macs(),
                    p.seElementwise(), p.paperFlops(), p.gflops(), Profile.CONVENTION.replace("\"", "'"));
            case TABLE -> {
                out.printf(Locale.ROOT, "arch            %s (width %.2f)%n", name, m.width());
                out.printf(Locale.ROOT, "se              %s%n", seDesc);
                out.printf(Locale.ROOT, "input           %dx%dx%d, %d classes%n", g.channels(), g.size(), g.size(), g.classes());
                out.printf(Locale.ROOT, "params          %,d (%.2f M)%n", p.params(), p.params() / 1e6);
                out.printf(Locale.ROOT, "multiply-adds   %,d (macs: conv + FC)%n", p.macs());
                out.printf(Locale.ROOT, "SE element-wise %,d (squeeze + scale)%n", p.seElementwise());
                out.printf(Locale.ROOT, "paper FLOPs     %,d (multiply-adds + SE element-wise)%n", p.paperFlops());
                out.printf(Locale.ROOT, "GFLOPs          %.3f%n", p.gflops());
                out.println("convention      " + Profile.CONVENTION);
            }
        }
    }
}
