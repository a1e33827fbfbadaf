package org.aestack.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/** Ready-made {@link TrainingListener}s. */
public final class Progress {
    private Progress() {}

    /** A progress bar on standard error, with loss, samples per second and ETA; one line per epoch. */
    public static TrainingListener console() {
        return new ConsoleProgress(System.err);
    }

    /** A listener that says nothing. */
    public static TrainingListener silent() {
        return new TrainingListener() {};
    }

    static final class ConsoleProgress implements TrainingListener {
        private final PrintStream out;

        ConsoleProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void epochFinished(EpochRecord r) {
            out.println(String.format(Locale.ROOT, "%s epoch %d/%d  loss %.4f  %.0f samples/s  %.1fs",
                    r.phase(), r.epoch(), r.epochs(), r.meanLoss(), r.samplesPerSecond(), r.seconds()));
        }
    }
}
