package org.aestack.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.metric.MultimodalDbm;

/**
 * What every generated multimodal deep Boltzmann machine offers beside its typed methods. Methods
 * taking {@code present} take one data set per modality, in {@link #modalities()} order, null for a
 * modality that is missing; the present ones must have as many rows each and at least one must be
 * there. Inference methods allocate their own scratch space, so they may be called from many
 * threads at once, but not while a trainer is updating the model.
 */
public interface MultimodalModel extends Model {
    /** The modalities' names, in declaration order: {@code image}, {@code audio}, …. */
    List<String> modalities();

    /** The visible units of each modality, in the order of {@link #modalities()}. */
    int[] inputs();

    /** The index of the modality called {@code name}. */
    default int modality(String name) {
        int index = modalities().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no modality is called '" + name + "'; there are " + modalities());
        }
        return index;
    }

    /** The joint layer's mean-field posterior for every row, from the modalities present; labels kept. */
    DataSet represent(DataSet... present);

    /**
     * Modality {@code target}'s visible means under the mean-field posterior given the modalities
     * present (target missing): the generated data, on the scale the model was trained on.
     */
    DataSet generate(int target, DataSet... present);

    /**
     * Modality {@code target} drawn by Gibbs chains, one per row, with the present modalities
     * clamped: starting from the mean-field posterior, {@code sweeps} sweeps, returning the target's
     * visible means at the last one.
     */
    DataSet sample(int target, int sweeps, long seed, DataSet... present);

    /** The machine as a probability model, with a copy of its parameters: exact log Z and conditionals when small. */
    MultimodalDbm dbm();

    /** Saves the parameters and persistent chains, atomically. */
    @Override
    void save(Path file) throws IOException;
}
