package org.aestack.runtime.train;

/**
 * One epoch of one phase: its mean per-sample training loss (on the inputs as trained on), the
 * samples it saw and the wall time it took.
 */
public record EpochRecord(String phase, int epoch, int epochs, double meanLoss, int samples, double seconds) {
    /** Training samples per second of wall time. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.NaN;
    }
}
