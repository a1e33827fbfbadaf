package org.aestack.processor.model;

import org.aestack.dsl.Noise;

/**
 * What regularizes one layer in one phase (its pretraining, or fine-tuning), resolved from the
 * annotations on the layer and on the model type.
 *
 * @param sparsity the sparsity penalty on the layer's outputs, or null
 * @param noise the corruption of the layer's input, or null
 * @param contractive the weight of the contractive penalty on the layer's Jacobian; 0 for none
 * @param dropout the probability of dropping each of the layer's outputs; 0 for none
 */
public record Regularization(Sparsity sparsity, Corruption noise, double contractive, double dropout) {
    public static final Regularization NONE = new Regularization(null, null, 0, 0);

    /** L1 when {@code target} is 0, else KL divergence to the target mean activation. */
    public record Sparsity(double lambda, double target) {
        public boolean kl() {
            return target > 0;
        }
    }

    /** A kind of noise and its level. */
    public record Corruption(Noise kind, double p) {}
}
