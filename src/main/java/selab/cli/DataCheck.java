package selab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import selab.data.DataConfig;
import selab.data.DataSources;
import selab.plan.Variant;

/**
 * Reads every data set a plan needs once, before anything is queued or written: missing or malformed data
 * is one message (where selab looked, how to get it) and exit 2, not a queue of runs that all fail.
 */
final class DataCheck {
    private DataCheck() {}

    static void verify(List<Variant> runs, Path dataRoot) {
        if (dataRoot != null && !Files.isDirectory(dataRoot)) {
            throw new UserError("--data: " + dataRoot + " is not a directory");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (Variant v : runs) {
            DataConfig cfg = v.config().data();
            if (!checked.add(cfg.source() + "|" + cfg.path())) {
                continue;
            }
            if (DataSources.isImageFolder(cfg)) {
                DataSources.folderSplits(cfg, dataRoot); // lists both splits; decoding waits for training
            } else {
                DataSources.load(cfg, dataRoot); // small enough to read whole: checks every header and size
            }
        }
    }
}
