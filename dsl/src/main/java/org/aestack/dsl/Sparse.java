package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A sparsity penalty on a code, added to the reconstruction loss.
 *
 * <p>Without {@link #target()}: the L1 penalty λ Σ<sub>j</sub> |z<sub>j</sub>| on each sample's code,
 * whose subgradient at 0 is taken as 0. With a target ρ in (0, 1): λ Σ<sub>j</sub> KL(ρ ‖ ρ̂<sub>j</sub>),
 * where ρ̂<sub>j</sub> is unit j's mean activation over the mini-batch; this needs a sigmoid code.
 *
 * <p>On a layer method: that layer's code, in its pretraining and in fine-tuning. On the model
 * type: the code layer (the last encoder layer), in fine-tuning.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Sparse {
    /** The weight λ of the penalty; zero or more. No default. */
    double lambda();

    /** The target mean activation ρ for the KL penalty, in (0, 1); default 0, meaning L1 instead. */
    double target() default 0;
}
