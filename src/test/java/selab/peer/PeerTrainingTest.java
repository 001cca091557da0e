package selab.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.data.DataConfig;
import selab.model.ModelConfig;
import selab.spec.Implementation;
import selab.spec.RunConfig;
import selab.train.HistoryRow;
import selab.train.RecipeConfig;
import selab.train.Schedule;

/**
 * How a worker watches the peer's process, with a stand-in "python" (a shell script) that behaves as the peer does
 * or fails as it can: epoch rows as they come, a stop that kills it, a claim lost, no torch, no python, a crash.
 */
class PeerTrainingTest {
    @TempDir
    Path tmp;

    private static final String ROW = "{\"epoch_done\": %d, \"row\": {\"epoch\": %d, \"lr\": 0.1, \"train_loss\": 1.5,"
            + " \"train_top1_err\": 50.0, \"test_loss\": %s, \"test_top1_err\": %s, \"test_top5_err\": %s,"
            + " \"seconds\": 1.0, \"images_per_s\": 100.0}}";

    private static RunConfig config() {
        return new RunConfig(new ModelConfig("resnet-20", null, 0.25),
                new DataConfig("fashion-mnist", null, 64, 32, null, DataConfig.Augment.NONE),
                new RecipeConfig(2, 32, "sgd", 0.1, 0.9, false, 5e-4, false, Schedule.COSINE, 30, List.of(), 0.1, 0, 0.0),
                Implementation.PYTORCH);
    }

    /** A stand-in python: its body runs with $4 = the request file; its pid goes to pid.txt. */
    private String python(String body) throws IOException {
        Path exe = tmp.resolve("python-" + Math.abs(body.hashCode()));
        Files.writeString(exe, "#!/bin/bash\necho $$ > " + tmp.resolve("pid.txt") + "\n" + body + "\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe.toString();
    }

    private static String row(int epoch, boolean evaluated) {
        String t = evaluated ? "20.0" : "null";
        return String.format(ROW, epoch, epoch, evaluated ? "0.9" : "null", t, evaluated ? "2.0" : "null");
    }

    private static class Recording implements PeerTraining.Progress {
        final List<HistoryRow> rows = new ArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        volatile boolean owned = true;

        @Override
        public void epochDone(HistoryRow row, List<HistoryRow> history) {
            rows.add(row);
        }

        @Override
        public boolean stopRequested() {
            return stop.get();
        }

        @Override
        public void stillOwned() {
            if (!owned) {
                throw new IllegalStateException("claim lost");
            }
        }
    }

    @Test
    void epochRowsArriveAsTheyComeAndTheResultLineIsParsed() throws Exception {
        String py = python("echo '" + row(1, false) + "' >&2\necho 'a torch warning' >&2\necho '" + row(2, true) + "' >&2\n"
                + "echo 'not json'\necho '{\"status\": \"done\", \"torch_version\": \"9.9\", \"threads\": 1, \"params\": 123,"
                + " \"train_seconds\": 2.0, \"history\": [" + row(1, false).replaceAll(".*\"row\": (\\{.*\\})\\}$", "$1")
                + ", " + row(2, true).replaceAll(".*\"row\": (\\{.*\\})\\}$", "$1") + "]}'");
        Recording progress = new Recording();
        PeerTraining.Outcome out = new PeerTraining(py).train(config(), 0, tmp, 1, tmp.resolve("scratch"), progress);
        assertEquals(List.of(1, 2), progress.rows.stream().map(HistoryRow::epoch).toList());
        assertFalse(progress.rows.get(0).evaluated(), "null test cells are an epoch not evaluated");
        assertEquals(20.0, progress.rows.get(1).testTop1Err());
        assertEquals("done", out.status());
        assertEquals("9.9", out.torchVersion());
        assertEquals(123, out.params());
        assertEquals(2, out.history().size());
    }

    @Test
    void aStopRequestKillsThePeerThoughItIgnoresSigterm() throws Exception {
        String py = python("trap '' TERM INT\necho '" + row(1, false) + "' >&2\nwhile true; do sleep 0.1; done");
        Recording progress = new Recording();
        Thread stopper = new Thread(() -> {
            while (progress.rows.isEmpty()) {
                Thread.onSpinWait();
            }
            progress.stop.set(true);
        });
        stopper.start();
        PeerTraining.Stopped e = assertThrows(PeerTraining.Stopped.class,
                () -> new PeerTraining(py).train(config(), 0, tmp, 1, tmp.resolve("scratch"), progress));
        assertTrue(e.getMessage().contains("after 1 epoch(s)"), e.getMessage());
        assertGone(Long.parseLong(Files.readString(tmp.resolve("pid.txt")).trim()));
    }

    @Test
    void aLostClaimEndsThePeerToo() throws Exception {
        String py = python("trap '' TERM INT\nwhile true; do sleep 0.1; done");
        Recording progress = new Recording();
        Path pid = tmp.resolve("pid.txt");
        Thread loser = new Thread(() -> {
            while (!Files.exists(pid)) {
                Thread.onSpinWait();
            }
            progress.owned = false; // the claim lapses while the peer trains
        });
        loser.start();
        assertThrows(IllegalStateException.class,
                () -> new PeerTraining(py).train(config(), 0, tmp, 1, tmp.resolve("scratch"), progress));
        assertGone(Long.parseLong(Files.readString(tmp.resolve("pid.txt")).trim()));
    }

    @Test
    void noPythonOrNoTorchIsThePeerUnavailableAndACrashIsAnErrorWithItsStderr() throws Exception {
        Recording progress = new Recording();
        PeerUnavailableException none = assertThrows(PeerUnavailableException.class, () -> new PeerTraining(
                tmp.resolve("no-python").toString()).train(config(), 0, tmp, 1, tmp.resolve("scratch"), progress));
        assertTrue(none.getMessage().contains("cannot run python"), none.getMessage());
        String noTorch = python("echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1");
        assertThrows(PeerUnavailableException.class,
                () -> new PeerTraining(noTorch).train(config(), 0, tmp, 1, tmp.resolve("scratch"), progress));
        String crash = python("echo 'RuntimeError: shapes do not match' >&2\nexit 1");
        IOException e = assertThrows(IOException.class,
                () -> new PeerTraining(crash).train(config(), 0, tmp, 1, tmp.resolve("scratch"), progress));
        assertTrue(e.getMessage().contains("exited with status 1") && e.getMessage().contains("shapes do not match"),
                e.getMessage());
    }

    @Test
    void theRequestCarriesTheConfigSeedDataAndThreads() throws Exception {
        Path seen = tmp.resolve("seen.json");
        String py = python("cp \"$3\" " + seen + "\nexit 1");
        assertThrows(IOException.class,
                () -> new PeerTraining(py).train(config(), 7, tmp.resolve("data"), 3, tmp.resolve("scratch"), new Recording()));
        String request = Files.readString(seen);
        assertTrue(request.contains("\"seed\" : 7") && request.contains("\"threads\" : 3")
                && request.contains("\"implementation\" : \"pytorch\"") && request.contains(tmp.resolve("data").toString()),
                request);
    }

    private static void assertGone(long pid) throws InterruptedException {
        for (int i = 0; i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the peer " + pid + " still runs");
    }
}
