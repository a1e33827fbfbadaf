package org.aestack.runtime;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.BaseRates;
import org.aestack.runtime.metric.Dbm;
import org.aestack.runtime.metric.LogZEstimate;
import org.aestack.runtime.engine.DbmClassifier;

/**
 * A generated deep Boltzmann machine. As an {@link AutoencoderModel} its code is the mean-field
 * posterior of the top hidden layer, its reconstruction the visible means given the first hidden
 * layer's posterior, and its decoder the top-down pass of means; beside that it is a probability
 * model to sample from and to score.
 */
public interface BoltzmannMachineModel extends AutoencoderModel {
    /** The mean-field posteriors of hidden layer {@code layer} (from 0, the lowest) for every row, labels kept. */
    DataSet posteriors(int layer, DataSet data);

    /**
     * Draws {@code count} samples by {@code sweeps} Gibbs sweeps of all layers, starting from the
     * persistent chains of training where there are some (else from random states); the visible
     * probabilities of the last sweep, one row each.
     */
    DataSet sample(int count, int sweeps, long seed);

    /** The DBM as a probability model: a copy of its parameters, for evaluation. */
    Dbm dbm();

    /**
     * log Z by annealed importance sampling (Salakhutdinov and Hinton 2009): {@code runs} runs
     * through {@code temperatures} inverse temperatures from the model of the visible biases alone.
     */
    default LogZEstimate logZ(int runs, int temperatures, long seed) {
        return dbm().ais(runs, temperatures, new Rng(seed));
    }

    /**
     * log Z by annealed importance sampling from the base rates of {@code training} (Salakhutdinov
     * and Murray 2008): {@code runs} runs through {@code temperatures} inverse temperatures, with the
     * error bars and the effective sample size of the runs.
     */
    default LogZEstimate logZ(int runs, int temperatures, DataSet training, long seed) {
        return dbm().ais(runs, temperatures, BaseRates.of(training), new Rng(seed));
    }

    /**
     * Conservative estimates of log p(v), one per row of binary {@code data}: reverse annealing
     * (RAISE) from each row, its even hidden layers drawn from the mean-field posterior, down to the
     * base rates of {@code training} through {@code temperatures} inverse temperatures; see
     * {@link Dbm#reverseLogLikelihoods}.
     */
    default double[] reverseLogLikelihoods(DataSet data, DataSet training, int temperatures, long seed) {
        return dbm().reverseLogLikelihoods(data, temperatures, BaseRates.of(training), Dbm.PROPOSAL_SWEEPS,
                Dbm.PROPOSAL_TOLERANCE, new Rng(seed));
    }

    /** log Z exactly, summing over every state of the odd hidden layers; for small odd layers only. */
    double exactLogZ();

    /** The mean over the rows of binary {@code data} of the mean-field lower bound on log p(v), given log Z. */
    double logLikelihoodBound(DataSet data, double logZ);

    /** The exact mean log p(v) of binary {@code data}; for small odd layers only. */
    double exactLogLikelihood(DataSet data);

    /**
     * A classifier of {@code classes} classes initialized from the DBM, its input augmented with the
     * second hidden layer's mean-field posterior, to fine-tune on labeled data (Salakhutdinov and Hinton 2009).
     */
    DbmClassifier classifier(int classes, long seed);
}
