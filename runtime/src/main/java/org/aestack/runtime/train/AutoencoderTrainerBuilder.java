package org.aestack.runtime.train;

import java.util.function.UnaryOperator;

/**
 * The builder of an {@link AutoencoderTrainer}: the declared settings of both phases can be overridden.
 *
 * @param <T> the trainer it builds
 */
public interface AutoencoderTrainerBuilder<T extends AutoencoderTrainer<T>> extends TrainerBuilder<T> {
    /** Changes the fine-tuning settings, e.g. {@code fineTune(c -> c.learningRate(3e-4))}. */
    AutoencoderTrainerBuilder<T> fineTune(UnaryOperator<TrainingConfig.Builder> change);
}
