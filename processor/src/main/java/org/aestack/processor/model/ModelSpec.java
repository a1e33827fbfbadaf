package org.aestack.processor.model;

import java.util.List;
import java.util.Objects;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;

/**
 * A validated autoencoder declaration: the processor's intermediate representation, from which the
 * emitter writes the generated sources without looking at elements again. Every default is
 * resolved and every rule already checked.
 *
 * @param packageName the declaration's package ("" for the unnamed package)
 * @param simpleNames the declaration's simple name and those of its enclosing types, outermost
 *     first, e.g. {@code ["Models", "FashionAe"]} for {@code Models.FashionAe}
 * @param isInterface whether the declaration is an interface (else an abstract class)
 * @param input the number of inputs
 * @param loss the reconstruction loss
 * @param tied whether decoder layers use the transposed encoder weights
 * @param output the activation of the reconstruction
 * @param layers the encoder layers in declaration order, at least one
 * @param pretrain the pretraining settings (annotation values or defaults)
 * @param pretrainDeclared whether {@code @Pretrain} is present, so {@code fit} pretrains
 * @param fineTune the fine-tuning settings (annotation values or defaults)
 * @param kind what the declaration is: an autoencoder, a belief net (which the generated code
 *     treats as a tied autoencoder whose every layer is an RBM), or a deep Boltzmann machine
 * @param supervised the classifier head, or null
 * @param boltzmann the deep Boltzmann machine's pretraining and joint training, or null for other kinds
 */
public record ModelSpec(
        String packageName,
        List<String> simpleNames,
        boolean isInterface,
        int input,
        Loss loss,
        boolean tied,
        Activation output,
        List<LayerSpec> layers,
        TrainingSpec pretrain,
        boolean pretrainDeclared,
        TrainingSpec fineTune,
        Kind kind,
        SupervisedSpec supervised,
        BoltzmannSpec boltzmann) {

    /** The model kinds the emitter writes. */
    public enum Kind { AUTOENCODER, BELIEF_NET, BOLTZMANN_MACHINE }

    public ModelSpec {
        Objects.requireNonNull(packageName);
        Objects.requireNonNull(kind);
        simpleNames = List.copyOf(simpleNames);
        layers = List.copyOf(layers);
        if (simpleNames.isEmpty() || layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs a name and at least one layer");
        }
        if ((kind == Kind.BOLTZMANN_MACHINE) != (boltzmann != null)) {
            throw new IllegalArgumentException("a deep Boltzmann machine, and only one, has Boltzmann settings");
        }
    }

    /** A model of another kind than a deep Boltzmann machine. */
    public ModelSpec(String packageName, List<String> simpleNames, boolean isInterface, int input, Loss loss, boolean tied,
            Activation output, List<LayerSpec> layers, TrainingSpec pretrain, boolean pretrainDeclared, TrainingSpec fineTune,
            Kind kind, SupervisedSpec supervised) {
        this(packageName, simpleNames, isInterface, input, loss, tied, output, layers, pretrain, pretrainDeclared, fineTune,
                kind, supervised, null);
    }

    /** An autoencoder without a classifier head. */
    public ModelSpec(String packageName, List<String> simpleNames, boolean isInterface, int input, Loss loss, boolean tied,
            Activation output, List<LayerSpec> layers, TrainingSpec pretrain, boolean pretrainDeclared, TrainingSpec fineTune) {
        this(packageName, simpleNames, isInterface, input, loss, tied, output, layers, pretrain, pretrainDeclared, fineTune,
                Kind.AUTOENCODER, null);
    }

    public boolean beliefNet() {
        return kind == Kind.BELIEF_NET;
    }

    public boolean boltzmannMachine() {
        return kind == Kind.BOLTZMANN_MACHINE;
    }

    /** Whether any layer is pretrained as an RBM. */
    public boolean hasRbmLayers() {
        return layers.stream().anyMatch(LayerSpec::isRbm);
    }

    /** The declaration's name as written in source, nested names joined by dots: {@code Models.FashionAe}. */
    public String sourceName() {
        return String.join(".", simpleNames);
    }

    /** The flattened stem of generated names: {@code Models_FashionAe}. */
    public String flatName() {
        return String.join("_", simpleNames);
    }

    public String modelClassName() {
        return flatName() + "Model";
    }

    public String trainerClassName() {
        return flatName() + "Trainer";
    }

    /** The code layer: the last encoder layer. */
    public LayerSpec code() {
        return layers.get(layers.size() - 1);
    }
}
