package selab.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent PyTorch reference ({@code selab/train/se_resnet_torch_reference.py}) with the python
 * that {@code selab bench} uses: {@code $SELAB_PYTHON}, else /usr/bin/python3.
 */
final class TorchReference {

    private static final String SCRIPT = "/selab/train/se_resnet_torch_reference.py";
    private static final long TIMEOUT_SECONDS = 300;

    private final String python;

    private TorchReference(String python) {
        this.python = python;
    }

    static TorchReference fromEnvironment() {
        String env = System.getenv("SELAB_PYTHON");
        return new TorchReference(env == null || env.isBlank() ? "/usr/bin/python3" : env.trim());
    }

    /** Empty when this python imports torch; otherwise why the parity test cannot run. */
    Optional<String> unavailable(Path work) {
        try {
            Result r = exec(List.of(python, "-c", "import torch"), work);
            return r.exitCode == 0 ? Optional.empty() : Optional.of("python '" + python
                    + "' cannot import torch (install python3-torch or set SELAB_PYTHON): " + lastLine(r.stderr));
        } catch (IOException e) {
            return Optional.of("cannot run python '" + python + "' (set SELAB_PYTHON to a python3 with torch): "
                    + e.getMessage());
        }
    }

    /** Runs the reference over the case directories; throws with the script's stderr if it fails. */
    void run(List<Path> caseDirs, Path work) throws IOException {
        Path script = work.resolve("se_resnet_torch_reference.py");
        try (InputStream in = TorchReference.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("test resource " + SCRIPT + " is missing");
            }
            Files.copy(in, script);
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        caseDirs.forEach(d -> cmd.add(d.toString()));
        Result r = exec(cmd, work);
        if (r.exitCode != 0 || !r.stdout.contains("\"ok\": true")) {
            throw new IOException("PyTorch reference failed (exit " + r.exitCode + "):\n" + r.stderr + r.stdout);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result exec(List<String> cmd, Path work) throws IOException {
        // Files rather than pipes: no reader threads, and a chatty child can never block.
        Path out = Files.createTempFile(work, "ref-", ".out");
        Path err = Files.createTempFile(work, "ref-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " ran past " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
