package org.aestack.runtime.metric;

import java.util.List;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Layer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Gemm;

/**
 * The Frobenius norm of an encoder's Jacobian ∂h/∂x, the quantity a contractive autoencoder keeps
 * small (Rifai et al. 2011). Exact, by the chain rule through the layers: J = D<sub>L</sub> W<sub>L</sub> ⋯
 * D<sub>1</sub> W<sub>1</sub>, with D<sub>l</sub> the diagonal of the activation's derivatives.
 */
public final class Jacobians {
    private Jacobians() {}

    /** The mean over the rows of {@code data} of ‖∂h/∂x‖<sub>F</sub> for the stack {@code layers}. */
    public static double meanFrobeniusNorm(List<Layer> layers, DataSet data) {
        int inputs = layers.get(0).inputs();
        if (data.cols() != inputs) {
            throw new IllegalArgumentException("the encoder takes " + inputs + " inputs, not " + data.cols());
        }
        float[][] w = new float[layers.size()][];
        float[][] b = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            w[l] = layers.get(l).weights();
            b[l] = layers.get(l).bias();
        }
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            float[] x = data.row(r);
            float[] jacobian = null; // units × inputs of the layers so far
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                int in = layer.inputs();
                int units = layer.units();
                float[] z = new float[units];
                Gemm.nt(1, units, in, 1f, x, in, w[l], in, 0f, z, units);
                float[] d = new float[units];
                for (int j = 0; j < units; j++) {
                    float h = activate(layer.activation(), z[j] + b[l][j]);
                    d[j] = derivative(layer.activation(), h);
                    z[j] = h;
                }
                float[] next = new float[units * inputs];
                if (jacobian == null) {
                    System.arraycopy(w[l], 0, next, 0, next.length);
                } else {
                    Gemm.nn(units, inputs, in, 1f, w[l], in, jacobian, inputs, 0f, next, inputs);
                }
                for (int j = 0; j < units; j++) {
                    for (int i = 0; i < inputs; i++) {
                        next[j * inputs + i] *= d[j];
                    }
                }
                jacobian = next;
                x = z;
            }
            double sq = 0;
            for (float v : jacobian) {
                sq += v * v;
            }
            sum += Math.sqrt(sq);
        }
        return sum / data.rows();
    }

    private static float activate(Activation a, float z) {
        switch (a) {
            case SIGMOID: return (float) (1 / (1 + Math.exp(-z)));
            case TANH: return (float) Math.tanh(z);
            case RELU: return Math.max(0f, z);
            default: return z;
        }
    }

    private static float derivative(Activation a, float h) {
        switch (a) {
            case SIGMOID: return h * (1 - h);
            case TANH: return 1 - h * h;
            case RELU: return h > 0 ? 1 : 0;
            default: return 1;
        }
    }
}
