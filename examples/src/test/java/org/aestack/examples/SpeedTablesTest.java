package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Speed" tables against the sitting they come from. Speed is measured, never asserted
 * in a test; what this holds is that every figure in the tables is what {@code
 * docs/plans/sitting_summary.py} recounts from the sitting's committed JSON lines, at the precision
 * the README gives it, so a table cannot quote a figure its data do not give. The same holds for the
 * prose figures of session 28's sitting and measurements. A figure is held when some number of its
 * recount gives it, so a small one (a spread of -2.8%) can be matched by another line's number; a
 * median, a range's end or a ratio rarely is.
 */
class SpeedTablesTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /**
     * A figure in a table cell: digits with thousands commas and a decimal part, not part of a name
     * ("W1", "PCD-1", "784-500-784").
     */
    private static final Pattern FIGURE = Pattern.compile("(?<![A-Za-z0-9.,-])\\d[\\d,]*(?:\\.\\d+)?(?![\\d-])");

    /** Any number in the recount's lines. */
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(?:\\.\\d+)?");

    /** The per-sample cost the fraction of the bound is counted from: the script's constant, not a figure it prints. */
    private static final Pattern MFLOP = Pattern.compile("\\d+(?:\\.\\d+)? MFLOP");

    @Test
    void everyFigureInTheSpeedTablesIsTheSittingsRecount(@TempDir Path tmp) throws IOException, InterruptedException {
        String speed = speedSection();
        Matcher named = Pattern.compile("sitting_summary\\.py\\s+(docs/plans/\\S+\\.jsonl)").matcher(speed);
        assertTrue(named.find(), "the Speed section names the sitting its tables come from");
        List<String> recount = recount(tmp, "sitting_summary.py", named.group(1));

        int checked = 0;
        for (String row : tableRows(speed)) {
            String[] cells = row.split("\\|");
            String first = cells[1].trim();
            List<String> pool = poolFor(first, recount);
            for (int c = 2; c < cells.length; c++) {
                Matcher m = FIGURE.matcher(MFLOP.matcher(cells[c]).replaceAll(""));
                while (m.find()) {
                    String figure = m.group();
                    assertTrue(recounts(figure, pool), "README's " + figure + " in the row '" + first
                            + "' is not in the recount of its lines:\n" + String.join("\n", pool));
                    checked++;
                }
            }
        }
        assertTrue(checked >= 75, "the tables' figures were found (80 when this was written): " + checked);
    }

    /**
     * A measured figure in the prose: a number with thousands commas or a decimal part (counts such as
     * "seven JVMs" or "30 epochs" are the design of a measurement, not its result).
     */
    private static final Pattern PROSE_FIGURE =
            Pattern.compile("(?<![\\w.,/-])(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+\\.\\d+)(?![\\d.])");

    @Test
    void session28sFiguresInTheProseAreTheirDataFilesRecounts(@TempDir Path tmp) throws IOException, InterruptedException {
        String speed = speedSection();
        List<String> sitting = recount(tmp, "sitting_summary.py", "docs/plans/issue-13-sitting-session28.jsonl");
        int checked = assertRecounted(passage(speed, "The same code's next sitting, session 28's", "Earlier sittings"), sitting)
                + assertRecounted(passage(speed, "Session 28's sitting ran seven fresh JVMs", "recounts them)."), sitting)
                + assertRecounted(passage(speed, "session 28's (17.0.15, three JVMs each)", "; session 25's"), sitting);
        List<String> within = new ArrayList<>(recount(tmp, "epochs_within.py", "docs/plans/issue-13-epochs-session28.jsonl"));
        within.addAll(recount(tmp, "epochs_within.py", "docs/plans/issue-13-long-session28.jsonl"));
        within.addAll(recount(tmp, "pause_redraw.py", "docs/plans/issue-13-pause-session28.jsonl"));
        checked += assertRecounted(passage(speed, "**Within one JVM.**", "recount these."), within);
        assertTrue(checked >= 55, "the passages' figures were found (61 when this was written): " + checked);
    }

    /** Fails on the first figure of {@code passage} that no number of {@code pool} rounds to; returns how many it checked. */
    private static int assertRecounted(String passage, List<String> pool) {
        int checked = 0;
        Matcher m = PROSE_FIGURE.matcher(passage);
        while (m.find()) {
            assertTrue(recounts(m.group(), pool), "README's " + m.group() + " in '" + passage.substring(0, 60)
                    + "...' is not in the recount of its lines:\n" + String.join("\n", pool));
            checked++;
        }
        return checked;
    }

    /** The README text from {@code start} to the next {@code end}. */
    private static String passage(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "the Speed section says '" + start + "'");
        int to = text.indexOf(end, from + start.length());
        assertTrue(to >= 0, "'" + start + "' runs to '" + end + "'");
        return text.substring(from, to);
    }

    /** What {@code docs/plans/SCRIPT} prints for {@code file}, a path from the repository's root. */
    private static List<String> recount(Path tmp, String script, String file) throws IOException, InterruptedException {
        RepositoryScript.Run run = RepositoryScript.run(List.of(PYTHON.toString(),
                RepositoryScript.find(Path.of("docs", "plans", script)).toString(),
                RepositoryScript.find(Path.of(file)).toString()), tmp, 2);
        assertEquals(0, run.exit(), run.err());
        return run.lines();
    }

    @Test
    void aFigureTheRecountDoesNotGiveIsCaught() {
        List<String> pool = List.of("W1: 7 JVMs 54,743.0 (53,608.5-56,695.5), 52.9% of the FMA bound; final loss [267.592]");
        assertTrue(recounts("54,743", pool));
        assertTrue(recounts("53,609", pool), "half up, as the README rounds");
        assertTrue(recounts("52.9", pool));
        assertTrue(recounts("267.59", pool));
        assertFalse(recounts("54,744", pool));
        assertFalse(recounts("53.0", pool));
        assertFalse(recounts("267.58", pool));
        assertFalse(recounts("52.90", pool), "more decimals than the recount gives");
    }

    /** Whether some number of {@code pool}, rounded to {@code figure}'s decimals, is {@code figure}. */
    static boolean recounts(String figure, List<String> pool) {
        BigDecimal want = new BigDecimal(figure.replace(",", ""));
        Matcher m = NUMBER.matcher(String.join(" ", pool));
        while (m.find()) {
            BigDecimal have = new BigDecimal(m.group().replace(",", ""));
            if (have.scale() >= want.scale() && have.setScale(want.scale(), RoundingMode.HALF_UP).compareTo(want) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The recount's lines a table row is held to: a workload's block (its line and the anchors' under
     * it) and the sitting's peak lines, or a GEMM shape's line, or the forms' lines.
     */
    private static List<String> poolFor(String firstCell, List<String> recount) {
        List<String> pool = new ArrayList<>();
        Matcher workload = Pattern.compile("^(W\\d) ").matcher(firstCell);
        if (workload.find()) {
            boolean jdk25 = false;
            boolean in = false;
            for (String line : recount) {
                if (line.startsWith("Workloads")) {
                    jdk25 = true;
                } else if (line.startsWith("JDK 17")) {
                    jdk25 = false;
                }
                if (line.matches("W\\d: .*")) {
                    in = jdk25 && line.startsWith(workload.group(1) + ": ");
                } else if (!line.startsWith("   ")) {
                    in = false;
                }
                if (in || line.startsWith("C peak")) {
                    pool.add(line);
                }
            }
            return pool;
        }
        if (firstCell.startsWith("the forms")) {
            recount.stream().filter(l -> l.startsWith("  nt ") || l.startsWith("  tn ")).forEach(pool::add);
            return pool;
        }
        Matcher shape = Pattern.compile("^(\\d+) × (\\d+) × (\\d+)").matcher(firstCell);
        if (shape.find()) {
            String key = shape.group(1) + "x" + shape.group(2) + "x" + shape.group(3) + ":";
            recount.stream().filter(l -> l.startsWith(key)).forEach(pool::add);
            assertEquals(1, pool.size(), "one recount line for " + key);
            return pool;
        }
        return fail("a Speed table row the test does not know: " + firstCell);
    }

    /** The body rows of the section's tables before its first paragraph after them. */
    private static List<String> tableRows(String speed) {
        List<String> rows = new ArrayList<>();
        boolean seenTable = false;
        for (String line : speed.split("\n")) {
            if (line.startsWith("|")) {
                seenTable = true;
                if (!line.startsWith("|---") && !line.startsWith("| workload") && !line.startsWith("| GEMM")) {
                    rows.add(line);
                }
            } else if (seenTable && !line.isBlank()) {
                break;
            }
        }
        return rows;
    }

    private static String speedSection() throws IOException {
        String readme = Files.readString(RepositoryScript.find(Path.of("README.md")));
        int start = readme.indexOf("\n## Speed\n");
        assertTrue(start >= 0, "the README has a Speed section");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
