package selab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import selab.model.Architecture;
import selab.model.Gate;
import selab.model.Geometry;
import selab.model.Keys;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.Profile;
import selab.model.Profiler;
import selab.model.SeConfig;
import selab.model.Squeeze;
import selab.report.PaperCheck;

/** {@code selab profile}: Params and GFLOPs of one architecture, or of the paper's tables, without training. */
@Command(name = "profile", description = "Count Params and GFLOPs (multiply-adds) of an (SE-)ResNet without training.")
final class ProfileCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", description = "resnet-N or se-resnet-N, N in 20|32|44|56|110 (CIFAR-style) or 50|101|152 (ImageNet); default ${DEFAULT-VALUE}",
            defaultValue = "se-resnet-50")
    String arch;

    @Option(names = "--ratio", description = "reduction ratio r >= 1 (default 16)")
    Integer ratio;

    @Option(names = "--squeeze", description = "avg|max (default avg)")
    String squeeze;

    @Option(names = "--gate", description = "sigmoid|tanh|relu (default sigmoid)")
    String gate;

    @Option(names = "--placement", description = "standard|pre|post|identity|conv3x3|nosqueeze (default standard)")
    String placement;

    @Option(names = "--stages", split = ",", description = "stages with SE, e.g. 2,3,4,5 (default all)")
    List<Integer> stages;

    @Option(names = "--fc-bias", description = "true|false: biases in Fex's FC layers (default false, as in the paper's ablations)")
    String fcBias;

    @Option(names = "--width", defaultValue = "1.0", description = "width multiplier (default 1.0)")
    double width;

    @Option(names = "--input-size", description = "input side in pixels (default 224 for ImageNet nets, 32 for CIFAR-style)")
    Integer inputSize;

    @Option(names = "--in-channels", description = "input channels (default 3)")
    Integer inChannels;

    @Option(names = "--classes", description = "number of classes (default 1000 for ImageNet nets, 10 for CIFAR-style)")
    Integer classes;

    @Option(names = "--format", defaultValue = "table", description = "table|csv|json")
    String format;

    @Option(names = "--paper", description = "Compute Tables 10, 13, 15, 16's Params/GFLOPs beside the paper's printed values")
    boolean paper;

    @Override
    public Integer call() {
        PrintStream out = System.out; // not a stream of FileDescriptor.out: Main.execute's callers capture System.out
        Format fmt = Format.parse(format);
        if (paper) {
            new PaperCheck().print(out, fmt == Format.CSV);
            return 0;
        }
        ModelConfig model = model();
        Geometry g = geometry(Architecture.of(model.arch()));
        Profile p = Profiler.profile(model, g);
        print(out, fmt, model, g, p);
        return 0;
    }

    enum Format {
        TABLE, CSV, JSON;

        static Format parse(String s) {
            try {
                return Keys.parse(Format.class, s);
            } catch (IllegalArgumentException e) {
                throw new UserError("--format: " + e.getMessage());
            }
        }
    }

    ModelConfig model() {
        String a = arch.toLowerCase(Locale.ROOT);
        boolean se = a.startsWith("se-");
        String base = se ? a.substring(3) : a;
        if (!Architecture.NAMES.contains(base)) {
            throw new UserError("--arch: '" + arch + "' is not allowed; allowed: "
                    + String.join("|", Architecture.NAMES) + " or the same with an se- prefix");
        }
        if (!se) {
            if (ratio != null || squeeze != null || gate != null || placement != null || stages != null || fcBias != null) {
                throw new UserError("--arch " + arch + " has no SE block; use --arch se-" + base
                        + " to set --ratio/--squeeze/--gate/--placement/--stages/--fc-bias");
            }
            return new ModelConfig(base, null, width);
        }
        SeConfig d = SeConfig.paperDefault();
        int r = ratio == null ? d.ratio() : ratio;
        if (r < 1) {
            throw new UserError("--ratio: '" + r + "' is not allowed; allowed: an integer >= 1 (the paper studies 2..32)");
        }
        List<Integer> all = Architecture.of(base).stages();
        if (stages != null && (stages.isEmpty() || !all.containsAll(stages))) {
            throw new UserError("--stages: '" + stages + "' is not allowed; allowed: a non-empty subset of " + all
                    + " for " + base);
        }
        return new ModelConfig(base, new SeConfig(r,
                squeeze == null ? d.squeeze() : parse(Squeeze.class, "--squeeze", squeeze),
                gate == null ? d.gate() : parse(Gate.class, "--gate", gate),
                placement == null ? d.placement() : parse(Placement.class, "--placement", placement),
                stages == null ? all : stages,
                fcBias == null ? d.fcBias() : bool("--fc-bias", fcBias)), width);
    }

    private Geometry geometry(Architecture a) {
        Geometry d = a.bottleneck() ? Geometry.IMAGENET : Geometry.CIFAR10;
        int size = inputSize == null ? d.size() : inputSize;
        int minimum = a.bottleneck() ? 32 : 8;
        if (size < minimum) {
            throw new UserError("--input-size: '" + size + "' is not allowed; allowed: >= " + minimum + " for " + a.name());
        }
        if (inChannels != null && inChannels < 1 || classes != null && classes < 1) {
            throw new UserError("--in-channels/--classes: must be >= 1");
        }
        return new Geometry(inChannels == null ? d.channels() : inChannels, size, classes == null ? d.classes() : classes);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String flag, String value) {
        try {
            return Keys.parse(type, value);
        } catch (IllegalArgumentException e) {
            throw new UserError(flag + ": '" + value + "' is not allowed; allowed: " + Keys.allowed(type));
        }
    }

    private static boolean bool(String flag, String v) {
        if (!Arrays.asList("true", "false").contains(v.toLowerCase(Locale.ROOT))) {
            throw new UserError(flag + ": '" + v + "' is not allowed; allowed: true|false");
        }
        return Boolean.parseBoolean(v);
    }

    private static void print(PrintStream out, Format fmt, ModelConfig m, Geometry g, Profile p) {
        String name = (m.hasSe() ? "se-" : "") + m.arch();
        SeConfig se = m.se();
        String seDesc = se == null ? "none" : String.format(Locale.ROOT,
                "r=%d squeeze=%s gate=%s placement=%s stages=%s fc_bias=%s", se.ratio(), se.squeeze().key(),
                se.gate().key(), se.placement().key(), se.stages().toString().replace(" ", ""), se.fcBias());
        switch (fmt) {
            case CSV -> {
                out.println("arch,se,input,params,macs,se_elementwise,gflops");
                out.printf(Locale.ROOT, "%s,\"%s\",%dx%dx%d,%d,%d,%d,%.6f%n", name, seDesc, g.channels(), g.size(),
                        g.size(), p.params(), p.macs(), p.seElementwise(), p.gflops());
            }
            case JSON -> out.printf(Locale.ROOT,
                    "{\"arch\":\"%s\",\"se\":\"%s\",\"input\":[%d,%d,%d],\"classes\":%d,\"params\":%d,\"macs\":%d,"
                            + "\"se_elementwise\":%d,\"gflops\":%.6f,\"convention\":\"%s\"}%n",
                    name, seDesc, g.channels(), g.size(), g.size(), g.classes(), p.params(), p.macs(),
                    p.seElementwise(), p.gflops(), Profile.CONVENTION.replace("\"", "'"));
            case TABLE -> {
                out.printf(Locale.ROOT, "arch            %s (width %.2f)%n", name, m.width());
                out.printf(Locale.ROOT, "se              %s%n", seDesc);
                out.printf(Locale.ROOT, "input           %dx%dx%d, %d classes%n", g.channels(), g.size(), g.size(), g.classes());
                out.printf(Locale.ROOT, "params          %,d (%.2f M)%n", p.params(), p.params() / 1e6);
                out.printf(Locale.ROOT, "multiply-adds   %,d (conv + FC)%n", p.macs());
                out.printf(Locale.ROOT, "SE element-wise %,d (squeeze + scale)%n", p.seElementwise());
                out.printf(Locale.ROOT, "GFLOPs          %.3f%n", p.gflops());
                out.println("convention      " + Profile.CONVENTION);
            }
        }
    }
}
