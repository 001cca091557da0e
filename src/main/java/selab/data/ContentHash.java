package selab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of the data a run reads, for its fingerprint: the decoded pixels and labels of both splits after
 * subsetting (so the same files read the same way hash the same, wherever they lie), or, for image folders
 * too large to hash per run, each file's name relative to its split, size and label.
 */
public final class ContentHash {
    private final MessageDigest sha;

    public ContentHash() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public ContentHash add(ImageSet set) {
        ints(set.n(), set.channels(), set.height(), set.width(), set.classes());
        sha.update(set.pixels());
        ints(set.labels());
        return this;
    }

    public ContentHash add(ImageFolderIndex index, Path splitRoot) {
        ints(index.n(), index.classes());
        for (int i = 0; i < index.n(); i++) {
            Path f = index.files().get(i);
            Path name = splitRoot == null ? f.getFileName() : splitRoot.relativize(f.toAbsolutePath());
            sha.update(name.toString().getBytes(StandardCharsets.UTF_8));
            try {
                ints(index.labels()[i], (int) Files.size(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + f, e);
            }
        }
        return this;
    }

    private void ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        sha.update(b.array());
    }

    public String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
