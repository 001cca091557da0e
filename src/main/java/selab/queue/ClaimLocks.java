package selab.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One lock file per claim, {@code <dir>/<token>.lock}, exclusively locked by the claiming process for as long as
 * it holds the claim. The OS drops the lock when the process dies (kill -9 included), so another process on the
 * same kernel learns at once that the holder is gone — whatever its pid, PID namespace (two containers with one
 * host name) or worker id. A claim made on another machine is judged by its deadline only.
 *
 * <p>POSIX locks belong to the process, and closing any channel on a file drops the process's locks on it, so this
 * process never opens a lock file it holds itself: it knows those claims are alive.
 */
public final class ClaimLocks {
    private static final String SUFFIX = ".lock";
    /** Tokens whose locks this process holds. */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();
    private static final String NODE = readNode();

    private final Path dir;

    /** @param dir where the lock files live; created on the first claim */
    public ClaimLocks(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The kernel this process runs on: Linux's boot id (shared by every container and PID namespace of one boot,
     * and only by them), else the host name. Two processes may test each other's locks only if these agree.
     */
    public static String node() {
        return NODE;
    }

    /** A held claim lock; closing it deletes the file and releases the lock. */
    public final class Held implements AutoCloseable {
        private final String token;
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;

        private Held(String token, Path file, FileChannel channel, FileLock lock) {
            this.token = token;
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        public String token() {
            return token;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file); // while still locked: a checker that opened it before sees DEAD only after
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot release claim lock " + file, e);
            } finally {
                HELD_HERE.remove(token);
            }
        }
    }

    /** Creates and locks the lock file of claim {@code token}, before the claim is made (so it is never unlocked). */
    public Held acquire(String token) {
        Path file = file(token);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("locked by another process");
            }
            HELD_HERE.add(token);
            return new Held(token, file, channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                    Files.deleteIfExists(file);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("Cannot create claim lock " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the holder of {@code run} lives. DEAD only when the holder ran on this kernel and its lock file is
     * there but unlocked (the file stays, so every checker reaches the same answer until the run is taken over).
     */
    public Liveness check(HeldRun run) {
        if (run.token() == null || !validToken(run.token())) {
            return Liveness.UNKNOWN;
        }
        if (HELD_HERE.contains(run.token())) {
            return Liveness.ALIVE;
        }
        if (!NODE.equals(run.node())) {
            return Liveness.UNKNOWN;
        }
        return probe(file(run.token()), Liveness.UNKNOWN, false);
    }

    /**
     * Deletes lock files left by dead processes, except those of claims still current in the queue ({@code current}
     * tokens: a worker must first see them dead to take the run over) and those younger than {@code minAge} (they
     * may belong to a claim being made right now).
     *
     * @return how many were deleted
     */
    public int sweep(Set<String> current, Duration minAge) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant before = Instant.now().minus(minAge);
        int n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String token = f.getFileName().toString();
                token = token.substring(0, token.length() - SUFFIX.length());
                if (!HELD_HERE.contains(token) && !current.contains(token)
                        && Files.getLastModifiedTime(f).toInstant().isBefore(before)
                        && probe(f, Liveness.ALIVE, true) == Liveness.DEAD) {
                    n++;
                }
            }
        } catch (NoSuchFileException e) {
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean claim locks in " + dir, e);
        }
        return n;
    }

    /** Tries the lock of a file this process does not hold: DEAD if free (then deleted if asked), ALIVE if held. */
    private static Liveness probe(Path file, Liveness ifMissing, boolean deleteIfDead) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return Liveness.ALIVE; // held by this JVM through another channel
            }
            if (lock == null) {
                return Liveness.ALIVE;
            }
            if (deleteIfDead) {
                Files.deleteIfExists(file);
            }
            lock.release();
            return Liveness.DEAD;
        } catch (NoSuchFileException e) {
            return ifMissing;
        } catch (IOException e) {
            return Liveness.UNKNOWN; // e.g. a file system without locks: leave it to the deadline
        }
    }

    private Path file(String token) {
        if (!validToken(token)) {
            throw new IllegalArgumentException("claim token '" + token + "' is not a UUID");
        }
        return dir.resolve(token + SUFFIX);
    }

    private static boolean validToken(String token) {
        return token.matches("[0-9a-f-]{36}");
    }

    private static String readNode() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            if (!boot.isEmpty()) {
                return "boot:" + boot;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the host name
        }
        try {
            return "host:" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "host:localhost";
        }
    }
}
