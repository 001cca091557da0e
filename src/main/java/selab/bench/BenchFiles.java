package selab.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalDouble;
import selab.io.AtomicFiles;
import selab.results.Json;

/** Writes {@code bench.md} and {@code bench.json} (raw measurements plus the derived summary), each atomically. */
public final class BenchFiles {

    public static final String MARKDOWN = "bench.md";
    public static final String JSON = "bench.json";

    private BenchFiles() {}

    /** @return the Markdown that was written */
    public static String write(BenchResult result, Path dir) throws IOException {
        String md = BenchReport.markdown(result);
        AtomicFiles.write(dir.resolve(MARKDOWN), md.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(JSON), Json.mapper().writeValueAsBytes(json(result)));
        return md;
    }

    static ObjectNode json(BenchResult r) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("note", BenchReport.PROVENANCE_LINE);
        root.set("result", Json.mapper().valueToTree(r));
        ObjectNode summary = root.putObject("summary");
        for (ModelResult m : java.util.List.of(r.plain(), r.se())) {
            ObjectNode s = summary.putObject(m.name());
            s.put("selab_images_per_s", m.selabImagesPerSecond());
            put(s, "pytorch_images_per_s", m.peerImagesPerSecond());
            put(s, "selab_over_pytorch", m.selabOverPeer());
            s.put("selab_gflops", m.selabGflops());
            put(s, "pytorch_gflops", m.peerGflops());
            put(s, "selab_percent_of_matmul", r.percentOfMatmul(m, m.selabStepSeconds()));
            put(s, "pytorch_percent_of_matmul", r.percentOfMatmul(m, m.peerStepSeconds()));
        }
        put(summary, "selab_se_overhead_percent", r.selabSeOverheadPercent());
        put(summary, "pytorch_se_overhead_percent", r.peerSeOverheadPercent());
        ObjectNode data = summary.putObject("data_path_images_per_s");
        r.dataPath().forEach(l -> data.put(l.name(), l.imagesPerSecond()));
        summary.put("matmul_gflops", r.matmulGflops());
        return root;
    }

    private static void put(ObjectNode node, String field, OptionalDouble v) {
        if (v.isPresent()) {
            node.put(field, v.getAsDouble());
        } else {
            node.putNull(field);
        }
    }
}
