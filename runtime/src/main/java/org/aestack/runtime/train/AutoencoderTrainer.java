package org.aestack.runtime.train;

import org.aestack.runtime.data.DataSet;

/**
 * A trainer whose second phase is fine-tuning by backpropagation: autoencoders and belief nets.
 *
 * @param <T> the generated trainer itself, so calls chain
 */
public interface AutoencoderTrainer<T extends AutoencoderTrainer<T>> extends Trainer<T> {
    /** Fine-tuning of the whole model. */
    T fineTune(DataSet data);
}
