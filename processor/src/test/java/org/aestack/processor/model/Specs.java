package org.aestack.processor.model;

import java.util.ArrayList;
import java.util.List;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;

/**
 * Declarations for the tests, written as lists of settings: chains of dense layers, each reading
 * the layer before it, and a model of each kind over them.
 */
public final class Specs {
    private Specs() {}

    /** The kinds a test can ask {@link #model} for. */
    public enum Kind { AUTOENCODER, BELIEF_NET, BOLTZMANN_MACHINE }

    /** A dense layer; {@link #model} links it to the layer before it. */
    public static LayerSpec layer(String name, int index, int fanIn, int units, Activation activation,
            Regularization pretrain, Regularization fineTune, RbmSpec rbm) {
        return LayerSpec.dense(name, index, ModelCore.INPUT, units, activation, pretrain, fineTune, rbm);
    }

    public static LayerSpec layer(String name, int index, int fanIn, int units, Activation activation,
            Regularization pretrain, Regularization fineTune) {
        return layer(name, index, fanIn, units, activation, pretrain, fineTune, null);
    }

    public static LayerSpec layer(String name, int index, int fanIn, int units, Activation activation) {
        return layer(name, index, fanIn, units, activation, Regularization.NONE, Regularization.NONE, null);
    }

    /** The layers with each reading the one before it, the first the model input. */
    public static List<LayerSpec> chained(List<LayerSpec> layers) {
        List<LayerSpec> chain = new ArrayList<>();
        String below = ModelCore.INPUT;
        for (LayerSpec l : layers) {
            chain.add(new LayerSpec(l.name(), l.index(), List.of(below), l.shape(), l.activation(), l.pretrain(), l.fineTune(),
                    l.rbm()));
            below = l.name();
        }
        return chain;
    }

    public static ModelSpec model(String packageName, List<String> simpleNames, boolean isInterface, int input, Loss loss,
            boolean tied, Activation output, List<LayerSpec> layers, TrainingSpec pretrain, boolean pretrainDeclared,
            TrainingSpec fineTune, Kind kind, SupervisedSpec supervised, BoltzmannSettings boltzmann) {
        ModelCore core = new ModelCore(packageName, simpleNames, isInterface, new Shape.Units(input), chained(layers), pretrain,
                pretrainDeclared);
        switch (kind) {
            case AUTOENCODER:
                return new AutoencoderSpec(core, loss, tied, output, fineTune, supervised);
            case BELIEF_NET:
                return new BeliefNetSpec(core, fineTune, supervised);
            default:
                return new BoltzmannMachineSpec(core, boltzmann, supervised);
        }
    }

    public static ModelSpec model(String packageName, List<String> simpleNames, boolean isInterface, int input, Loss loss,
            boolean tied, Activation output, List<LayerSpec> layers, TrainingSpec pretrain, boolean pretrainDeclared,
            TrainingSpec fineTune, Kind kind, SupervisedSpec supervised) {
        return model(packageName, simpleNames, isInterface, input, loss, tied, output, layers, pretrain, pretrainDeclared,
                fineTune, kind, supervised, null);
    }

    public static ModelSpec model(String packageName, List<String> simpleNames, boolean isInterface, int input, Loss loss,
            boolean tied, Activation output, List<LayerSpec> layers, TrainingSpec pretrain, boolean pretrainDeclared,
            TrainingSpec fineTune) {
        return model(packageName, simpleNames, isInterface, input, loss, tied, output, layers, pretrain, pretrainDeclared,
                fineTune, Kind.AUTOENCODER, null, null);
    }
}
