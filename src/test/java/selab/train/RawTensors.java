package selab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tensors exchanged with the PyTorch reference script as files: each one a raw little-endian array
 * (float64 "f8" or int64 "i8"), described in the manifest by {"shape", "file", "type"}.
 */
final class RawTensors {

    /** A tensor read back: its shape and its values widened to double. */
    record Tensor(long[] shape, double[] values) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private int files;

    RawTensors(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code values} as float64 and returns its manifest entry. */
    ObjectNode put(long[] shape, double[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return write(shape, b.array(), "f8");
    }

    /** Writes {@code values} as int64 and returns its manifest entry. */
    ObjectNode put(long[] shape, long[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return write(shape, b.array(), "i8");
    }

    private ObjectNode write(long[] shape, byte[] bytes, String type) throws IOException {
        String file = String.format("t%04d.bin", files++);
        Files.write(dir.resolve(file), bytes);
        ObjectNode entry = JSON.createObjectNode();
        var s = entry.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        entry.put("file", file);
        entry.put("type", type);
        return entry;
    }

    /** Every float64 tensor listed under "tensors" in {@code dir}/manifest.json, by name, in file order. */
    static Map<String, Tensor> readAll(Path dir) throws IOException {
        JsonNode tensors = JSON.readTree(dir.resolve("manifest.json").toFile()).get("tensors");
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tensors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode spec = e.getValue();
            if (!"f8".equals(spec.get("type").asText())) {
                throw new IOException(e.getKey() + ": expected type f8, got " + spec.get("type"));
            }
            long[] shape = new long[spec.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = spec.get("shape").get(i).asLong();
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(spec.get("file").asText())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[b.remaining() / Double.BYTES];
            b.asDoubleBuffer().get(values);
            out.put(e.getKey(), new Tensor(shape, values));
        }
        return out;
    }

    static ObjectMapper json() {
        return JSON;
    }
}
