package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fine-tuning: backpropagation of the reconstruction loss through the whole unrolled stack (the
 * encoder layers and the mirrored decoder). Without this annotation the trainer uses these defaults.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FineTune {
    /** Passes over the training set; must be positive. Default 20. */
    int epochs() default 20;

    /** Samples per mini-batch; must be positive. Default 128. */
    int batch() default 128;

    /** The optimizer. Default {@link Optimizer#ADAM}. */
    Optimizer optimizer() default Optimizer.ADAM;

    /** The learning rate; must be positive and finite. Default 0.001. */
    double learningRate() default 1e-3;

    /** The momentum coefficient for {@link Optimizer#MOMENTUM}, in [0, 1). Default 0.9. */
    double momentum() default 0.9;

    /** d in the learning-rate schedule lr / (1 + d·(epoch − 1)); zero or more. Default 0: constant. */
    double learningRateDecay() default 0;
}
