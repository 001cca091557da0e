package selab.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import selab.io.AtomicFiles;

/**
 * The state a run needs to go on exactly where it stopped: the epochs done, their history, the network
 * (weights and BN statistics), the momentum buffers and, when a stop came mid-epoch, that epoch's progress
 * ({@link PartialEpoch}). An epoch's data order is derived from (seed, epoch); its augmentation RNG is stored
 * with a partial epoch, since its state depends on the steps done. Written atomically at every epoch end and on
 * a stop, with a checksum, so a damaged file is refused rather than resumed from (see {@link CheckpointFiles}).
 *
 * @param partial the epoch in progress when training stopped, or null (stopped at an epoch end)
 */
public record Checkpoint(int epochsDone, List<HistoryRow> history, byte[] network, Map<String, byte[]> buffers,
        PartialEpoch partial) {

    /** v3 adds the partial epoch; v2 (no partial epoch) is still read. */
    private static final String MAGIC = "selab-checkpoint-v3";
    private static final String MAGIC_V2 = "selab-checkpoint-v2";

    /**
     * Epoch {@code epochsDone + 1} after {@code stepsDone} of its steps: what its remaining steps need to continue
     * bit for bit, and its tallies so far.
     *
     * @param rng the epoch's augmentation RNG as {@link java.util.Random} serializes it
     * @param lossSum the sum of the steps' mean losses, as the float32 the device held
     * @param correct training top-1 hits so far
     * @param examples training examples seen so far
     * @param seconds wall seconds of those steps
     * @param lr the learning rate of the last step done (the epoch's history row shows it when all steps are done)
     */
    public record PartialEpoch(int stepsDone, byte[] rng, float lossSum, long correct, long examples, double seconds,
            double lr) {}

    public static Checkpoint capture(int epochsDone, List<HistoryRow> history, Block net, Sgd sgd)
            throws IOException {
        return capture(epochsDone, history, net, sgd, null);
    }

    public static Checkpoint capture(int epochsDone, List<HistoryRow> history, Block net, Sgd sgd,
            PartialEpoch partial) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        }
        Map<String, byte[]> buffers = new LinkedHashMap<>();
        sgd.buffers().forEach((name, a) -> buffers.put(name, a.encode()));
        return new Checkpoint(epochsDone, List.copyOf(history), bytes.toByteArray(), buffers, partial);
    }

    public void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32());
            DataOutputStream d = new DataOutputStream(checked);
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
            d.writeBoolean(partial != null);
            if (partial != null) {
                d.writeInt(partial.stepsDone());
                d.writeInt(partial.rng().length);
                d.write(partial.rng());
                d.writeFloat(partial.lossSum());
                d.writeLong(partial.correct());
                d.writeLong(partial.examples());
                d.writeDouble(partial.seconds());
                d.writeDouble(partial.lr());
            }
            d.flush();
            new DataOutputStream(out).writeLong(checked.getChecksum().getValue());
        });
    }

    /**
     * Reads a checkpoint; throws when the file is not a complete, intact checkpoint of this format (wrong
     * magic, truncated, or any byte changed: the CRC-32 at the end covers everything before it).
     */
    public static Checkpoint load(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            CheckedInputStream checked = new CheckedInputStream(in, new CRC32());
            DataInputStream d = new DataInputStream(checked);
            String magic = d.readUTF();
            if (!MAGIC.equals(magic) && !MAGIC_V2.equals(magic)) {
                throw new IOException(file + ": not a selab checkpoint of this format (" + MAGIC + ")");
            }
            int epochs = d.readInt();
            List<HistoryRow> history = new ArrayList<>();
            for (int i = d.readInt(); i > 0; i--) {
                history.add(HistoryRow.parseCsv(d.readUTF()));
            }
            byte[] network = readExactly(d, d.readInt(), size, file);
            Map<String, byte[]> buffers = new LinkedHashMap<>();
            for (int i = d.readInt(); i > 0; i--) {
                String name = d.readUTF();
                buffers.put(name, readExactly(d, d.readInt(), size, file));
            }
            PartialEpoch partial = null;
            if (MAGIC.equals(magic) && d.readBoolean()) {
                partial = new PartialEpoch(d.readInt(), readExactly(d, d.readInt(), size, file), d.readFloat(),
                        d.readLong(), d.readLong(), d.readDouble(), d.readDouble());
            }
            long computed = checked.getChecksum().getValue();
            long stored = new DataInputStream(in).readLong();
            if (computed != stored || in.read() != -1) {
                throw new IOException(file + ": checksum mismatch (the file was changed or cut after it was written)");
            }
            if (history.size() != epochs) {
                throw new IOException(file + ": " + epochs + " epochs done but " + history.size() + " history rows");
            }
            return new Checkpoint(epochs, history, network, buffers, partial);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated checkpoint", e);
        }
    }

    /** A length field that a damaged file may have garbled; bounded by the file so it cannot exhaust the heap. */
    private static byte[] readExactly(DataInputStream d, int length, long fileSize, Path file) throws IOException {
        if (length < 0 || length > fileSize) {
            throw new IOException(file + ": impossible block length " + length + " in a file of " + fileSize + " bytes");
        }
        byte[] bytes = new byte[length];
        d.readFully(bytes);
        return bytes;
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
