package selab.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What decides a run's numbers, hashed: the resolved config and seed, the training code (class files of
 * {@link BuildStamp#TRAINING_PACKAGES}), the DJL and PyTorch versions, and the content of the data the run
 * read. {@code value} combines them. The thread count and the CPU's ISA, which change the last bits (README
 * "Numerics"), are in the record's provenance, not here.
 *
 * @param config SHA-256 of the run's canonical config + seed JSON (the text its run id hashes)
 * @param code SHA-256 of the training code's class files
 * @param libraries DJL and PyTorch versions, e.g. {@code djl 0.35.1, pytorch 2.7.1}
 * @param data SHA-256 of the training and test images and labels actually used (after subsetting)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Fingerprint(String value, String config, String code, String libraries, String data) {

    public static Fingerprint of(String config, String code, String libraries, String data) {
        String text = "config=" + config + "\ncode=" + code + "\nlibraries=" + libraries + "\ndata=" + data + "\n";
        String value = HexFormat.of().formatHex(BuildStamp.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
        return new Fingerprint(value, config, code, libraries, data);
    }

    /** SHA-256 of a text (the canonical config JSON), hex. */
    public static String hash(String text) {
        return HexFormat.of().formatHex(BuildStamp.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The libraries component for versions as {@link Provenance} records them. */
    public static String libraries(String djlVersion, String pytorchVersion) {
        return "djl " + djlVersion + ", pytorch " + pytorchVersion;
    }

    /**
     * What the build and data contribute, without the run's own config: equal for every run of one sweep
     * trained by one build on one data set, so a table whose runs differ here mixes builds or data.
     */
    public String buildKey() {
        return hash("code=" + code + "\nlibraries=" + libraries + "\ndata=" + data + "\n").substring(0, 12);
    }

    /**
     * Why a record with this fingerprint does not match what the current build would compute: empty when it
     * matches. {@code currentData} null = the data was not read, so it is not compared.
     */
    public List<String> differencesFrom(String currentConfig, String currentCode, String currentLibraries,
            String currentData) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(config, currentConfig)) {
            out.add("config");
        }
        if (!Objects.equals(code, currentCode)) {
            out.add("training code");
        }
        if (!Objects.equals(libraries, currentLibraries) && !libraries.contains(ProvenanceProbe.UNKNOWN)
                && !currentLibraries.contains(ProvenanceProbe.UNKNOWN)) { // an unloadable engine proves nothing
            out.add("libraries (" + libraries + " vs " + currentLibraries + ")");
        }
        if (currentData != null && !Objects.equals(data, currentData)) {
            out.add("data");
        }
        return out;
    }
}
