package selab.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;

/** A {@link Random}'s exact state as bytes (its own serialized form), so an epoch stopped mid-way goes on bit for bit. */
final class RngState {
    /** Only the RNG and what it is made of may come back from a checkpoint's bytes. */
    private static final ObjectInputFilter ONLY_RANDOM = ObjectInputFilter.Config.createFilter(
            "java.util.Random;java.util.concurrent.atomic.AtomicLong;java.lang.Number;!*");

    private RngState() {}

    static byte[] save(Random rng) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rng);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the epoch's RNG", e);
        }
        return bytes.toByteArray();
    }

    static Random load(byte[] state) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            in.setObjectInputFilter(ONLY_RANDOM);
            Object o = in.readObject();
            if (o.getClass() != Random.class) {
                throw new IOException("checkpoint's RNG state is a " + o.getClass().getName() + ", not java.util.Random");
            }
            return (Random) o;
        } catch (ClassNotFoundException | RuntimeException e) {
            throw new IOException("checkpoint's RNG state cannot be read: " + e.getMessage(), e);
        }
    }
}
