package org.aestack.dsl;

/** The update rule used by a training phase. */
public enum Optimizer {
    /** Plain stochastic gradient descent: θ ← θ − η g. */
    SGD,
    /** SGD with classical (heavy-ball) momentum: v ← μ v − η g; θ ← θ + v. */
    MOMENTUM,
    /** Adam (Kingma and Ba 2015) with bias correction. */
    ADAM
}
