package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout (Srivastava et al. 2014): while training, each output of the layer is zeroed
 * with probability {@code p} and the others are scaled by 1/(1 − p); at inference nothing is
 * dropped or scaled.
 *
 * <p>On a layer method: that layer's outputs, in its pretraining and in fine-tuning. On the model
 * type: the outputs of every encoder layer but the code, in fine-tuning.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Dropout {
    /** The probability of dropping an output, in [0, 1). No default. */
    double p();
}
