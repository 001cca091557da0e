package selab.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work, that a directory selab is about to write into (--results, --queue's, --reports)
 * exists and is writable or can be created: a bad path is one line naming the flag, not a stack trace after
 * the work is done.
 */
final class WritableDirectory {
    private WritableDirectory() {}

    /**
     * @param flag the flag that named the directory, for the message
     * @param why what selab writes there, for the message
     */
    static void require(String flag, Path dir, String why) {
        Path target = dir.toAbsolutePath().normalize();
        Path existing = target;
        while (!Files.exists(existing)) {
            existing = existing.getParent(); // the file system root always exists
        }
        String allowed = "; allowed: a directory selab can write " + why + " into";
        String where = existing.equals(target) ? dir.toString() : dir + " cannot be created: " + existing;
        if (!Files.isDirectory(existing)) {
            throw new UserError(flag + ": " + where + " is not a directory" + allowed);
        }
        if (!Files.isWritable(existing)) {
            throw new UserError(flag + ": " + where + " is not writable" + allowed);
        }
    }
}
