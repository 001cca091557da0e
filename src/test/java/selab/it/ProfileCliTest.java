package selab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code selab profile} through the CLI: machine-readable counts, and clear errors for bad flags. */
class ProfileCliTest {

    /** torchvision's resnet50: 25,557,032 parameters; 4.1 "GFLOPs" in the paper = 3,857,973,248 multiply-adds. */
    private static final long RESNET50_PARAMS = 25_557_032L;
    private static final long RESNET50_MACS = 3_857_973_248L;

    /**
     * SE blocks of SE-ResNet-50 at r = 16 without FC biases: two C×C/16 FCs after each of the 3, 4, 6, 3
     * bottlenecks of widths 256, 512, 1024, 2048 = (2/16)(3·256² + 4·512² + 6·1024² + 3·2048²) = 2,514,944;
     * each weight is one multiply-add per image.
     */
    private static final long SE_FC_WEIGHTS = (3L * 256 * 256 + 4L * 512 * 512 + 6L * 1024 * 1024 + 3L * 2048 * 2048) * 2 / 16;

    /**
     * SE-ResNet-50's SE element-wise work: every SE block pools and rescales each element of its C×H×W input
     * once, after the 3, 4, 6, 3 bottlenecks of 256×56², 512×28², 1024×14², 2048×7² = 11,038,720.
     */
    private static final long SE_ELEMENTWISE =
            2 * (3L * 256 * 56 * 56 + 4L * 512 * 28 * 28 + 6L * 1024 * 14 * 14 + 3L * 2048 * 7 * 7);

