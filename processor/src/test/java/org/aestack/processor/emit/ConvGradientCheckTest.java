package org.aestack.processor.emit;

import java.util.List;
import org.aestack.dsl.Activation;
import org.aestack.runtime.engine.Convolution;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Autoencoders of convolutions, compiled from their declarations by the processor as a user's build
 * does: the generated trainer's analytic gradients against central finite differences of its own
 * loss, for fine-tuning and each layer's pretraining. The shapes are odd on purpose (2 channels,
 * 7 × 6 pixels, strides 1 and 2, paddings 0 and 1), and both the direct and the im2col convolutions
 * run (up to 4 filters, and more).
 */
class ConvGradientCheckTest {
    private static final int ROWS = 3;
    /**
     * The step of the differences: the loss sums some 250 float terms, so a step of 1e-3 leaves the
     * difference quotient at the loss's rounding (multiples of 0.005 were seen); 1e-2 keeps it well
     * under the tolerance.
     */
    private static final float EPS = 1e-2f;

    @ParameterizedTest(name = "mirrored decoder, {0} layers")
    @EnumSource(value = Activation.class, names = {"SIGMOID", "TANH", "RELU"})
    void mirroredDecoder(Activation activation) {
        CompiledModel compiled = CompiledModel.process("gc.Mirrored", "package gc;\n"
                + "import org.aestack.dsl.*;\n"
                + "@Autoencoder(channels = 2, height = 7, width = 6)\n"
                + "@Pretrain(epochs = 1)\n"
                + "public interface Mirrored {\n"
                + "  @Conv(filters = 3, kernel = 3, stride = 2, padding = 1, activation = Activation." + activation + ") Layer edges();\n"
                + "  @Conv(filters = 5, kernel = 2, activation = Activation." + activation + ") Layer code();\n"
                + "}\n");
        checkExactly("mirrored " + activation, compiled, 2 * 7 * 6, false);
    }

    @Test
    void declaredDecoderWithSquaredErrorAndLinearOutput() {
        CompiledModel compiled = CompiledModel.process("gc.Declared", "package gc;\n"
                + "import org.aestack.dsl.*;\n"
                + "@Autoencoder(channels = 2, height = 8, width = 6, loss = Loss.SQUARED_ERROR, output = Activation.LINEAR)\n"
                + "public interface Declared {\n"
                + "  @Conv(filters = 6, kernel = 3, stride = 2, padding = 1, activation = Activation.TANH) Layer code();\n"
                + "  @ConvTranspose(filters = 3, kernel = 4, stride = 2, padding = 1) Layer up();\n"
                + "  @Conv(filters = 2, kernel = 3, padding = 1) Layer pixels();\n"
                + "}\n");
        checkExactly("declared", compiled, 2 * 8 * 6, true);
    }

