package selab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a flag that names a directory to read from (--data): one that does not exist is an error where it
 * is typed, not a silent fall-back to the default locations.
 */
final class ExistingDirectory implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        Path p = Path.of(value);
        if (!Files.isDirectory(p)) {
            throw new TypeConversionException("'" + value + "' is not a directory"
                    + (Files.exists(p) ? "" : " (it does not exist)") + "; allowed: an existing directory");
        }
        return p;
    }
}
