package org.aestack.processor.model;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;

/**
 * The kinds generated as a stack of encoders with mirrored decoders: autoencoders, and belief nets
 * (a tied stack whose every layer is an RBM, its decoder the top-down generative pass).
 */
public sealed interface Unrolled extends ModelSpec permits AutoencoderSpec, BeliefNetSpec {
    /** The reconstruction loss. */
    Loss loss();

    /** Whether decoder layers use the transposed encoder weights. */
    boolean tied();

    /** The activation of the reconstruction. */
    Activation output();

    /** The fine-tuning settings (annotation values or defaults). */
    TrainingSpec fineTune();

    /** The classifier head, or null. */
    SupervisedSpec supervised();

    /** Whether this is a belief net, whose model also samples and scores as a generative model. */
    boolean beliefNet();
}
