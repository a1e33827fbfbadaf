package org.aestack.processor.emit;

import java.util.ArrayList;
import java.util.List;
import org.aestack.dsl.Activation;
import org.aestack.processor.model.ConvAutoencoderSpec;
import org.aestack.processor.model.ConvSpec;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.Shape;

/**
 * The convolutions an autoencoder of convolutions runs, in order (the encoder's, then the
 * decoder's), each with every name the generated code gives it: its geometry constant, its
 * parameters' fields and tensor names, its model method, its trainer buffer and workspace. A
 * mirrored decoder's step is named after the encoder layer it reverses ({@code conv1DecoderWeight},
 * {@code decoder.2.weight}, {@code reconstructedConv1}); a declared decoder's after its own layer.
 */
final class ConvSteps {
    /**
     * One convolution.
     *
     * @param layer the layer it belongs to: an encoder layer, the encoder layer a mirrored decoder
     *     step reverses, or a declared decoder layer
     * @param decoder whether it is a decoder step
     * @param transposed whether it runs as a transposed convolution
     * @param geometry the model constant of its {@code Convolution.Geometry}
     * @param channels … {@code padding}: that geometry (for a transposed step, the shape of the
     *     convolution it transposes: its output is {@code channels × height × width})
     * @param inputs the constant of the values it reads per image
     * @param units the constant of the values it writes per image
     * @param stem the stem of its members: {@code conv1}, {@code conv1Decoder}, {@code up1}
     * @param weightTensor its weights' name in model files
     * @param output the trainer buffer it writes
     * @param activation its nonlinearity
     */
    record Step(LayerSpec layer, boolean decoder, boolean transposed, String geometry, int channels, int height, int width,
            int filters, int kernel, int stride, int padding, String inputs, String units, String stem, String weightTensor,
            String output, Activation activation) {
        String weight() {
            return stem + "Weight";
        }

        String bias() {
            return stem + "Bias";
        }

        String biasTensor() {
            return weightTensor.replace(".weight", ".bias");
        }

        /** The model method that runs it over a batch. */
        String forward() {
            return stem + "Forward";
        }

        /** The trainer's {@code Convolution} workspace for it. */
        String convolution() {
            return stem + "Convolution";
        }

        /** Its weights' shape, PyTorch's: {@code filters × channels × kernel × kernel} of its geometry. */
        List<String> weightDims() {
            return List.of(Integer.toString(filters), Integer.toString(channels), Integer.toString(kernel), Integer.toString(kernel));
        }

        /** One bias per output channel: the geometry's filters, or for a transposed step its channels. */
        int biases() {
            return transposed ? channels : filters;
        }

        /** PyTorch's fan-in for its initialization: the second weight dimension times the kernel's area. */
        int fanIn() {
            return channels * kernel * kernel;
        }

        /** {@code 3x3 kernel, stride 1, padding 1}. */
        String describe() {
            return kernel + "x" + kernel + " kernel, stride " + stride + ", padding " + padding;
        }
    }

    /** The trainer buffer of a paired model's last decoder step: the predicted target images. */
    static final String PREDICTION = "prediction";
    /** The constant of a paired model's target size, and of its channels. */
    static final String TARGET = "TARGET";
    static final String OUTPUT_CHANNELS = "OUTPUT_CHANNELS";

    private final ConvAutoencoderSpec spec;
    private final List<Step> encoder = new ArrayList<>();
    private final List<Step> decoder = new ArrayList<>();

    ConvSteps(ConvAutoencoderSpec spec) {
        this.spec = spec;
        Shape.Image in = spec.image();
        String inputs = Names.INPUT;
        for (LayerSpec layer : spec.layers()) {
            Shape.Image out = layer.image();
            ConvSpec c = layer.conv();
            encoder.add(new Step(layer, false, false, geometryConstant(layer), in.channels(), in.height(), in.width(),
                    out.channels(), c.kernel(), c.stride(), c.padding(), inputs, Names.constant(layer), layer.name(),
                    "encoder." + layer.index() + ".weight", Names.output(layer), layer.activation()));
            in = out;
            inputs = Names.constant(layer);
        }
        int last = spec.decoder().size() - 1;
        for (LayerSpec layer : spec.decoder()) {
            String tensor = "decoder." + layer.index() + ".weight";
            String output = layer.index() == last ? (spec.paired() ? PREDICTION : "reconstructedInput") : null;
            if (spec.mirrored()) {
                Step mirrored = encoder.get(spec.layers().size() - 1 - layer.index());
                decoder.add(new Step(mirrored.layer(), true, true, mirrored.geometry(), mirrored.channels(), mirrored.height(),
                        mirrored.width(), mirrored.filters(), mirrored.kernel(), mirrored.stride(), mirrored.padding(),
                        mirrored.units(), mirrored.inputs(), mirrored.stem() + "Decoder", tensor,
                        // what the encoder layer read: the input (the last step, named above) or the layer below
                        output != null ? output : "reconstructed" + Names.capitalize(encoder.get(mirrored.layer().index() - 1).stem()),
                        layer.activation()));
                continue;
            }
            Shape.Image from = spec.decoderInput(layer);
            Shape.Image out = layer.image();
            ConvSpec c = layer.conv();
            Shape.Image geometryInput = c.transposed() ? out : from;
            int filters = c.transposed() ? from.channels() : out.channels();
            decoder.add(new Step(layer, true, c.transposed(), geometryConstant(layer), geometryInput.channels(),
                    geometryInput.height(), geometryInput.width(), filters, c.kernel(), c.stride(), c.padding(),
                    layer.index() == 0 ? Names.constant(spec.code()) : Names.constant(spec.decoder().get(layer.index() - 1)),
                    Names.constant(layer), layer.name(), tensor, output != null ? output : Names.output(layer), layer.activation()));
        }
    }

    private static String geometryConstant(LayerSpec layer) {
        return Names.constant(layer) + "_GEOMETRY";
    }

    List<Step> encoder() {
        return List.copyOf(encoder);
    }

    List<Step> decoder() {
        return List.copyOf(decoder);
    }

    /** Every step, in the order a forward pass runs them. */
    List<Step> all() {
        List<Step> all = new ArrayList<>(encoder);
        all.addAll(decoder);
        return all;
    }

    /** The constant of what the decoder gives per image: {@code TARGET} for a paired model, else {@code INPUT}. */
    String outputSize() {
        return spec.paired() ? TARGET : Names.INPUT;
    }

    /** The mirrored decoder step of encoder layer {@code layer}. */
    Step mirror(LayerSpec layer) {
        return decoder.get(spec.layers().size() - 1 - layer.index());
    }

    /** What a step reads in the trainer: the input (or its corrupted copy), or the previous step's output. */
    String clean(Step step) {
        List<Step> all = all();
        int at = all.indexOf(step);
        return at == 0 ? "input" : all.get(at - 1).output();
    }
}
