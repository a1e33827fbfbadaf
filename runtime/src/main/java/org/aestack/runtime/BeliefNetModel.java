package org.aestack.runtime;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.BeliefNetBound;
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

    /** The net as a probability model, with a copy of its parameters: bounds and estimates of its likelihood. */
    BeliefNetBound beliefNet();

    /**
     * The mean log-likelihood of binary {@code data} per row (its variational lower bound from
     * {@code samples} up-passes a row for more than one layer), with the top RBM's log Z exact where
     * it can be enumerated, else by AIS ({@code aisRuns} runs through {@code temperatures} inverse
     * temperatures) from the top RBM's own visible biases.
     */
    default LikelihoodEstimate logLikelihoodBound(DataSet data, int aisRuns, int temperatures, int samples, long seed) {
        return LikelihoodEstimate.of(beliefNet(), data, null, aisRuns, temperatures, samples, seed);
    }

    /**
     * {@link #logLikelihoodBound(DataSet, int, int, int, long)} with AIS started from the base rates
     * of {@code training} (Salakhutdinov and Murray 2008), which converges in far fewer temperatures.
     */
    default LikelihoodEstimate logLikelihoodBound(DataSet data, DataSet training, int aisRuns, int temperatures, int samples,
            long seed) {
        BeliefNetBound net = beliefNet();
        return LikelihoodEstimate.of(net, data, net.topBaseRates(training), aisRuns, temperatures, samples, seed);
    }

    /**
     * Conservative estimates of log p(v), one per row of binary {@code data}: reverse annealing
     * (RAISE) in the top RBM through {@code temperatures} inverse temperatures to the base rates of
     * {@code training}, after one up-pass; see {@link BeliefNetBound#reverseLogLikelihoods}.
     */
    default double[] reverseLogLikelihoods(DataSet data, DataSet training, int temperatures, long seed) {
        BeliefNetBound net = beliefNet();
        return net.reverseLogLikelihoods(data, temperatures, net.topBaseRates(training), new Rng(seed));
    }
}
