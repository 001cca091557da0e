package selab.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The PyTorch peer ({@code selab/peer/peer_pytorch.py}, shipped in selab's jar) and the python that runs it: the
 * one place that says where both are. {@code selab bench} times it; a row's {@code cross_check: pytorch} trains
 * with it.
 */
public final class PeerScript {

    /** Environment variable naming the python executable; defaults to {@value #DEFAULT_PYTHON}. */
    public static final String PYTHON_ENV = "SELAB_PYTHON";
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    static final String RESOURCE = "/selab/peer/peer_pytorch.py";

    private static Path extracted;
    private static String hash;

    private PeerScript() {}

    /** The python named by {@value #PYTHON_ENV}, else {@value #DEFAULT_PYTHON}. */
    public static String pythonFromEnvironment() {
        String env = System.getenv(PYTHON_ENV);
        return env == null || env.isBlank() ? DEFAULT_PYTHON : env.trim();
    }

    /** The script, extracted to a temporary file once per process. */
    public static synchronized Path path() {
        if (extracted == null) {
            try (InputStream in = open()) {
                Path tmp = Files.createTempFile("selab-peer_pytorch-", ".py");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                extracted = tmp;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract " + RESOURCE + " to a temp file", e);
            }
        }
        return extracted;
    }

    /** SHA-256 of the script's bytes: the "training code" of a run the peer trains (its records' fingerprint). */
    public static synchronized String sha256() {
        if (hash == null) {
            try (InputStream in = open()) {
                hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
        return hash;
    }

    private static InputStream open() throws IOException {
        InputStream in = PeerScript.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("classpath resource " + RESOURCE + " is missing");
        }
        return in;
    }
}
