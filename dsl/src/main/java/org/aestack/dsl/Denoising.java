package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Trains to reconstruct the clean input from a corrupted one (Vincent et al. 2008). The loss is
 * always taken against the clean input; fresh noise is drawn for every mini-batch. Inference sees
 * clean inputs.
 *
 * <p>On the model type: the model's input is corrupted during fine-tuning. On a layer method: that
 * layer's input is corrupted during its pretraining (a stacked denoising autoencoder).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Denoising {
    /**
     * The noise level: the probability of corrupting a value for {@link Noise#MASKING} and
     * {@link Noise#SALT_AND_PEPPER}, in [0, 1); the standard deviation for {@link Noise#GAUSSIAN},
     * zero or more. No default.
     */
    double p();

    /** The kind of corruption. Default {@link Noise#MASKING}. */
    Noise noise() default Noise.MASKING;
}
