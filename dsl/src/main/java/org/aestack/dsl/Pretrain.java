package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Greedy layerwise unsupervised pretraining: each encoder layer, in order, is trained as a shallow
 * autoencoder (that layer and its mirror decoder layer) on the codes of the layers below it.
 * Without this annotation the generated trainer still offers {@code pretrain}, with these defaults,
 * but {@code fit} skips it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Pretrain {
    /** Passes over the training set for each layer; must be positive. Default 10. */
    int epochs() default 10;

    /** Samples per mini-batch; must be positive. Default 100. */
    int batch() default 100;

    /** The optimizer. Default {@link Optimizer#SGD}. */
    Optimizer optimizer() default Optimizer.SGD;

    /** The learning rate; must be positive and finite. Default 0.05. */
    double learningRate() default 0.05;

    /** The momentum coefficient for {@link Optimizer#MOMENTUM}, in [0, 1). Default 0.9. */
    double momentum() default 0.9;

    /**
     * The L2 weight decay of {@link RBMLayer} layers' weights (Hinton's guide suggests 1e-4 to
     * 1e-2 times the rate); zero or more. Default 0.
     */
    double weightDecay() default 0;

    /** d in the learning-rate schedule lr / (1 + d·(epoch − 1)); zero or more. Default 0: constant. */
    double learningRateDecay() default 0;

    /**
     * The weight-halving trick of deep Boltzmann machine pretraining (Salakhutdinov and Hinton
     * 2009): the bottom RBM counts its input twice going up (2W, as if the data were there twice),
     * the top RBM counts its hidden layer twice going down, and RBMs between them have their
     * weights halved when the DBM is composed, so that no layer hears twice what it heard in
     * pretraining. Only a {@link BoltzmannMachine} may set it, where it is the default; {@code false}
     * stacks the RBMs as they stand (naive stacking).
     */
    boolean halving() default true;
}
