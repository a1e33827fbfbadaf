package org.aestack.examples.cli;

import org.aestack.runtime.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code aestack} command line. */
@Command(name = "aestack",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Autoencoders and Boltzmann machines declared with annotations, trained by generated vectorized Java.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, SampleCommand.class, DetectCommand.class, RestoreCommand.class,
            ColorizeCommand.class, GenerateCommand.class,
            VizCommand.class, CompareCommand.class, FewLabelsCommand.class,
            BenchCommand.class, SparkTrainCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for bad input or usage (picocli's own code for usage errors). */
    static final int BAD_INPUT = 2;
    /** Exit code for a training run that diverged. */
    static final int DIVERGED = 3;

    public static void main(String[] args) {
        String notice = jdkNotice(Runtime.version());
        if (notice != null) {
            System.err.println(notice);
        }
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /**
     * Which JDK runs this and what that was measured to cost, said once at start-up where it is not
     * the one the kernels are tuned on (README, "Speed").
     */
    static String jdkNotice(Runtime.Version version) {
        if (version.feature() >= 25) {
            return null;
        }
        if (version.feature() == 17) {
            return "aestack: running on JDK " + version + ". The kernels are tuned on JDK 25; on JDK 17 they trained W1 and W3"
                    + " at 0.83-1.22x of JDK 25's speed in nineteen sittings (README, \"Speed\").";
        }
        return "aestack: running on JDK " + version + ". The kernels are tuned on JDK 25 and measured on 17 and 25, not on this"
                + " one; set JAVA_HOME to a JDK 25 if training is slow (README, \"Speed\").";
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
                commandLine.getErr().println("aestack: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof TrainingDivergedException) {
                commandLine.getErr().println("aestack: " + e.getMessage());
                return DIVERGED;
            }
            throw e;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"aestack " + (version == null ? "(development build)" : version),
                    "JDK " + Runtime.version() + ", kernels: " + org.aestack.runtime.kernel.Kernels.ops().name()};
        }
    }
}
