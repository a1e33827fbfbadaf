package org.aestack.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A restricted Boltzmann machine layer: the layer's weights and biases couple it, undirected, to
 * the layer below, and it is trained by contrastive divergence.
 *
 * <p>In an {@link Autoencoder} it goes beside {@link Encoder} and means "pretrain this layer as an
 * RBM" (Hinton and Salakhutdinov 2006): the RBM's weights become the encoder layer's, its hidden
 * biases the encoder's biases, its visible biases the mirror decoder layer's biases, and the
 * decoder's weights start as the transposed encoder weights. The encoder's activation must match
 * the hidden units: {@link Activation#SIGMOID} for {@link UnitType#BERNOULLI},
 * {@link Activation#LINEAR} for {@link UnitType#GAUSSIAN} (the linear code layer).
 *
 * <p>In a {@link BeliefNet} each layer is an {@code @RBMLayer} and gives its {@link #units()}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RBMLayer {
    /** The hidden units: required (positive) in a belief net; in an autoencoder leave it 0, {@link Encoder#units()} says. */
    int units() default 0;

    /** The visible units, which only the first layer may choose (the rest see the layer below). Default Bernoulli. */
    UnitType visible() default UnitType.BERNOULLI;

    /** The hidden units. Default Bernoulli. */
    UnitType hidden() default UnitType.BERNOULLI;

    /** k, the Gibbs steps of contrastive divergence; at least 1. Default 1. */
    int cd() default 1;

    /** Persistent contrastive divergence (Tieleman 2008): the negative chains carry over between batches. */
    boolean persistent() default false;

    /** The number of persistent chains; 0 (the default) for one per batch row. Only with {@link #persistent()}. */
    int chains() default 0;

    /**
     * This layer's learning rate; 0 (the default) uses {@link Pretrain#learningRate()}. Gaussian
     * units usually need a rate about a hundred times smaller than Bernoulli ones.
     */
    double learningRate() default 0;
}
