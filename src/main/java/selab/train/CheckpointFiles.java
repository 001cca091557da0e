package selab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's checkpoints live: the last one and the one before it, so that a last checkpoint that cannot be
 * read costs one epoch instead of the run. Unreadable ones are moved aside, never deleted, so they can be
 * inspected; the next attempt then starts from what is left.
 */
public final class CheckpointFiles {

    static final String LAST = "last.ckpt";
    static final String PREVIOUS = "previous.ckpt";
    /** The new checkpoint is written completely under this name before it becomes the last one. */
    private static final String NEXT = "next.ckpt";

    private final Path dir;
    private final Path asideDir;

    /**
     * @param dir the run's checkpoint directory (created on the first save)
     * @param asideDir where unreadable checkpoints are kept; outside {@code dir}, which is deleted when the run ends
     */
    public CheckpointFiles(Path dir, Path asideDir) {
        this.dir = dir;
        this.asideDir = asideDir;
    }

    public Path last() {
        return dir.resolve(LAST);
    }

    public Path previous() {
        return dir.resolve(PREVIOUS);
    }

    /** Whether there is a checkpoint to resume from (last or previous). */
    public boolean exist() {
        return Files.exists(last()) || Files.exists(previous());
    }

    /** The checkpoints there are, newest first. */
    List<Path> newestFirst() {
        List<Path> out = new ArrayList<>();
        for (Path p : List.of(last(), previous())) {
            if (Files.exists(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Makes {@code checkpoint} the last one and the last one the previous: the new file is written whole first
     * (atomically), then two renames swap it in, so a crash leaves at least one complete checkpoint.
     */
    void save(Checkpoint checkpoint) throws IOException {
        Path next = dir.resolve(NEXT);
        checkpoint.save(next);
        if (Files.exists(last())) {
            Files.move(last(), previous(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(next, last(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Moves an unreadable checkpoint to the aside directory under a name not yet used; returns where it went. */
    Path setAside(Path checkpoint) throws IOException {
        Files.createDirectories(asideDir);
        String name = checkpoint.getFileName().toString();
        Path target = asideDir.resolve(name);
        for (int n = 2; Files.exists(target); n++) {
            target = asideDir.resolve(name + "." + n);
        }
        Files.move(checkpoint, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
