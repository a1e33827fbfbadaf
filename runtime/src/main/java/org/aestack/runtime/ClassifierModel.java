package org.aestack.runtime;

import org.aestack.runtime.data.DataSet;

/** A generated model with a {@code @Supervised} softmax head on its code layer. */
public interface ClassifierModel extends AutoencoderModel {
    /** The class probabilities of every row, {@code rows × classes}. */
    float[] classProbabilities(DataSet data);

    /** The most probable class of every row. */
    int[] classify(DataSet data);

    /** The fraction of labeled rows classified right. */
    double accuracy(DataSet labeled);
}
