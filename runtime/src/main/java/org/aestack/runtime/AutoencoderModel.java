package org.aestack.runtime;

import java.util.List;
import org.aestack.dsl.Layer;
import org.aestack.runtime.data.DataSet;

/**
 * What every generated autoencoder model offers, so tools can drive any of them: inference,
 * scores, per-layer activations, parameters, provenance, saving. Generated models implement it
 * besides the user's declaration; their own types add the shape constants and {@code load}.
 */
public interface AutoencoderModel extends Model {
    /** The code of one input. */
    float[] encode(float[] input);

    /** The reconstruction of one input from one code. */
    float[] decode(float[] code);

    /** {@code decode(encode(input))}. */
    float[] reconstruct(float[] input);

    /** The codes of every row, labels kept. */
    DataSet encode(DataSet data);

    /** The reconstructions of every row, labels kept. */
    DataSet reconstruct(DataSet data);

    /** The model's loss averaged over the rows. */
    double reconstructionError(DataSet data);

    /** The model's loss for each row: an anomaly score. */
    double[] reconstructionErrors(DataSet data);

    /** The outputs of encoder layer {@code layer} (from 0) for every row. */
    DataSet activations(int layer, DataSet data);

    /** The encoder layers, in order. */
    List<Layer> layers();

}
