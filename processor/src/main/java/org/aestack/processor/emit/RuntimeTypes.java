package org.aestack.processor.emit;

import com.palantir.javapoet.ClassName;

/**
 * The runtime and library types generated code refers to, named here once: the processor does not
 * link against the runtime, so these are names, not classes.
 */
final class RuntimeTypes {
    private RuntimeTypes() {}

    private static final String RUNTIME = "org.aestack.runtime";

    static final ClassName KERNEL_OPS = ClassName.get(RUNTIME + ".kernel", "KernelOps");
    static final ClassName KERNELS = ClassName.get(RUNTIME + ".kernel", "Kernels");
    static final ClassName RNG = ClassName.get(RUNTIME + ".kernel", "Rng");
    static final ClassName DATA_SET = ClassName.get(RUNTIME + ".data", "DataSet");
    static final ClassName DENSE_LAYER = ClassName.get(RUNTIME, "DenseLayer");
    static final ClassName CONV_LAYER = ClassName.get(RUNTIME, "ConvLayer");
    static final ClassName CONVOLUTION = ClassName.get(RUNTIME + ".engine", "Convolution");
    static final ClassName GEOMETRY = CONVOLUTION.nestedClass("Geometry");
    static final ClassName AUTOENCODER_MODEL = ClassName.get(RUNTIME, "AutoencoderModel");
    static final ClassName DENOISING_MODEL = ClassName.get(RUNTIME, "DenoisingModel");
    static final ClassName CLASSIFIER_MODEL = ClassName.get(RUNTIME, "ClassifierModel");
    static final ClassName TRAINING_CONFIG = ClassName.get(RUNTIME + ".train", "TrainingConfig");
    static final ClassName TRAINING_CONFIG_BUILDER = TRAINING_CONFIG.nestedClass("Builder");
    static final ClassName TRAINING_LISTENER = ClassName.get(RUNTIME + ".train", "TrainingListener");
    static final ClassName EPOCH_RECORD = ClassName.get(RUNTIME + ".train", "EpochRecord");
    static final ClassName TRAINING_DIVERGED = ClassName.get(RUNTIME + ".train", "TrainingDivergedException");
    static final ClassName TRAINER = ClassName.get(RUNTIME + ".train", "Trainer");
    static final ClassName TRAINER_BUILDER = ClassName.get(RUNTIME + ".train", "TrainerBuilder");
    static final ClassName AUTOENCODER_TRAINER = ClassName.get(RUNTIME + ".train", "AutoencoderTrainer");
    static final ClassName AUTOENCODER_TRAINER_BUILDER = ClassName.get(RUNTIME + ".train", "AutoencoderTrainerBuilder");
    static final ClassName PHASE = ClassName.get(RUNTIME + ".train", "Phase");
    static final ClassName PHASE_RUNNER = ClassName.get(RUNTIME + ".train", "PhaseRunner");
    static final ClassName TRAINER_OPTIONS = ClassName.get(RUNTIME + ".train", "TrainerOptions");
    static final ClassName CONTRASTIVE_DIVERGENCE = ClassName.get(RUNTIME + ".engine", "ContrastiveDivergence");
    static final ClassName DEEP_BOLTZMANN = ClassName.get(RUNTIME + ".engine", "DeepBoltzmann");
    static final ClassName DBM_CLASSIFIER = ClassName.get(RUNTIME + ".engine", "DbmClassifier");
    static final ClassName BIAS_MERGE = ClassName.get(RUNTIME + ".engine", "BiasMerge");
    static final ClassName BOLTZMANN_CONFIG = ClassName.get(RUNTIME + ".train", "BoltzmannConfig");
    static final ClassName SOFTMAX = ClassName.get(RUNTIME + ".engine", "Softmax");
    static final ClassName UNIT_TYPE = ClassName.get("org.aestack.dsl", "UnitType");

    static final ClassName MODEL_FILE = ClassName.get(RUNTIME + ".io", "ModelFile");
    static final ClassName CORRUPTION = ClassName.get(RUNTIME + ".data", "Corruption");
    static final ClassName PAIRS = ClassName.get(RUNTIME + ".data", "Pairs");
    static final ClassName DENOISING_CHAIN = ClassName.get(RUNTIME + ".engine", "DenoisingChain");
    static final ClassName NOISE = ClassName.get("org.aestack.dsl", "Noise");
    static final ClassName LAYER = ClassName.get("org.aestack.dsl", "Layer");
    static final ClassName ACTIVATION = ClassName.get("org.aestack.dsl", "Activation");
    static final ClassName OPTIMIZER = ClassName.get("org.aestack.dsl", "Optimizer");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    static final String PROCESSOR = "org.aestack.processor.AestackProcessor";
}