    /**
     * A model trained on pairs (@Autoencoder(outputChannels)): 2 channels in, 3 out, its loss the
     * squared error of the prediction against the target half of each row.
     */
    @Test
    void pairedModel() {
        CompiledModel compiled = CompiledModel.process("gc.Paired", "package gc;\n"
                + "import org.aestack.dsl.*;\n"
                + "@Autoencoder(channels = 2, height = 8, width = 6, outputChannels = 3, loss = Loss.SQUARED_ERROR)\n"
                + "public interface Paired {\n"
                + "  @Conv(filters = 6, kernel = 3, stride = 2, padding = 1, activation = Activation.TANH) Layer code();\n"
                + "  @ConvTranspose(filters = 4, kernel = 4, stride = 2, padding = 1, activation = Activation.TANH) Layer up();\n"
                + "  @Conv(filters = 3, kernel = 3, padding = 1) Layer color();\n"
                + "}\n");
        Object model = compiled.initialize(3);
        Object trainer = compiled.trainer(model);
        int input = 2 * 8 * 6;
        int target = 3 * 8 * 6;
        DataSet pairs = batch(13, input + target);
        DataSet inputs = org.aestack.runtime.data.Pairs.inputs(pairs, input);
        float[] targets = org.aestack.runtime.data.Pairs.targets(pairs, input).toArray();
        GradientCheckTest.check("paired fine-tune", model, trainer, () -> {
            double loss = (double) CompiledModel.call(trainer, "computeGradients", new Class<?>[] {DataSet.class}, pairs);
            float[] y = ((DataSet) CompiledModel.call(model, "reconstruct", new Class<?>[] {DataSet.class}, inputs)).toArray();
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                sum += (y[i] - targets[i]) * (double) (y[i] - targets[i]);
            }
            // the trainer's loss is the same function, rounded in float
            org.junit.jupiter.api.Assertions.assertEquals(sum / ROWS, loss, 1e-3 * Math.abs(loss));
            return sum / ROWS;
        });
        double perPair = (double) CompiledModel.call(model, "reconstructionError", new Class<?>[] {DataSet.class}, pairs);
        org.junit.jupiter.api.Assertions.assertEquals(
                (double) CompiledModel.call(trainer, "computeGradients", new Class<?>[] {DataSet.class}, pairs), perPair,
                1e-4 * perPair);
    }

    @Test
    void regularizedEncoder() {
        CompiledModel compiled = CompiledModel.process("gc.Regularized", "package gc;\n"
                + "import org.aestack.dsl.*;\n"
                + "@Autoencoder(channels = 2, height = 7, width = 6)\n"
                + "@Denoising(p = 0.3)\n"
                + "@Pretrain(epochs = 1)\n"
                + "public interface Regularized {\n"
                + "  @Conv(filters = 6, kernel = 3, padding = 1, activation = Activation.SIGMOID)\n"
                + "  @Dropout(p = 0.3) @Denoising(p = 0.2, noise = Noise.GAUSSIAN) Layer features();\n"
                + "  @Conv(filters = 4, kernel = 3, stride = 2, activation = Activation.SIGMOID) @Sparse(lambda = 0.3) Layer code();\n"
                + "}\n");
        checkAll("regularized", compiled, 2 * 7 * 6, 2, EPS);
    }

    /**
     * For models without noise: the trainer's gradients against differences of the loss recomputed
     * in double precision from the model's reconstructions (so the default small step works, and
     * rectifiers rarely switch inside it), for fine-tuning and, unless the decoder is declared, each
     * layer's pretraining at the usual step on the trainer's own loss.
     */
    private static void checkExactly(String what, CompiledModel compiled, int input, boolean declared) {
        Object model = compiled.initialize(3);
        Object trainer = compiled.trainer(model);
        DataSet batch = batch(11, input);
        boolean squared = declared;
        GradientCheckTest.check(what + " fine-tune", model, trainer, () -> {
            CompiledModel.call(trainer, "computeGradients", new Class<?>[] {DataSet.class}, batch);
            return loss(model, batch, squared);
        });
        for (int layer = 0; !declared && layer < LAYERS.size(); layer++) {
            int l = layer;
            GradientCheckTest.check(what + " pretrain " + l, model, trainer, () -> {
                CompiledModel.call(trainer, "computePretrainGradients", new Class<?>[] {int.class, DataSet.class}, l, batch);
                return pretrainLoss(model, batch, l);
            });
        }
    }

    /** The mirrored models' encoder layers, whose package-private forward methods the pretraining loss runs. */
    private static final List<String> LAYERS = List.of("edges", "code");

    /**
     * The pretraining loss of layer {@code layer} of a mirrored model, in double precision: the layers
     * below and it forward, its mirror back, cross-entropy against the model input for the first
     * layer, else squared error against the layer's input (its input is a rectifier's or tanh's, or
     * cross-entropy when a sigmoid's).
     */
    private static double pretrainLoss(Object model, DataSet batch, int layer) {
        try {
            Class<?> type = model.getClass();
            float[] in = batch.toArray();
            float[] target = in;
            Class<?> convolution = Convolution.class;
            for (int l = 0; l <= layer; l++) {
                Object geometry = type.getField(LAYERS.get(l).toUpperCase(java.util.Locale.ROOT) + "_GEOMETRY").get(null);
                float[] out = new float[batch.rows() * ((Convolution.Geometry) geometry).outputSize()];
                java.lang.reflect.Method forward = type.getDeclaredMethod(LAYERS.get(l) + "Forward", convolution, float[].class,
                        int.class, float[].class);
                forward.setAccessible(true);
                forward.invoke(model, new Convolution((Convolution.Geometry) geometry, batch.rows()), in, batch.rows(), out);
                target = in;
                in = out;
            }
            Convolution.Geometry geometry = (Convolution.Geometry) type.getField(
                    LAYERS.get(layer).toUpperCase(java.util.Locale.ROOT) + "_GEOMETRY").get(null);
            float[] back = new float[target.length];
            java.lang.reflect.Method mirror = type.getDeclaredMethod(LAYERS.get(layer) + "DecoderForward", convolution,
                    float[].class, int.class, float[].class);
            mirror.setAccessible(true);
            mirror.invoke(model, new Convolution(geometry, batch.rows()), in, batch.rows(), back);
            Object below = layer == 0 ? null : CompiledModel.call(model, LAYERS.get(layer - 1), new Class<?>[0]);
            boolean crossEntropy = layer == 0 || ((org.aestack.dsl.Layer) below).activation() == Activation.SIGMOID;
            double sum = 0;
            for (int i = 0; i < back.length; i++) {
                double p = back[i];
                sum += crossEntropy ? -(target[i] * Math.log(p) + (1 - target[i]) * Math.log(1 - p))
                        : (p - target[i]) * (p - target[i]);
            }
            return sum / batch.rows();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The mean loss per image of the model's reconstructions of {@code batch}, summed in double precision. */
    private static double loss(Object model, DataSet batch, boolean squared) {
        DataSet y = (DataSet) CompiledModel.call(model, "reconstruct", new Class<?>[] {DataSet.class}, batch);
        float[] out = y.toArray();
        float[] x = batch.toArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double p = out[i];
            sum += squared ? (p - x[i]) * (p - x[i]) : -(x[i] * Math.log(p) + (1 - x[i]) * Math.log(1 - p));
        }
        return sum / batch.rows();
    }

    private static void checkAll(String what, CompiledModel compiled, int input, int pretrainedLayers, float eps) {
        Object model = compiled.initialize(3);
        Object trainer = compiled.trainer(model);
        DataSet batch = batch(11, input);
        GradientCheckTest.check(what + " fine-tune", model, trainer,
                () -> (double) CompiledModel.call(trainer, "computeGradients", new Class<?>[] {DataSet.class}, batch), eps);
        for (int layer = 0; layer < pretrainedLayers; layer++) {
            int l = layer;
            GradientCheckTest.check(what + " pretrain " + l, model, trainer, () -> (double) CompiledModel.call(trainer,
                    "computePretrainGradients", new Class<?>[] {int.class, DataSet.class}, l, batch), eps);
        }
    }

    private static DataSet batch(long seed, int input) {
        Rng rng = new Rng(seed);
        float[] x = new float[ROWS * input];
        rng.fillUniform(x, x.length, 0.05f, 0.95f);
        return DataSet.of(x, ROWS, input);
    }
}
