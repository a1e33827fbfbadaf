package org.aestack.runtime;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Layer;

/**
 * The {@link Layer} view a generated model returns from a layer method: a name, a shape, an
 * activation, and the live parameter arrays, which it hands out only as copies.
 */
public final class DenseLayer implements Layer {
    private final String name;
    private final int inputs;
    private final int units;
    private final Activation activation;
    private final float[] weights;
    private final float[] bias;

    public DenseLayer(String name, int inputs, int units, Activation activation, float[] weights, float[] bias) {
        if (weights.length != inputs * units || bias.length != units) {
            throw new IllegalArgumentException(name + ": expected " + units + " x " + inputs + " weights and "
                    + units + " biases, got " + weights.length + " and " + bias.length);
        }
        this.name = name;
        this.inputs = inputs;
        this.units = units;
        this.activation = activation;
        this.weights = weights;
        this.bias = bias;
    }

    @Override public String name() { return name; }
    @Override public int inputs() { return inputs; }
    @Override public int units() { return units; }
    @Override public Activation activation() { return activation; }
    @Override public float[] weights() { return weights.clone(); }
    @Override public float[] bias() { return bias.clone(); }

    @Override
    public String toString() {
        return name + ": " + inputs + " -> " + units + " " + activation;
    }
}
