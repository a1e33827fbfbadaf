package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A softmax classifier head on the top (code) encoder layer, trained with labels: the generated
 * trainer's {@code supervise(labeled)} backpropagates the cross-entropy of the class
 * probabilities through the head and every encoder layer (the decoder is not used), and the model
 * gains {@code classify} and {@code classProbabilities}. With unsupervised pretraining on many
 * unlabeled samples first, a few labels go a long way.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Supervised {
    /** The number of classes; at least 2. Labels run from 0 to {@code classes − 1}. */
    int classes();

    /** Passes over the labeled set; must be positive. Default 50 (labeled sets are small). */
    int epochs() default 50;

    /** Samples per mini-batch; must be positive. Default 32. */
    int batch() default 32;

    /** The optimizer. Default {@link Optimizer#ADAM}. */
    Optimizer optimizer() default Optimizer.ADAM;

    /** The learning rate; must be positive and finite. Default 0.001. */
    double learningRate() default 1e-3;

    /** The momentum coefficient for {@link Optimizer#MOMENTUM}, in [0, 1). Default 0.9. */
    double momentum() default 0.9;

    /** d in the learning-rate schedule lr / (1 + d·(epoch − 1)); zero or more. Default 0. */
    double learningRateDecay() default 0;
}
