package org.aestack.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/** Ready-made {@link TrainingListener}s. */
public final class Progress {
    private Progress() {}

    /**
     * A progress bar on standard error: on a terminal, one line redrawn in place while an epoch
     * runs (phase, epoch, bar, running loss, samples per second, time left); then, everywhere, one
     * summary line per epoch, so logs stay readable.
     */
    public static TrainingListener console() {
        return new ConsoleProgress(System.err, System.console() != null, System::nanoTime);
    }

    /** A listener that says nothing. */
    public static TrainingListener silent() {
        return new TrainingListener() {};
    }

    /** A clock, so tests can drive the bar. */
    interface Clock {
        long nanoTime();
    }

    static final class ConsoleProgress implements TrainingListener {
        private static final int BAR = 24;
        private static final long REDRAW_NANOS = 100_000_000L;

        private final PrintStream out;
        private final boolean interactive;
        private final Clock clock;
        private int samplesPerEpoch;
        private int batchesPerEpoch;
        private long epochStart;
        private long lastDraw;
        private double lossSum;
        private int lineLength;

        ConsoleProgress(PrintStream out, boolean interactive, Clock clock) {
            this.out = out;
            this.interactive = interactive;
            this.clock = clock;
        }

        @Override
        public void phaseStarted(String phase, int epochs, int batchesPerEpoch, int samplesPerEpoch) {
            this.batchesPerEpoch = batchesPerEpoch;
            this.samplesPerEpoch = samplesPerEpoch;
            this.lossSum = 0;
            this.epochStart = clock.nanoTime();
            this.lastDraw = epochStart;
        }

        @Override
        public void batchFinished(String phase, int epoch, int batch, int batches, double loss) {
            lossSum += loss;
            long now = clock.nanoTime();
            if (!interactive || now - lastDraw < REDRAW_NANOS || batch == batches) {
                return;
            }
            lastDraw = now;
            double seconds = (now - epochStart) / 1e9;
            double done = (double) batch / batches;
            double samplesPerSecond = samplesPerEpoch * done / Math.max(seconds, 1e-9);
            double left = seconds / done - seconds;
            int filled = (int) Math.round(BAR * done);
            String line = String.format(Locale.ROOT, "%s epoch %d  [%s%s] %3.0f%%  loss %.4f  %,.0f samples/s  ETA %s",
                    phase, epoch, "=".repeat(filled), " ".repeat(BAR - filled), 100 * done, lossSum / batch,
                    samplesPerSecond, duration(left));
            out.print("\r" + line + " ".repeat(Math.max(0, lineLength - line.length())));
            out.flush();
            lineLength = line.length();
        }

        @Override
        public void epochFinished(EpochRecord r) {
            String line = String.format(Locale.ROOT, "%s epoch %d/%d  loss %.4f  %,.0f samples/s  %.1fs",
                    r.phase(), r.epoch(), r.epochs(), r.meanLoss(), r.samplesPerSecond(), r.seconds());
            if (interactive && lineLength > 0) {
                out.print("\r" + " ".repeat(lineLength) + "\r");
                lineLength = 0;
            }
            out.println(line);
            out.flush();
            lossSum = 0;
            epochStart = clock.nanoTime();
        }

        private static String duration(double seconds) {
            long s = Math.round(seconds);
            return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
