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
        assertEquals("resnet-50", row.get(header.indexOf("arch")));
    }

    @Test
    void seResNet50AddsExactlyItsExcitationWeights() {
        Cli.Result r = Cli.run("profile", "--arch", "se-resnet-50", "--ratio", "16", "--format", "csv");
        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        List<String> header = splitCsv(lines.get(0));
        List<String> row = splitCsv(lines.get(1));
        assertEquals(2_514_944L, SE_FC_WEIGHTS);
        assertEquals(RESNET50_PARAMS + SE_FC_WEIGHTS, Long.parseLong(row.get(header.indexOf("params"))), r.all());
        assertEquals(RESNET50_MACS + SE_FC_WEIGHTS, Long.parseLong(row.get(header.indexOf("macs"))), r.all());
        assertTrue(row.get(header.indexOf("se")).contains("stages=[2,3,4,5]"), r.all());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "--gate;x;sigmoid|tanh|relu",
        "--placement;foo;standard|pre|post|identity|conv3x3|nosqueeze",
        "--squeeze;median;avg|max",
        "--ratio;0;integer >= 1",
        "--stages;9;non-empty subset of [2, 3, 4, 5]",
        "--stages;2,9;non-empty subset of [2, 3, 4, 5]",
        "--fc-bias;yes;true|false",
        "--format;xml;table|csv|json",
        "--arch;resnet-51;resnet-20",
        "--input-size;8;>= 32",
    })
    void badFlagIsExitTwoWithAMessageNamingTheFlagAndTheAllowedValues(String flag, String value, String allowed) {
        Cli.Result r = flag.equals("--arch")
                ? Cli.run("profile", "--arch", value)
                : Cli.run("profile", "--arch", "se-resnet-50", flag, value);
        assertEquals(2, r.exit(), r.all());
        String msg = r.err();
        String prefix = "selab profile: " + flag + ": '";
        assertTrue(msg.startsWith(prefix), r.all());
        // The bad value is quoted back (a list option as a list: '2,9' comes back as '[2, 9]').
        String quoted = msg.substring(prefix.length(), msg.indexOf('\'', prefix.length()));
        assertEquals(value, quoted.replaceAll("[\\[\\] ]", ""), r.all());
        assertTrue(msg.contains(allowed), r.all());
        assertTrue(r.out().isEmpty(), r.all());
        assertTrue(!msg.contains("\tat "), "no stack trace: " + r.all());
    }

    @Test
    void seFlagsOnAPlainArchitectureAreRefused() {
        Cli.Result r = Cli.run("profile", "--arch", "resnet-50", "--gate", "tanh");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("se-resnet-50"), r.all());
    }

    @Test
    void nonNumericRatioIsAParameterError() {
        Cli.Result r = Cli.run("profile", "--ratio", "abc");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("--ratio") && r.err().contains("abc"), r.all());
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
