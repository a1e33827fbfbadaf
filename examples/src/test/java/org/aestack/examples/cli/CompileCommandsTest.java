package org.aestack.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher lowers the JIT's thresholds for a few methods by name, and has the compiles of a
 * class's methods block the thread that asks for them; a name that no longer exists would be
 * ignored by the JVM without a word (the commands run quiet), and the timed epochs would quietly
 * compile, or run uncompiled kernels, inside again.
 */
class CompileCommandsTest {
    private static final Pattern METHOD = Pattern.compile("^\\s+(org\\.aestack\\.[\\w.$]+)::(\\w+)(?:\\s*\\\\)?;?(?:\\s+do)?\\s*$");
    private static final Pattern BLOCKING =
            Pattern.compile("^jit=\"\\$jit -XX:CompileCommand=BackgroundCompilation,(org\\.aestack\\.[\\w.$]+)::\\*,false\"$");

    /** The launcher's lines that {@code pattern} matches whole, as match results. */
    private static List<MatchResult> launcherLines(List<String> launcher, Pattern pattern) {
        return launcher.stream().map(pattern::matcher).filter(Matcher::matches).map(Matcher::toMatchResult).toList();
    }

    @Test
    void everyMethodTheLauncherNamesExists() throws Exception {
        List<String> launcher = Files.readAllLines(Path.of("..", "aestack"));
        List<MatchResult> named = launcherLines(launcher, METHOD);
        for (MatchResult m : named) {
            Class<?> type = Class.forName(m.group(1));
            String name = m.group(2);
            assertTrue(Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(name::equals),
                    "the launcher names " + m.group(1) + "::" + name + ", which does not exist");
        }
        assertTrue(!named.isEmpty(), "the launcher names no method: the pattern no longer reads it");
        assertTrue(launcher.stream().anyMatch(l -> l.contains("CompileThresholdScaling,$method,0.1")), "the names become commands");
        assertTrue(launcher.stream().anyMatch(l -> l.startsWith("exec \"$java\"") && l.contains(" $jit ")),
                "the commands reach the JVM that runs the CLI");
    }

    @Test
    void everyClassWhoseCompilesBlockExists() throws Exception {
        List<MatchResult> named = launcherLines(Files.readAllLines(Path.of("..", "aestack")), BLOCKING);
        for (MatchResult m : named) {
            Class.forName(m.group(1), false, getClass().getClassLoader()); // throws where the class is gone
        }
        assertTrue(!named.isEmpty(), "the launcher has no class's compiles block: the pattern no longer reads it");
    }
}
