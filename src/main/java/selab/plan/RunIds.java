package selab.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import selab.spec.RunConfig;
import selab.spec.SpecJson;

/**
 * Run ids: the first 12 hex digits of SHA-256 over the canonical JSON of {@code {"config": RunConfig,
 * "seed": seed}} with every mapping's keys sorted. Depends only on what is trained, so the same config
 * in two specs (under any names, with keys written in any order, on any device) is the same run.
 */
public final class RunIds {
    public static final int LENGTH = 12;

    private RunIds() {}

    public static String of(RunConfig config, long seed) {
        return hash(config, seed).substring(0, LENGTH);
    }

    /** The whole SHA-256 (hex) whose first {@value #LENGTH} digits are the run id: a record's config fingerprint. */
    public static String hash(RunConfig config, long seed) {
        return HexFormat.of().formatHex(sha256(canonicalJson(config, seed)));
    }

    /**
     * The exact text that is hashed; public so a record of the run can show what its id means. The evaluation
     * schedule ({@code recipe.evaluate_every}) is left out: it changes what is measured, not what is trained, so a
     * config is one run whichever tables ask for it.
     */
    public static String canonicalJson(RunConfig config, long seed) {
        config = config.withRecipe(config.recipe().withEvaluateEvery(null));
        // Converting to maps first makes ORDER_MAP_ENTRIES_BY_KEYS sort every level, whatever order
        // Jackson would give the record components.
        Map<String, Object> tree = SpecJson.CANONICAL.convertValue(config, new TypeReference<Map<String, Object>>() {});
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("config", tree);
        top.put("seed", seed);
        try {
            return SpecJson.CANONICAL.writeValueAsString(top);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise run config", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