    @Test
    void csvIsAHeaderAndOneRowOfIntegers() {
        Cli.Result r = Cli.run("profile", "--arch", "resnet-50", "--format", "csv");
        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.all());
        List<String> header = splitCsv(lines.get(0));
        List<String> row = splitCsv(lines.get(1));
        assertEquals(header.size(), row.size(), r.all());
        assertEquals(RESNET50_PARAMS, Long.parseLong(row.get(header.indexOf("params"))));
        assertEquals(RESNET50_MACS, Long.parseLong(row.get(header.indexOf("macs"))));
        assertEquals(0, Long.parseLong(row.get(header.indexOf("se_elementwise"))));
        assertEquals(RESNET50_MACS, Long.parseLong(row.get(header.indexOf("paper_flops"))));
        assertEquals("resnet-50", row.get(header.indexOf("arch")));
    }

    /** The two operation counts have two names: macs leaves the SE element-wise work out, paper_flops adds it. */
    @Test
    void seResNet50AddsExactlyItsExcitationWeightsAndElementwiseWork() {
        Cli.Result r = Cli.run("profile", "--arch", "se-resnet-50", "--ratio", "16", "--format", "csv");
        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        List<String> header = splitCsv(lines.get(0));
        List<String> row = splitCsv(lines.get(1));
        assertEquals(2_514_944L, SE_FC_WEIGHTS);
        assertEquals(11_038_720L, SE_ELEMENTWISE);
        assertEquals(RESNET50_PARAMS + SE_FC_WEIGHTS, Long.parseLong(row.get(header.indexOf("params"))), r.all());
        assertEquals(RESNET50_MACS + SE_FC_WEIGHTS, Long.parseLong(row.get(header.indexOf("macs"))), r.all());
        assertEquals(SE_ELEMENTWISE, Long.parseLong(row.get(header.indexOf("se_elementwise"))), r.all());
        assertEquals(RESNET50_MACS + SE_FC_WEIGHTS + SE_ELEMENTWISE,
                Long.parseLong(row.get(header.indexOf("paper_flops"))), r.all());
        assertTrue(row.get(header.indexOf("se")).contains("stages=[2,3,4,5]"), r.all());
    }

    @Test
    void jsonNamesBothCounts() {
        Cli.Result r = Cli.run("profile", "--arch", "se-resnet-50", "--format", "json");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("\"macs\":" + (RESNET50_MACS + SE_FC_WEIGHTS) + ","), r.all());
        assertTrue(r.out().contains("\"paper_flops\":" + (RESNET50_MACS + SE_FC_WEIGHTS + SE_ELEMENTWISE) + ","),
                r.all());
    }

    @Test
    void knobValuesAreReadAsSpecsSpellThem() {
        Cli.Result r = Cli.run("profile", "--arch", "se-resnet-20", "--squeeze", "max", "--gate", "tanh",
                "--placement", "conv3x3", "--fc-bias", "true", "--width", "0.5");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("se-resnet-20 (width 0.50)"), r.all());
        assertTrue(r.out().contains("squeeze=max gate=tanh placement=conv3x3 stages=[2,3,4] fc_bias=true"), r.all());
    }

    @Test
    void helpListsEachKnobsValues() {
        Cli.Result r = Cli.run("profile", "--help");
        assertEquals(0, r.exit(), r.all());
        for (String values : List.of("avg, max", "sigmoid, tanh, relu", "standard, pre, post, identity, conv3x3, nosqueeze",
                "table, csv, json", "resnet-20, resnet-32, resnet-44, resnet-56, resnet-110, resnet-50, resnet-101, resnet-152")) {
            assertTrue(r.out().replaceAll("\\s+", " ").contains(values), values + " in\n" + r.all());
        }
    }

    /** A value outside a closed list: picocli reads it (one line, exit 2) before the verb runs. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "--gate;x;sigmoid|tanh|relu",
        "--gate;SIGMOID;sigmoid|tanh|relu",
        "--placement;foo;standard|pre|post|identity|conv3x3|nosqueeze",
        "--squeeze;median;avg|max",
        "--fc-bias;yes;true|false",
        "--format;xml;table|csv|json",
        "--arch;resnet-51;resnet-20|resnet-32|resnet-44|resnet-56|resnet-110|resnet-50|resnet-101|resnet-152",
        "--ratio;abc;is not an int",
    })
    void valueOutsideTheListIsOneLineNamingFlagValueAndAllowedValues(String flag, String value, String allowed) {
        Cli.Result r = flag.equals("--arch")
                ? Cli.run("profile", "--arch", value)
                : Cli.run("profile", "--arch", "se-resnet-50", flag, value);
        assertOneLineError(r, "selab: Invalid value for option '" + flag + "': '" + value + "'", allowed);
    }

    /** A value of the right type but out of range (issue 10 item 7: these printed wrong numbers or tried to allocate 640 GB). */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "--width;0;a number in [0.25, 8]",
        "--width;-1;a number in [0.25, 8]",
        "--width;NaN;a number in [0.25, 8]",
        "--width;1e9;a number in [0.25, 8]",
        "--input-size;100000;an integer in [17, 1024] for resnet-50",
        "--input-size;16;an integer in [17, 1024] for resnet-50",
        "--in-channels;0;an integer in [1, 64]",
        "--classes;1000000000;an integer in [1, 100000]",
        "--ratio;0;an integer in [1, 1024]",
        "--stages;9;a non-empty subset of [2, 3, 4, 5] for resnet-50",
        "--stages;2,9;a non-empty subset of [2, 3, 4, 5] for resnet-50",
    })
    void outOfRangeValueIsOneLineNamingFlagValueAndRange(String flag, String value, String range) {
        Cli.Result r = Cli.run("profile", "--arch", "se-resnet-50", flag, value);
        assertOneLineError(r, "selab profile: " + flag + ": '" + value + "' is not allowed; allowed: " + range, "");
    }

    @Test
    void cifarNetworksTakeSmallerInputs() {
        assertEquals(0, Cli.run("profile", "--arch", "resnet-20", "--input-size", "3").exit());
        Cli.Result r = Cli.run("profile", "--arch", "resnet-20", "--input-size", "2");
        assertOneLineError(r, "selab profile: --input-size: '2' is not allowed; allowed: an integer in [3, 1024] for resnet-20", "");
    }

    @Test
    void seFlagsOnAPlainArchitectureAreRefused() {
        Cli.Result r = Cli.run("profile", "--arch", "resnet-50", "--gate", "tanh");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("se-resnet-50"), r.all());
    }

    /** Exit 2, nothing on stdout, exactly one line on stderr that starts as given and contains {@code allowed}. */
    private static void assertOneLineError(Cli.Result r, String start, String allowed) {
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.out().isEmpty(), r.all());
        assertEquals(1, r.err().lines().count(), r.all());
        assertTrue(r.err().startsWith(start), "expected to start with: " + start + "\n" + r.all());
        assertTrue(r.err().contains(allowed), r.all());
    }

    /** Splits one CSV line, honouring double quotes (the se column holds commas). */
    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
