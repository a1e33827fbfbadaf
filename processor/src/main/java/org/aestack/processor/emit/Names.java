package org.aestack.processor.emit;

import java.util.List;
import java.util.Locale;
import org.aestack.dsl.Activation;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;

/**
 * The naming scheme of generated code, in one place: constants for shapes, fields for parameters
 * and buffers, tensor names for model files. Layer {@code l} of {@code n} has an encoder
 * ({@code inputs → units}) and a decoder ({@code units → inputs}) that reconstructs the layer's
 * input; the decoders run from the code layer's down to the first layer's, whose output is the
 * reconstruction of the model input.
 */
final class Names {
    static final String INPUT = "INPUT";
    /** The classifier head of {@code @Supervised}: its class count constant, fields and tensor names. */
    static final String CLASSES = "CLASSES";
    static final String HEAD_WEIGHT = "headWeight";
    static final String HEAD_BIAS = "headBias";
    static final String HEAD_WEIGHT_TENSOR = "head.weight";
    static final String HEAD_BIAS_TENSOR = "head.bias";
    /** A supervised DBM's classifier: the trainer's engine, the model's U. */
    static final String CLASSIFIER = "classifier";
    static final String CLASSIFIER_U = "classifierU";

    private final ModelSpec spec;

    Names(ModelSpec spec) {
        this.spec = spec;
    }

    List<LayerSpec> layers() {
        return spec.layers();
    }

    LayerSpec layer(int l) {
        return spec.layers().get(l);
    }

    int last() {
        return spec.layers().size() - 1;
    }

    /** The constant holding a layer's units: {@code hidden1} → {@code HIDDEN1}, {@code codeLayer} → {@code CODE_LAYER}. */
    static String constant(LayerSpec layer) {
        return layer.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /**
     * The constant holding a layer's inputs: the units of the layer it reads, {@code INPUT}, or a
     * modality's {@code IMAGE_INPUT} for the first layer of a multimodal machine's pathway.
     */
    String inputsConstant(LayerSpec layer) {
        String from = layer.input();
        if (spec.core().sources().containsKey(from)) {
            return modalityInput(from);
        }
        LayerSpec below = spec.core().below(layer);
        return below == null ? INPUT : constant(below);
    }

    /** The constant holding a modality's visible units: {@code image} → {@code IMAGE_INPUT}. */
    static String modalityInput(String modality) {
        return modalityConstant(modality) + "_INPUT";
    }

    /** The constant holding the document length of a modality of word counts: {@code text} → {@code TEXT_LENGTH}. */
    static String modalityLength(String modality) {
        return modalityConstant(modality) + "_LENGTH";
    }

    /** The constant holding a modality's index among the modalities: {@code image} → {@code IMAGE}. */
    static String modalityConstant(String modality) {
        return modality.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    static String weight(LayerSpec layer) {
        return layer.name() + "Weight";
    }

    static String bias(LayerSpec layer) {
        return layer.name() + "Bias";
    }

    static String decoderWeight(LayerSpec layer) {
        return layer.name() + "DecoderWeight";
    }

    static String decoderBias(LayerSpec layer) {
        return layer.name() + "DecoderBias";
    }

    /** A supervised DBM's classifier weights into a layer, started from the DBM's. */
    static String classifierWeight(LayerSpec layer) {
        return "classifier" + capitalize(layer.name()) + "Weight";
    }

    static String classifierBias(LayerSpec layer) {
        return "classifier" + capitalize(layer.name()) + "Bias";
    }

    /** The package-private model method that runs a layer's encoder over a batch. */
    static String forward(LayerSpec layer) {
        return layer.name() + "Forward";
    }

    /** The package-private model method that runs a layer's decoder over a batch. */
    static String decoderForward(LayerSpec layer) {
        return layer.name() + "DecoderForward";
    }

    /** The trainer buffer holding a layer's encoder outputs. */
    static String output(LayerSpec layer) {
        return layer.name() + "Output";
    }

    /** The trainer buffer holding a layer's outputs after dropout. */
    static String dropped(LayerSpec layer) {
        return layer.name() + "Dropped";
    }

    /** The trainer buffer holding a layer's dropout mask: 0 or 1/(1 − p) per output. */
    static String mask(LayerSpec layer) {
        return layer.name() + "Mask";
    }

    /** The trainer buffer holding a layer's corrupted input. */
    static String corrupted(LayerSpec layer) {
        return layer.name() + "CorruptedInput";
    }

    /** Per-unit scratch for a layer's penalties: batch means, Jacobian row norms. */
    static String penaltyScratch(LayerSpec layer) {
        return layer.name() + "PenaltyScratch";
    }

    /** The buffer a layer's decoder writes: the reconstruction of that layer's input. */
    String reconstruction(LayerSpec layer) {
        LayerSpec below = spec.core().below(layer);
        return below == null ? "reconstructedInput" : "reconstructed" + capitalize(below.name());
    }

    /** The tensor name in model files, PyTorch style: {@code encoder.0.weight}, {@code decoder.3.bias}. */
    String tensor(LayerSpec layer, boolean decoder, boolean weight) {
        int position = decoder ? last() - layer.index() : layer.index();
        return (decoder ? "decoder." : "encoder.") + position + (weight ? ".weight" : ".bias");
    }

    /** The activation of a layer's decoder: that of the layer it reads, or {@code output} for the model input. */
    Activation decoderActivation(LayerSpec layer, Activation output) {
        LayerSpec below = spec.core().below(layer);
        return below == null ? output : below.activation();
    }

    /** The kernel that adds the bias and applies {@code activation} in one pass. */
    static String withBias(Activation activation) {
        switch (activation) {
            case SIGMOID: return "sigmoidWithBias";
            case TANH: return "tanhWithBias";
            case RELU: return "reluWithBias";
            case LINEAR: return "addBias";
            default: throw new AssertionError(activation);
        }
    }

    /** The kernel that multiplies a gradient by the activation's derivative; none for linear. */
    static String backward(Activation activation) {
        switch (activation) {
            case SIGMOID: return "sigmoidBackward";
            case TANH: return "tanhBackward";
            case RELU: return "reluBackward";
            case LINEAR: return null;
            default: throw new AssertionError(activation);
        }
    }

    /** The trainer's contrastive divergence for a layer pretrained as an RBM, its buffers and chains with it. */
    static String rbm(LayerSpec layer) {
        return layer.name() + "Rbm";
    }

    static String grad(String buffer) {
        return buffer + "Grad";
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
