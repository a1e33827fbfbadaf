package org.aestack.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.aestack.runtime.data.DataSet;

/**
 * What every generated trainer offers, so tools can drive any model: train, resume, listen, look back.
 *
 * @param <T> the generated trainer itself, so calls chain
 */
public interface Trainer<T extends Trainer<T>> {
    /** Trains as the declaration says: pretraining where declared, then fine-tuning. */
    T fit(DataSet data);

    /** Greedy layerwise pretraining. */
    T pretrain(DataSet data);

    /** Fine-tuning of the whole model. */
    T fineTune(DataSet data);

    /** Continues from a checkpoint; see the generated trainer's documentation. */
    T resume(Path checkpoint) throws IOException;

    /** Adds a listener. */
    T listener(TrainingListener listener);

    /** Every epoch trained so far. */
    List<EpochRecord> history();
}
