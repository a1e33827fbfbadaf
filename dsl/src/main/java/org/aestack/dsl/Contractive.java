package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The contractive penalty λ ‖∂h/∂x‖²<sub>F</sub> of Rifai et al. (2011): the squared Frobenius norm of
 * an encoder layer's Jacobian with respect to its input, per sample, added to the loss. For
 * h = f(Wx + b) it has the closed form Σ<sub>j</sub> f′(z<sub>j</sub>)² Σ<sub>i</sub> W<sub>ji</sub>²
 * (for a sigmoid, f′ = h(1 − h)), and so does its gradient, for every {@link Activation}.
 *
 * <p>On a layer method: that layer, in its pretraining and in fine-tuning. On the model type: the
 * encoder, in fine-tuning, which needs a single-layer encoder (put it on the layers of a deep one).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Contractive {
    /** The weight λ of the penalty; zero or more. No default. */
    double lambda();
}
