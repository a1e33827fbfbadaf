package org.aestack.runtime;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.metric.LikelihoodEstimate;
import org.aestack.runtime.metric.Rbm;

/**
 * A generated deep belief net: an {@link AutoencoderModel} whose encoder is the up-pass and whose
 * tied decoder is the top-down generative pass, with what a generative model adds.
 */
public interface BeliefNetModel extends AutoencoderModel {
    /**
     * Draws {@code count} samples: {@code sweeps} sweeps of Gibbs sampling in the top RBM from random
     * states, then a top-down pass; the visible probabilities, one row each.
     */
    DataSet sample(int count, int sweeps, long seed);

    /** RBM {@code layer} (from 0, the bottom) as a probability model: a copy of its parameters, for evaluation. */
    Rbm rbm(int layer);

    /** The free energy of each row under the first RBM (Bernoulli visibles). */
    double[] freeEnergies(DataSet data);

    /**
     * The mean log-likelihood of binary {@code data} per row (its variational lower bound for more
     * than one layer), with the top RBM's log Z exact where it can be enumerated, else from AIS.
     */
    LikelihoodEstimate logLikelihoodBound(DataSet data, int aisRuns, int temperatures, int samples, long seed);
}
