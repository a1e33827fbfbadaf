package org.aestack.runtime.train;

import java.nio.file.Path;

/**
 * Thrown out of a trainer's {@code fit} (or a phase's method) when a listener asked it to stop
 * ({@link TrainingListener#stopRequested()}): the model keeps the weights it had there, and the
 * checkpoint, where one is configured, was written at that point, so resuming from it continues
 * the run as if it had never stopped.
 */
public final class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String phase;
    private final int epoch;
    private final int batch;
    private final transient Path checkpoint;

    public TrainingStoppedException(String phase, int epoch, int batch, Path checkpoint) {
        super(String.format(java.util.Locale.ROOT, "training stopped by a listener in %s, epoch %d, after batch %d%s",
                phase, epoch, batch, checkpoint == null ? "" : "; resume from " + checkpoint), null, false, false);
        this.phase = phase;
        this.epoch = epoch;
        this.batch = batch;
        this.checkpoint = checkpoint;
    }

    /** The same stop, now that the checkpoint written there is known. */
    public TrainingStoppedException withCheckpoint(Path file) {
        return new TrainingStoppedException(phase, epoch, batch, file);
    }

    public String phase() {
        return phase;
    }

    /** The epoch under way when training stopped (numbered from 1). */
    public int epoch() {
        return epoch;
    }

    /** The batches of that epoch trained before the stop. */
    public int batch() {
        return batch;
    }

    /** The checkpoint written where training stopped, or null when the trainer writes none. */
    public Path checkpoint() {
        return checkpoint;
    }
}
