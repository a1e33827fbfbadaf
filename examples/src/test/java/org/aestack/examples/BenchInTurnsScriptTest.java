package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/bench-in-turns.sh}, which runs fresh copies of a benchmark one at a time in short turns
 * so that they share the machine's minutes (README, "How much of the spread is the machine's"). The
 * copies here are small Python programs, so the test is about the turns, the lines and the summary, not
 * about aestack's speed.
 */
class BenchInTurnsScriptTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The script, relative to the repository root. */
    private static final Path SCRIPT = Path.of("scripts", "bench-in-turns.sh");

    /** Burns {@code sys.argv[1]} seconds of its own processor time on one thread, then says how long that took. */
    private static final String BURN = "import sys, time\n"
            + "t, c = time.time(), time.process_time()\n"
            + "while time.process_time() - c < float(sys.argv[1]):\n"
            + "    pass\n"
            + "print('{\"wall\": %.3f, \"cpu\": %.3f}' % (time.time() - t, time.process_time() - c))\n";

    /** Prints a bench-like line whose rates come from its process id, so that the copies differ. */
    private static final String RATES = "import os\n"
            + "p = os.getpid()\n"
            + "print('{\"workload\": \"W9\", \"epoch_samples_per_s\": [%d, %d, %d]}' % (p, 2 * p, 4 * p))\n";

    @TempDir
    Path dir;

    @Test
    void copiesRunOneAtATime() throws Exception {
        // Three copies of 0.6 s of work each on a machine with two or more cores: side by side each would
        // finish in about 0.6-0.9 s of wall time; in turns each one waits while the other two run, so
        // each takes about 1.8 s.
        RepositoryScript.Run run = run("-n", "3", "-s", "0.02", "--", PYTHON.toString(), "-c", BURN, "0.6");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.lines();
        assertEquals(3, lines.size(), run.out());
        for (int copy = 1; copy <= 3; copy++) {
            String line = lines.get(copy - 1);
            assertTrue(line.startsWith("{\"in_turns\":3,\"slice_s\":0.02,\"copy\":" + copy + ","), line);
            double wall = number(line, "wall");
            double cpu = number(line, "cpu");
            assertTrue(cpu >= 0.6, line);
            assertTrue(wall >= 2.2 * cpu, "ran alongside the others, not in turns: " + line);
        }
    }

    @Test
    void summarizesTheFirstEpochAndTheEpochsButTheLast() throws Exception {
        RepositoryScript.Run run = run("-n", "4", "-s", "0.02", "--", PYTHON.toString(), "-c", RATES);
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.lines();
        assertEquals(5, lines.size(), run.out());
        double[] first = new double[4];
        double[] wholeRun = new double[4];
        for (int copy = 1; copy <= 4; copy++) {
            String line = lines.get(copy - 1);
            assertTrue(line.startsWith("{\"in_turns\":4,\"slice_s\":0.02,\"copy\":" + copy + ","), line);
            first[copy - 1] = firstRate(line);
            // Epochs but the last: p and 2p samples/s, so the run's rate is 2 / (1/p + 1/(2p)) = 4p/3.
            wholeRun[copy - 1] = 4 * first[copy - 1] / 3;
        }
        String summary = lines.get(4);
        assertTrue(summary.startsWith("{\"summary\": \"in_turns\", \"workload\": \"W9\", \"copies\": 4,"), summary);
        assertSpread(summary, "first_epoch", first);
        assertSpread(summary, "epochs_but_last", wholeRun);
    }

    @Test
    void eachCopyKnowsItsNumber() throws Exception {
        // What an A/B comparison in turns sets copies apart by: odd copies one way, even ones the other.
        RepositoryScript.Run run = run("-n", "3", "-s", "0.02", "--", PYTHON.toString(), "-c",
                "import os; print('{\"mine\": %s}' % os.environ['TURNS_COPY'])");
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("{\"in_turns\":3,\"slice_s\":0.02,\"copy\":1,\"mine\": 1}",
                "{\"in_turns\":3,\"slice_s\":0.02,\"copy\":2,\"mine\": 2}",
                "{\"in_turns\":3,\"slice_s\":0.02,\"copy\":3,\"mine\": 3}"), run.lines());
    }

    @Test
    void aFailingCopyFailsTheRunAndSaysWhich() throws Exception {
        RepositoryScript.Run run = run("-n", "2", "--", PYTHON.toString(), "-c", "import sys; sys.exit('no data here')");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("copy 1 failed:"), run.err());
        assertTrue(run.err().contains("copy 2 failed:"), run.err());
        assertTrue(run.err().contains("no data here"), run.err());
    }

    @Test
    void refusesABadCountOrNoCommand() throws Exception {
        for (String[] args : List.of(new String[] {"-n", "0", "--", "true"}, new String[] {"-s", "soon", "--", "true"},
                new String[] {"-n", "2"}, new String[] {"--turns", "2", "--", "true"})) {
            RepositoryScript.Run run = run(args);
            assertEquals(2, run.exit(), run.err());
            assertTrue(run.err().contains("usage:"), run.err());
            assertEquals("", run.out());
        }
    }

    /** The summary's median, least and greatest for {@code part}, and their distances from the median in percent. */
    private static void assertSpread(String summary, String part, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = (sorted[1] + sorted[2]) / 2;
        Matcher m = Pattern.compile("\"" + part + "\": \\{\"median\": ([0-9.]+), \"min\": ([0-9.]+), \"max\": ([0-9.]+), "
                + "\"spread_pct\": \\[(-?[0-9.]+), (-?[0-9.]+)\\]\\}").matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(median, Double.parseDouble(m.group(1)), 0.051, summary);
        assertEquals(sorted[0], Double.parseDouble(m.group(2)), 0.051, summary);
        assertEquals(sorted[3], Double.parseDouble(m.group(3)), 0.051, summary);
        assertEquals(100 * (sorted[0] - median) / median, Double.parseDouble(m.group(4)), 0.051, summary);
        assertEquals(100 * (sorted[3] - median) / median, Double.parseDouble(m.group(5)), 0.051, summary);
    }

    private static double firstRate(String line) {
        Matcher m = Pattern.compile("\"epoch_samples_per_s\": \\[([0-9]+),").matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1));
    }

    private static double number(String line, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ([0-9.]+)").matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1));
    }

    private RepositoryScript.Run run(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: the copies in this test are Python programs (apt-get install python3).");
        }
        List<String> command = new ArrayList<>(List.of("bash", RepositoryScript.find(SCRIPT).toString()));
        command.addAll(List.of(args));
        return RepositoryScript.run(command, dir, 2);
    }
}
