package org.aestack.runtime;

import org.aestack.dsl.Activation;
import org.aestack.dsl.Layer;
import org.aestack.runtime.engine.Convolution;

/**
 * The {@link Layer} view of a convolutional layer: its geometry, an activation, and the live
 * parameter arrays, which it hands out only as copies. A convolution's weights are {@code filters ×
 * channels × kernel × kernel} (PyTorch's {@code Conv2d} layout), one bias per filter, and it maps
 * {@code channels × height × width} values to {@code filters × outHeight × outWidth}; a transposed
 * convolution (a decoder layer) has the same weights, one bias per channel, and maps the other
 * way. {@link #inputs()} and {@link #units()} count values.
 */
public final class ConvLayer implements Layer {
    private final String name;
    private final Convolution.Geometry geometry;
    private final boolean transposed;
    private final Activation activation;
    private final float[] weights;
    private final float[] bias;

    public ConvLayer(String name, Convolution.Geometry geometry, boolean transposed, Activation activation, float[] weights,
            float[] bias) {
        int biases = transposed ? geometry.channels() : geometry.filters();
        if (weights.length != geometry.weightCount() || bias.length != biases) {
            throw new IllegalArgumentException(name + ": expected " + geometry.weightCount() + " weights and "
                    + biases + " biases, got " + weights.length + " and " + bias.length);
        }
        this.name = name;
        this.geometry = geometry;
        this.transposed = transposed;
        this.activation = activation;
        this.weights = weights;
        this.bias = bias;
    }

    /** The convolution's shape (for a transposed layer, that of the convolution it transposes). */
    public Convolution.Geometry geometry() {
        return geometry;
    }

    /** Whether the layer is a transposed convolution. */
    public boolean transposed() {
        return transposed;
    }

    @Override public String name() { return name; }
    @Override public int inputs() { return transposed ? geometry.outputSize() : geometry.inputSize(); }
    @Override public int units() { return transposed ? geometry.inputSize() : geometry.outputSize(); }
    @Override public Activation activation() { return activation; }
    @Override public float[] weights() { return weights.clone(); }
    @Override public float[] bias() { return bias.clone(); }

    @Override
    public String toString() {
        Convolution.Geometry g = geometry;
        String image = g.channels() + "x" + g.height() + "x" + g.width();
        String maps = g.filters() + "x" + g.outHeight() + "x" + g.outWidth();
        return name + ": " + (transposed ? maps + " -> " + image + " transposed" : image + " -> " + maps) + " (kernel "
                + g.kernel() + ", stride " + g.stride() + ", padding " + g.padding() + ") " + activation;
    }
}
