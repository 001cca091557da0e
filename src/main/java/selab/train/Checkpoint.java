package selab.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import selab.io.AtomicFiles;
import selab.train.HistoryRow;

/**
 * The state a run needs to go on exactly where it stopped: the epochs done, their history, the network
 * (weights and BN statistics) and the momentum buffers. The data order and augmentation of an epoch are
 * derived from (seed, epoch), so no RNG state has to be stored. Written atomically at every epoch end.
 */
public record Checkpoint(int epochsDone, List<HistoryRow> history, byte[] network, Map<String, byte[]> buffers) {

    private static final String MAGIC = "selab-checkpoint-v1";

    public static Checkpoint capture(int epochsDone, List<HistoryRow> history, Block net, Sgd sgd)
            throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        }
        Map<String, byte[]> buffers = new LinkedHashMap<>();
        sgd.buffers().forEach((name, a) -> buffers.put(name, a.encode()));
        return new Checkpoint(epochsDone, List.copyOf(history), bytes.toByteArray(), buffers);
    }

    public void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeUTF(MAGIC);
            d.writeInt(epochsDone);
            d.writeInt(history.size());
            for (HistoryRow row : history) {
                d.writeUTF(row.toFullCsv());
            }
            d.writeInt(network.length);
            d.write(network);
            d.writeInt(buffers.size());
            for (Map.Entry<String, byte[]> e : buffers.entrySet()) {
                d.writeUTF(e.getKey());
                d.writeInt(e.getValue().length);
                d.write(e.getValue());
            }
            d.flush();
        });
    }

    public static Checkpoint load(Path file) throws IOException {
        try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(d.readUTF())) {
                throw new IOException(file + ": not a selab checkpoint");
            }
            int epochs = d.readInt();
            List<HistoryRow> history = new ArrayList<>();
            for (int i = d.readInt(); i > 0; i--) {
                history.add(HistoryRow.parseCsv(d.readUTF()));
            }
            byte[] network = d.readNBytes(d.readInt());
            Map<String, byte[]> buffers = new LinkedHashMap<>();
            for (int i = d.readInt(); i > 0; i--) {
                String name = d.readUTF();
                buffers.put(name, d.readNBytes(d.readInt()));
            }
            return new Checkpoint(epochs, history, network, buffers);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated checkpoint", e);
        }
    }

    /** Loads the saved state into a freshly initialised network and optimizer. */
    public void restore(Block net, Sgd sgd, NDManager manager) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(network))) {
            net.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint does not fit this network: " + e.getMessage(), e);
        }
        // Loading replaces the arrays; the new ones must record gradients again.
        for (ai.djl.nn.Parameter p : Sgd.trainable(net).values()) {
            p.getArray().setRequiresGradient(true);
        }
        Map<String, NDArray> restored = new LinkedHashMap<>();
        buffers.forEach((name, bytes) -> restored.put(name, NDArray.decode(manager, bytes)));
        sgd.restore(restored);
    }
}
