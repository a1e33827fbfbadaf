package org.aestack.processor.model;

import java.util.List;
import java.util.Objects;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;

/**
 * An {@code @Autoencoder} over images whose layers are convolutions: the encoder is the core's
 * chain of {@code @Conv} layers, and the decoder either mirrors it (each encoder layer's transposed
 * convolution, back to exactly the shape it read, in reverse order) or is declared (the
 * {@code @ConvTranspose} layer that starts it and the layers after it).
 *
 * @param loss the reconstruction loss
 * @param output the activation of the reconstruction: the decoder's last layer
 * @param fineTune the fine-tuning settings (annotation values or defaults)
 * @param decoder the decoder layers in the order they run, each reading the one before (the first
 *     reads the code), the last giving the input's shape with activation {@code output}; when
 *     {@code mirrored}, decoder layer {@code j} carries the name of the encoder layer it mirrors
 * @param mirrored whether the decoder mirrors the encoder rather than being declared
 * @param target what the decoder gives: the input's shape for an autoencoder, another image (of
 *     {@code @Autoencoder(outputChannels)}) for a model trained on pairs of input and target images
 */
public record ConvAutoencoderSpec(ModelCore core, Loss loss, Activation output, TrainingSpec fineTune,
        List<LayerSpec> decoder, boolean mirrored, Shape.Image target) implements ModelSpec {
    public ConvAutoencoderSpec {
        Objects.requireNonNull(core, "core");
        decoder = List.copyOf(decoder);
        if (!core.isChain() || !(core.input() instanceof Shape.Image)) {
            throw new IllegalArgumentException("a convolutional autoencoder is a chain over an image input");
        }
        if (core.layers().stream().anyMatch(l -> l.conv() == null || l.conv().transposed())) {
            throw new IllegalArgumentException("a convolutional autoencoder's encoder layers are convolutions");
        }
        Objects.requireNonNull(target, "target");
        if (decoder.isEmpty() || !decoder.get(decoder.size() - 1).shape().equals(target)) {
            throw new IllegalArgumentException("the decoder must end at the target's shape " + target.canonical());
        }
        if (mirrored && !target.equals(core.input())) {
            throw new IllegalArgumentException("a mirrored decoder reconstructs the input");
        }
        if (mirrored && decoder.size() != core.layers().size()) {
            throw new IllegalArgumentException("a mirrored decoder has one layer per encoder layer");
        }
    }

    @Override
    public String kindName() {
        return "conv_autoencoder";
    }

    @Override
    public <R> R accept(Kinds<R> kinds) {
        return kinds.convAutoencoder(this);
    }

    @Override
    public List<LayerSpec> declaredLayers() {
        if (mirrored) {
            return layers();
        }
        List<LayerSpec> all = new java.util.ArrayList<>(layers());
        all.addAll(decoder);
        return List.copyOf(all);
    }

    /** Whether the model predicts a target image other than its input, and so trains on pairs. */
    public boolean paired() {
        return !target.equals(core.input());
    }

    /** The input image. */
    public Shape.Image image() {
        return (Shape.Image) core.input();
    }

    /** The shape a decoder layer reads: the code's for the first, else the previous decoder layer's. */
    public Shape.Image decoderInput(LayerSpec layer) {
        return layer.index() == 0 ? code().image() : decoder.get(layer.index() - 1).image();
    }

    /** The encoder layer a mirrored decoder layer reverses. */
    public LayerSpec mirrorOf(LayerSpec decoderLayer) {
        if (!mirrored) {
            throw new IllegalStateException("the decoder is declared, not mirrored");
        }
        return core.layers().get(core.layers().size() - 1 - decoderLayer.index());
    }
}
