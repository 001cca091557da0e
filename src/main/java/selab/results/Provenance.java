package selab.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What produced a record: code (commit and dirty flag stamped into the build), libraries, machine. The
 * thread count and the CPU decide the last bits of every number (see README "Numerics").
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provenance(
        String gitCommit,
        boolean gitDirty,
        String javaVersion,
        String djlVersion,
        String pytorchVersion,
        String device,
        int threads,
        String host,
        String startedAt,
        String finishedAt,
        String cpu) {}
