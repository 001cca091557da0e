package selab.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What this build of selab is: the git commit and dirty flag stamped into {@code selab/build.properties}
 * when Maven compiled it (pom.xml, execution {@code build-stamp}; not read from the working directory,
 * which may be another checkout), and the hash of the compiled code that decides a run's numbers.
 */
public record BuildStamp(String commit, boolean dirty, String code) {

    /** The packages whose classes decide what a run computes (not the CLI, queue or reports). */
    public static final List<String> TRAINING_PACKAGES = List.of("selab/model/", "selab/train/", "selab/data/");
    public static final String RESOURCE = "selab/build.properties";

    private static BuildStamp current;

    /** This build's stamp; computed once per process. */
    public static synchronized BuildStamp current() {
        if (current == null) {
            Properties p = new Properties();
            try (InputStream in = BuildStamp.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            current = fromProperties(p, codeHash());
        }
        return current;
    }

    /** A stamp from build.properties' text; a property Maven could not fill (git missing) reads as unknown. */
    static BuildStamp fromProperties(Properties p, String code) {
        String commit = p.getProperty("commit", "").trim();
        if (!commit.matches("[0-9a-f]{40}")) {
            commit = ProvenanceProbe.UNKNOWN;
        }
        String dirty = p.getProperty("dirty", "").trim();
        // Unknown state counts as dirty: a record must not claim a clean tree nobody checked.
        return new BuildStamp(commit, !dirty.equals("false") || commit.equals(ProvenanceProbe.UNKNOWN), code);
    }

    /**
     * SHA-256 over the class files of {@link #TRAINING_PACKAGES} (relative name and bytes, in name order), as
     * loaded by this process: a directory of classes or a jar.
     */
    static String codeHash() {
        TreeMap<String, byte[]> classes = new TreeMap<>();
        try {
            Path location = Path.of(BuildStamp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                for (String pkg : TRAINING_PACKAGES) {
                    Path dir = location.resolve(pkg);
                    if (!Files.isDirectory(dir)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                            classes.put(location.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        if (e.getName().endsWith(".class") && TRAINING_PACKAGES.stream().anyMatch(e.getName()::startsWith)) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read selab's own classes to fingerprint them", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        MessageDigest sha = sha256();
        for (var e : classes.entrySet()) {
            sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(e.getValue());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
