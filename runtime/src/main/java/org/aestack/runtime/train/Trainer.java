package org.aestack.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.aestack.runtime.data.DataSet;

/**
 * What every generated trainer offers, so tools can drive any model: train, resume, listen, look back.
 * Each kind adds its own phases: {@link AutoencoderTrainer#fineTune}, a deep Boltzmann machine's
 * {@code jointTraining}.
 *
 * @param <T> the generated trainer itself, so calls chain
 */
public interface Trainer<T extends Trainer<T>> {
    /** Trains as the declaration says: every phase in order (pretraining where declared, then the next). */
    T fit(DataSet data);

    /** Greedy layerwise pretraining. */
    T pretrain(DataSet data);

    /** Continues from a checkpoint; see the generated trainer's documentation. */
    T resume(Path checkpoint) throws IOException;

    /** Adds a listener. */
    T listener(TrainingListener listener);

    /** Every epoch trained so far. */
    List<EpochRecord> history();
}
