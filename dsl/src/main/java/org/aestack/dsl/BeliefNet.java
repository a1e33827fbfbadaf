package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a deep belief net (Hinton, Osindero and Teh 2006): the layer methods, each an
 * {@link RBMLayer}, in declaration order, form a stack of RBMs trained greedily, each on the
 * hidden probabilities of the one below. The top RBM is an undirected prior; the lower layers
 * generate top-down. The first layer's {@link RBMLayer#visible()} says what the data is.
 *
 * <p>Generates {@code <Name>Model} (up-pass features, top-down sampling, free energy, the
 * variational lower bound of the log-likelihood, save and load) and {@code <Name>Trainer}
 * (layerwise contrastive divergence, with {@link Pretrain}'s settings).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface BeliefNet {
    /** The number of visible units; must be positive. No default. */
    int input();
}
