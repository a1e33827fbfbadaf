package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a deep Boltzmann machine (Salakhutdinov and Hinton 2009): undirected, every layer coupled
 * to the layers next to it, so a hidden layer hears both the layer below and the layer above. The
 * layer methods, each an {@link RBMLayer} with Bernoulli units, are the hidden layers in order from
 * the visible one up; there are at least two.
 *
 * <p>Training has two phases. {@link Pretrain}: the stack of RBMs trained greedily, with the
 * weight-halving trick by default ({@link Pretrain#halving()}), then composed into a DBM.
 * {@link JointTraining}: all layers at once, mean-field for the data-dependent statistics and
 * persistent Gibbs chains for the model's.
 *
 * <p>Generates {@code <Name>Model} (mean-field posteriors, Gibbs sampling from the persistent
 * chains, log Z by annealed importance sampling or exactly for a small first hidden layer, the
 * variational lower bound on log p(v), a classifier initialized from the DBM, save and load) and
 * {@code <Name>Trainer}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface BoltzmannMachine {
    /** The number of visible units; must be positive. No default. */
    int input();
}
