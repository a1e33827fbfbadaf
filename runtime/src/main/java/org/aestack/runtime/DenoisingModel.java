package org.aestack.runtime;

import java.util.List;
import org.aestack.runtime.data.Corruption;
import org.aestack.runtime.data.DataSet;

/** A model declared {@code @Denoising} on its type: it knows its corruption and can sample by the denoising chain. */
public interface DenoisingModel extends AutoencoderModel {
    /** The corruption it was trained to undo. */
    Corruption noise();

    /** Runs one corrupt–reconstruct chain per row of {@code start}; the mean reconstruction after each step. */
    List<DataSet> sample(DataSet start, int steps, long seed);
}
