package org.aestack.processor.model;

import org.aestack.dsl.Activation;

/**
 * One validated encoder layer.
 *
 * @param name the declaring method's name, also the layer's name
 * @param index the position in the stack, from 0
 * @param inputs the units of the layer below (the model input for index 0)
 * @param units this layer's units
 * @param activation this layer's nonlinearity
 * @param pretrain what regularizes the layer while it is pretrained
 * @param fineTune what regularizes the layer during fine-tuning
 * @param rbm how the layer is pretrained as an RBM, or null when it is pretrained as an autoencoder
 */
public record LayerSpec(String name, int index, int inputs, int units, Activation activation,
        Regularization pretrain, Regularization fineTune, RbmSpec rbm) {
    public LayerSpec {
        if (inputs <= 0 || units <= 0 || index < 0) {
            throw new IllegalArgumentException(name + ": bad shape " + inputs + " -> " + units);
        }
    }

    /** A layer pretrained as an autoencoder. */
    public LayerSpec(String name, int index, int inputs, int units, Activation activation,
            Regularization pretrain, Regularization fineTune) {
        this(name, index, inputs, units, activation, pretrain, fineTune, null);
    }

    /** A layer without regularization. */
    public LayerSpec(String name, int index, int inputs, int units, Activation activation) {
        this(name, index, inputs, units, activation, Regularization.NONE, Regularization.NONE);
    }

    /** Whether the layer is pretrained as an RBM. */
    public boolean isRbm() {
        return rbm != null;
    }

    /** The regularization in a phase: pretraining or fine-tuning. */
    public Regularization regularization(boolean pretraining) {
        return pretraining ? pretrain : fineTune;
    }
}
