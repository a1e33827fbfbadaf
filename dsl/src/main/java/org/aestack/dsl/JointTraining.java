package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The joint training of a {@link BoltzmannMachine} after its pretraining (Salakhutdinov and Hinton
 * 2009): for each mini-batch the data-dependent statistics come from mean-field posteriors, iterated
 * until no posterior moves by more than {@link #tolerance()} or for {@link #meanFieldIterations()}
 * sweeps, and the model's from {@link #chains()} persistent Gibbs chains, each taking
 * {@link #sweeps()} sweeps per update. Without this annotation the generated trainer uses these
 * defaults. Every value can be overridden at run time through the trainer's builder.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface JointTraining {
    /** Passes over the training set; must be positive. Default 20. */
    int epochs() default 20;

    /** Samples per mini-batch; must be positive. Default 100. */
    int batch() default 100;

    /** The optimizer. Default {@link Optimizer#MOMENTUM}. */
    Optimizer optimizer() default Optimizer.MOMENTUM;

    /** The learning rate; must be positive and finite. Default 0.001, as in Salakhutdinov's code. */
    double learningRate() default 0.001;

    /**
     * The momentum coefficient for {@link Optimizer#MOMENTUM}, in [0, 1). Default 0.5, where
     * Salakhutdinov's code starts: on a 784-500-1000 machine, 0.9 from the first epoch (ten times the
     * step) drove the persistent chains into one mode and the test bound down by 150 nats.
     */
    double momentum() default 0.5;

    /** The L2 weight decay of the weights (not the biases); zero or more. Default 2e-4. */
    double weightDecay() default 2e-4;

    /** d in the learning-rate schedule lr / (1 + d·(epoch − 1)); zero or more. Default 0.1. */
    double learningRateDecay() default 0.1;

    /** The persistent chains of the model statistics; at least 1. Default 100. */
    int chains() default 100;

    /** The Gibbs sweeps of every layer each chain takes per update; at least 1. Default 5. */
    int sweeps() default 5;

    /** The most mean-field sweeps per mini-batch; at least 1. Default 10. */
    int meanFieldIterations() default 10;

    /** Mean-field stops early when no posterior moves by more than this; zero or more. Default 1e-4. */
    double tolerance() default 1e-4;

    /**
     * The mean activation each hidden unit is pushed toward, in (0, 1); 0 (the default) for no
     * sparsity target. The push is {@link #sparsityCost()} times the gap between the target and a
     * damped running mean of the unit's mean-field activation.
     */
    double sparsityTarget() default 0;

    /** How hard the sparsity target pushes; zero or more. Default 0.1 (used only with a target). */
    double sparsityCost() default 0.1;

    /** The damping of the running mean activation, in [0, 1). Default 0.9. */
    double sparsityDamping() default 0.9;

    /** The largest L2 norm each unit's incoming weights may have; 0 (the default) for no limit. */
    double maxNorm() default 0;
}
