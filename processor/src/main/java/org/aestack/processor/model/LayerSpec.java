package org.aestack.processor.model;

import java.util.List;
import java.util.Objects;
import org.aestack.dsl.Activation;

/**
 * One validated layer: a node of the model graph.
 *
 * @param name the declaring method's name, also the layer's name
 * @param index the position in declaration order, from 0
 * @param inputs the names of the nodes it reads: earlier layers, or {@link ModelCore#INPUT} for the model input
 * @param shape what it outputs
 * @param activation its nonlinearity
 * @param pretrain what regularizes the layer while it is pretrained
 * @param fineTune what regularizes the layer during fine-tuning
 * @param rbm how the layer is trained as an RBM, or null when it is not one
 * @param conv how a convolutional layer convolves, or null for a dense layer
 */
public record LayerSpec(String name, int index, List<String> inputs, Shape shape, Activation activation,
        Regularization pretrain, Regularization fineTune, RbmSpec rbm, ConvSpec conv) {
    public LayerSpec {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(pretrain, "pretrain");
        Objects.requireNonNull(fineTune, "fineTune");
        if (index < 0 || inputs.isEmpty()) {
            throw new IllegalArgumentException(name + ": a layer has a place and at least one input");
        }
        if ((conv != null) != (shape instanceof Shape.Image)) {
            throw new IllegalArgumentException(name + ": convolutional layers, and only they, output images");
        }
    }

    /** A dense layer, or an RBM layer. */
    public LayerSpec(String name, int index, List<String> inputs, Shape shape, Activation activation,
            Regularization pretrain, Regularization fineTune, RbmSpec rbm) {
        this(name, index, inputs, shape, activation, pretrain, fineTune, rbm, null);
    }

    /** A convolutional layer reading {@code input}, without regularization. */
    public static LayerSpec conv(String name, int index, String input, Shape.Image shape, Activation activation, ConvSpec conv) {
        return new LayerSpec(name, index, List.of(input), shape, activation, Regularization.NONE, Regularization.NONE, null, conv);
    }

    /** The image a convolutional layer outputs. */
    public Shape.Image image() {
        if (shape instanceof Shape.Image i) {
            return i;
        }
        throw new IllegalStateException(name + " is not a convolutional layer: " + shape.canonical());
    }

    /** A dense layer reading {@code input}, pretrained as an autoencoder or, with {@code rbm}, as an RBM. */
    public static LayerSpec dense(String name, int index, String input, int units, Activation activation,
            Regularization pretrain, Regularization fineTune, RbmSpec rbm) {
        return new LayerSpec(name, index, List.of(input), new Shape.Units(units), activation, pretrain, fineTune, rbm);
    }

    /** A dense layer without regularization, pretrained as an autoencoder. */
    public static LayerSpec dense(String name, int index, String input, int units, Activation activation) {
        return dense(name, index, input, units, activation, Regularization.NONE, Regularization.NONE, null);
    }

    /** The units of a dense layer. */
    public int units() {
        if (shape instanceof Shape.Units u) {
            return u.units();
        }
        throw new IllegalStateException(name + " is not a dense layer: " + shape.canonical());
    }

    /** The one node a layer of a chain reads. */
    public String input() {
        if (inputs.size() != 1) {
            throw new IllegalStateException(name + " reads " + inputs + ", not one node");
        }
        return inputs.get(0);
    }

    /** Whether the layer is trained as an RBM. */
    public boolean isRbm() {
        return rbm != null;
    }

    /** The same layer with other regularization. */
    public LayerSpec withRegularization(Regularization pretrain, Regularization fineTune) {
        return new LayerSpec(name, index, inputs, shape, activation, pretrain, fineTune, rbm, conv);
    }

    /** The same layer trained as the RBM {@code rbm}. */
    public LayerSpec withRbm(RbmSpec rbm) {
        return new LayerSpec(name, index, inputs, shape, activation, pretrain, fineTune, rbm, conv);
    }

    /** The regularization in a phase: pretraining or fine-tuning. */
    public Regularization regularization(boolean pretraining) {
        return pretraining ? pretrain : fineTune;
    }
}
