package org.aestack.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.aestack.dsl.Activation;
import org.aestack.processor.model.ConvSpec;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelCore;
import org.aestack.processor.model.Shape;

/**
 * The rules of an autoencoder of convolutions, for {@link Validator}: the input image, each
 * layer's settings and the shapes they compute, the declared or mirrored decoder, and what such
 * a model does not take. Each shape error shows the shapes computed up to it.
 */
final class ConvValidator {
    /** The encoder's layers (regularization not yet resolved), the decoder's, and the image the decoder gives. */
    record Layers(List<LayerSpec> encoder, List<LayerSpec> decoder, boolean mirrored, Shape.Image target) {}

    private final Reporter reporter;

    ConvValidator(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Whether any layer of the declaration is a convolution or a transposed one. */
    static boolean hasConvolutions(Declaration d) {
        return d.layers().stream().anyMatch(Declaration.LayerMethod::convolutional);
    }

    /**
     * The input image {@code @Autoencoder(channels, height, width)} declares, or null when it
     * declares none (all three 0) or a wrong one, which is reported, as is an {@code input} that
     * disagrees with it.
     */
    Shape.Image image(Declaration d) {
        Mirror kind = d.kind();
        if (!declaresImage(d)) {
            return null;
        }
        int channels = kind.intValue("channels");
        int height = kind.intValue("height");
        int width = kind.intValue("width");
        TypeElement type = d.type();
        if (channels <= 0 || height <= 0 || width <= 0) {
            String at = channels <= 0 ? "channels" : height <= 0 ? "height" : "width";
            reporter.error(Message.IMAGE_SHAPE, type, kind.annotation(), kind.source(at), channels, height, width);
            return null;
        }
        int outputChannels = kind.intValue("outputChannels");
        if (outputChannels < 0) {
            reporter.error(Message.OUTPUT_CHANNELS, type, kind.annotation(), kind.source("outputChannels"), outputChannels,
                    "is negative", "give the channels of the predicted image, or 0 (the default) to reconstruct the input");
            return null;
        }
        Shape.Image image = new Shape.Image(channels, height, width);
        int input = kind.intValue("input");
        if (input != 0 && input != image.size()) {
            reporter.error(Message.IMAGE_INPUT, type, kind.annotation(), kind.source("input"), input, channels, height,
                    width, image.size());
        }
        return image;
    }

    /**
     * The encoder and decoder of a declaration with convolutions over {@code image} (null when
     * missing or wrong: then only the layers' own settings are checked), or null when anything is
     * wrong.
     */
    Layers layers(Declaration d, Shape.Image image, Activation output) {
        List<Declaration.LayerMethod> methods = d.layers();
        boolean ok = true;
        if (image == null && !declaresImage(d)) {
            Declaration.LayerMethod first = methods.stream().filter(Declaration.LayerMethod::convolutional).findFirst().orElseThrow();
            reporter.error(Message.CONV_NEEDS_IMAGE, first.method(), first.annotation().annotation(), first.name() + "()");
        }
        int decoderStart = methods.size();
        Map<String, String> constants = new HashMap<>();
        for (int i = 0; i < methods.size(); i++) {
            Declaration.LayerMethod m = methods.get(i);
            ExecutableElement method = m.method();
            if (m.encoder() != null || m.rbm() != null) {
                reporter.error(Message.CONV_MIXED, method, m.annotation().annotation(), m.name() + "()");
                ok = false;
                continue;
            }
            ok &= Validator.checkLayerMethod(reporter, method, m.name(), constants);
            ok &= checkSettings(m);
            if (m.convTranspose() != null && decoderStart == methods.size()) {
                decoderStart = i;
                if (i == 0) {
                    reporter.error(Message.CONV_NO_ENCODER, method, m.convTranspose().annotation(), m.name() + "()");
                    ok = false;
                }
            }
        }
        for (int i = decoderStart; i < methods.size(); i++) {
            for (Mirror r : methods.get(i).regularizers().values()) {
                reporter.error(Message.CONV_UNSUPPORTED, methods.get(i).method(), r.annotation(),
                        "@" + r.simpleName() + " on decoder layer " + methods.get(i).name() + "()",
                        "regularize the encoder's layers, or the model input with @Denoising on the type");
                ok = false;
            }
        }
        for (int i = 0; i < decoderStart; i++) {
            Mirror contractive = methods.get(i).regularizers().get("Contractive");
            if (contractive != null) {
                reporter.error(Message.CONV_UNSUPPORTED, methods.get(i).method(), contractive.annotation(), "@Contractive",
                        "the contractive penalty is for dense layers; use @Denoising, @Sparse or @Dropout");
                ok = false;
            }
        }
        if (!ok || image == null) {
            return null;
        }
        StringBuilder trace = new StringBuilder("input ").append(text(image));
        List<LayerSpec> encoder = new ArrayList<>();
        Shape.Image in = image;
        String below = ModelCore.INPUT;
        for (int i = 0; i < decoderStart; i++) {
            Declaration.LayerMethod m = methods.get(i);
            LayerSpec layer = layer(m, i, below, in, trace, m.conv().enumValue("activation", Activation.class));
            if (layer == null) {
                return null;
            }
            encoder.add(layer);
            in = layer.image();
            below = layer.name();
        }
        List<LayerSpec> decoder = new ArrayList<>();
        if (decoderStart == methods.size()) {
            // The mirror: each encoder layer's transposed convolution, back to exactly the shape it read.
            for (int j = 0; j < encoder.size(); j++) {
                LayerSpec mirrored = encoder.get(encoder.size() - 1 - j);
                Shape.Image shape = j == encoder.size() - 1 ? image : encoder.get(encoder.size() - 2 - j).image();
                Activation activation = j == encoder.size() - 1 ? output : encoder.get(encoder.size() - 2 - j).activation();
                ConvSpec c = mirrored.conv();
                decoder.add(LayerSpec.conv(mirrored.name(), j, j == 0 ? below : decoder.get(j - 1).name(), shape, activation,
                        new ConvSpec(c.kernel(), c.stride(), c.padding(), true)));
            }
            if (outputChannels(d) != 0) {
                Mirror kind = d.kind();
                reporter.error(Message.OUTPUT_CHANNELS, d.type(), kind.annotation(), kind.source("outputChannels"),
                        outputChannels(d), "needs a declared decoder: a mirrored one gives back the input's "
                                + image.channels() + " channel(s)",
                        "declare the decoder (its first @ConvTranspose layer starts it), or leave outputChannels out");
                return null;
            }
            return new Layers(encoder, decoder, true, image);
        }
        for (int i = decoderStart; i < methods.size(); i++) {
            Declaration.LayerMethod m = methods.get(i);
            Mirror a = m.annotation();
            boolean last = i == methods.size() - 1;
            Activation declared = a.enumValue("activation", Activation.class);
            if (last && a.source("activation") != null && declared != output) {
                reporter.error(Message.DECODER_ACTIVATION, m.method(), a.annotation(), a.source("activation"), m.name() + "()",
                        output, declared, declared);
                return null;
            }
            LayerSpec layer = layer(m, i - decoderStart, below, in, trace, last ? output : declared);
            if (layer == null) {
                return null;
            }
            decoder.add(layer);
            in = layer.image();
            below = layer.name();
        }
        Shape.Image target = outputChannels(d) == 0 ? image : new Shape.Image(outputChannels(d), image.height(), image.width());
        if (!in.equals(target)) {
            Declaration.LayerMethod m = methods.get(methods.size() - 1);
            String wanted = target == image ? "the input's " + text(image)
                    : "the " + text(target) + " target of outputChannels = " + target.channels();
            reporter.error(Message.DECODER_SHAPE, m.method(), m.annotation().annotation(), text(in), wanted, trace,
                    text(target));
            return null;
        }
        return new Layers(encoder, decoder, false, target);
    }

    /** A layer over {@code in}, its output appended to {@code trace}; null (reported) when no pixel is left. */
    private LayerSpec layer(Declaration.LayerMethod m, int index, String below, Shape.Image in, StringBuilder trace,
            Activation activation) {
        Mirror a = m.annotation();
        ConvSpec conv = new ConvSpec(a.intValue("kernel"), a.intValue("stride"), a.intValue("padding"), m.convTranspose() != null);
        Shape.Image out = conv.output(in, a.intValue("filters"));
        if (out == null) {
            trace.append(" -> ").append(m.name()).append(" nothing (").append(describe(conv, in)).append(')');
            reporter.error(Message.CONV_NO_PIXELS, m.method(), a.annotation(), m.name() + "()", trace);
            return null;
        }
        trace.append(" -> ").append(m.name()).append(' ').append(text(out));
        return LayerSpec.conv(m.name(), index, below, out, activation, conv);
    }

    private static String describe(ConvSpec c, Shape.Image in) {
        return (c.transposed() ? "transposed " : "") + c.kernel() + "x" + c.kernel() + " kernel, stride " + c.stride()
                + ", padding " + c.padding() + " on " + in.height() + "x" + in.width();
    }

    /** Whether {@code @Autoencoder} gives any of the image's channels, height and width (a wrong one included). */
    private static boolean declaresImage(Declaration d) {
        Mirror kind = d.kind();
        return kind.intValue("channels") != 0 || kind.intValue("height") != 0 || kind.intValue("width") != 0;
    }

    private static int outputChannels(Declaration d) {
        return d.kind().intValue("outputChannels");
    }

    /** Filters, kernel and stride positive, padding at least 0. */
    private boolean checkSettings(Declaration.LayerMethod m) {
        Mirror a = m.annotation();
        boolean ok = true;
        for (String setting : List.of("filters", "kernel", "stride", "padding")) {
            int value = a.intValue(setting);
            boolean padding = setting.equals("padding");
            if (padding ? value < 0 : value < 1) {
                reporter.error(Message.CONV_SETTING, m.method(), a.annotation(), a.source(setting), m.name() + "()", setting,
                        padding ? "at least 0" : "positive", value);
                ok = false;
            }
        }
        return ok;
    }

    /** {@code 32x28x28}. */
    static String text(Shape.Image image) {
        return image.channels() + "x" + image.height() + "x" + image.width();
    }
}
