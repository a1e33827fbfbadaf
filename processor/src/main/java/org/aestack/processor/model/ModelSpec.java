package org.aestack.processor.model;

import java.util.List;

/**
 * A validated declaration: the processor's intermediate representation, from which the emitter
 * writes the generated sources without looking at elements again. Every default is resolved and
 * every rule already checked. A kind is a record over the common {@link ModelCore}; code that
 * treats kinds differently goes through {@link #accept}, so a new kind is a compile error
 * everywhere it must be handled.
 */
public sealed interface ModelSpec permits Unrolled, BoltzmannMachineSpec, ConvAutoencoderSpec, MultimodalSpec {
    /** What every kind declares: names, input, the layer graph, pretraining. */
    ModelCore core();

    /** The kind's name in the canonical form and in messages: {@code autoencoder}, {@code belief_net}, … */
    String kindName();

    /** Calls the method of {@code kinds} for this kind. */
    <R> R accept(Kinds<R> kinds);

    /** One method per model kind. */
    interface Kinds<R> {
        R autoencoder(AutoencoderSpec spec);

        R beliefNet(BeliefNetSpec spec);

        R boltzmannMachine(BoltzmannMachineSpec spec);

        R convAutoencoder(ConvAutoencoderSpec spec);

        R multimodal(MultimodalSpec spec);
    }

    default String packageName() {
        return core().packageName();
    }

    default List<String> simpleNames() {
        return core().simpleNames();
    }

    default boolean isInterface() {
        return core().isInterface();
    }

    /** The number of values of the model input. */
    default int input() {
        return core().input().size();
    }

    default List<LayerSpec> layers() {
        return core().layers();
    }

    /** Every layer the declaration has a method for: the layers, and a declared decoder's. */
    default List<LayerSpec> declaredLayers() {
        return layers();
    }

    default TrainingSpec pretrain() {
        return core().pretrain();
    }

    default boolean pretrainDeclared() {
        return core().pretrainDeclared();
    }

    default boolean hasRbmLayers() {
        return core().hasRbmLayers();
    }

    default String sourceName() {
        return core().sourceName();
    }

    default String flatName() {
        return core().flatName();
    }

    default String modelClassName() {
        return flatName() + "Model";
    }

    default String trainerClassName() {
        return flatName() + "Trainer";
    }

    /** The last layer: the code of an autoencoder, the top layer of a Boltzmann machine. */
    default LayerSpec code() {
        return core().code();
    }
}
