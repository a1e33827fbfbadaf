package org.aestack.dsl;

/** The elementwise nonlinearity of a layer. */
public enum Activation {
    /** The logistic function 1 / (1 + e<sup>-z</sup>), with values in (0, 1). */
    SIGMOID,
    /** The hyperbolic tangent, with values in (-1, 1). */
    TANH,
    /** The rectifier max(0, z). */
    RELU,
    /** The identity: the layer is affine. Used for real-valued codes. */
    LINEAR
}
