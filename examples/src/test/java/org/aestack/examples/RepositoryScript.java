package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The tests' way to run one of the repository's scripts ({@code scripts/}) and keep what it printed. */
final class RepositoryScript {
    private RepositoryScript() {}

    /** What one run of a script did. */
    record Run(int exit, String out, String err) {
        /** Standard output's lines. */
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    /**
     * {@code relative}, found from the working directory upwards: surefire runs in {@code examples/},
     * an IDE may run in the repository root.
     */
    static Path find(Path relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        return fail(relative + " not found in " + Path.of("").toAbsolutePath() + " or any directory above it");
    }

    /**
     * Runs {@code command}, its output through files in {@code dir} (so a large dump cannot block it),
     * and fails the test if it takes longer than {@code minutes}.
     */
    static Run run(List<String> command, Path dir, int minutes) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "script", ".out");
        Path err = Files.createTempFile(dir, "script", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("did not finish in " + minutes + " minutes: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
