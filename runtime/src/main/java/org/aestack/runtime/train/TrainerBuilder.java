package org.aestack.runtime.train;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What every generated trainer's builder offers: overrides of the declared settings.
 *
 * @param <T> the trainer it builds
 */
public interface TrainerBuilder<T extends Trainer<T>> {
    /** Changes the pretraining settings, e.g. {@code pretrain(c -> c.epochs(2))}. */
    TrainerBuilder<T> pretrain(UnaryOperator<TrainingConfig.Builder> change);

    /** The seed of the shuffling, the noise, the dropout masks and the sampling. */
    TrainerBuilder<T> seed(long seed);

    /** Writes checkpoints every {@code everyEpochs} epochs and at the end of each phase. */
    TrainerBuilder<T> checkpoint(Path file, int everyEpochs);

    /** Adds a listener. */
    TrainerBuilder<T> listener(TrainingListener listener);

    T build();
}
