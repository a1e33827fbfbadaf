package org.aestack.dsl;

/**
 * A read-only view of one trained layer, as returned by the layer methods of a generated model.
 *
 * <p>The weights follow the PyTorch layout: a row-major {@code units × inputs} matrix, so row
 * {@code j} holds the incoming weights (the "filter") of unit {@code j}.
 */
public interface Layer {
    /** The layer's name: the name of the method that declares it. */
    String name();

    /** The number of inputs the layer reads. */
    int inputs();

    /** The number of units the layer has. */
    int units();

    /** The layer's nonlinearity. */
    Activation activation();

    /** A copy of the weights, {@code units × inputs}, row-major. */
    float[] weights();

    /** A copy of the biases, one per unit. */
    float[] bias();
}
