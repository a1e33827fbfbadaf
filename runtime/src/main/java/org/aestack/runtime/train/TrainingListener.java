package org.aestack.runtime.train;

/**
 * Hears a trainer's progress. Every method has an empty default; implement what you need.
 * Called on the training thread, so keep the work small.
 */
public interface TrainingListener {
    /**
     * A phase starts: {@code phase} names it ("pretrain hidden1", "fine-tune").
     *
     * @param epochs the epochs it will run
     * @param batchesPerEpoch mini-batches per epoch
     * @param samplesPerEpoch training samples per epoch
     */
    default void phaseStarted(String phase, int epochs, int batchesPerEpoch, int samplesPerEpoch) {}

    /** A mini-batch has been trained on; {@code loss} is its mean per-sample loss. */
    default void batchFinished(String phase, int epoch, int batch, int batchesPerEpoch, double loss) {}

    /** An epoch has ended; {@code meanLoss} is the mean per-sample training loss over it. */
    default void epochFinished(EpochRecord record) {}

    /** The phase has ended. */
    default void phaseFinished(String phase) {}

    /**
     * Asked after every mini-batch and after every epoch's checkpoint: true stops training there,
     * as Keras's {@code model.stop_training} does. The trainer writes its checkpoint at that point
     * when one is configured (inside an epoch too: resuming from it continues with the next
     * batch, and gives the weights of a run never stopped), then throws a
     * {@link TrainingStoppedException}; the model keeps the weights it has.
     */
    default boolean stopRequested() {
        return false;
    }
}
