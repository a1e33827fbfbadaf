package org.aestack.runtime.train;

/**
 * Training produced a loss that is not a finite number. The message names the phase (and so the
 * layer) and the epoch; the model holds the parameters of the last finished epoch.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String phase;
    private final int epoch;

    public TrainingDivergedException(String phase, int epoch, int batch, double loss) {
        super(phase + " diverged in epoch " + epoch + ", batch " + batch + ": the loss is " + loss
                + "; lower the learning rate (the model keeps the parameters of the last finished epoch)");
        this.phase = phase;
        this.epoch = epoch;
    }

    public String phase() { return phase; }
    public int epoch() { return epoch; }
}
