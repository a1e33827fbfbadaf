package org.aestack.processor.emit;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;
import org.aestack.dsl.Noise;
import org.aestack.dsl.Optimizer;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.Specs;
import org.aestack.processor.model.Regularization;
import org.aestack.processor.model.TrainingSpec;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated trainer's analytic gradients against central finite differences of its own loss,
 * for every activation × loss × output combination, untied and tied, for fine-tuning and for each
 * layer's pretraining.
 */
class GradientCheckTest {
    private static final int INPUT = 7;
    private static final int ROWS = 5;
    private static final float EPS = 1e-3f;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (Activation hidden : Activation.values()) {
            for (boolean tied : new boolean[] {false, true}) {
                all.add(Arguments.of(hidden, Loss.CROSS_ENTROPY, Activation.SIGMOID, tied));
                for (Activation output : Activation.values()) {
                    all.add(Arguments.of(hidden, Loss.SQUARED_ERROR, output, tied));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} layers, {1}, {2} output, tied={3}")
    @MethodSource("combinations")
    void analyticGradientsMatchFiniteDifferences(Activation hidden, Loss loss, Activation output, boolean tied) {
        TrainingSpec training = new TrainingSpec(1, 8, Optimizer.SGD, 0.1, 0.9);
        List<LayerSpec> layers = List.of(
                Specs.layer("hidden", 0, INPUT, 6, hidden),
                Specs.layer("middle", 1, 6, 4, hidden),
                Specs.layer("code", 2, 4, 3, Activation.LINEAR));
        ModelSpec spec = Specs.model("gc", List.of("Tiny"), true, INPUT, loss, tied, output, layers,
                training, true, training);
        CompiledModel compiled = CompiledModel.compile(spec, "package gc;\n"
                + "import org.aestack.dsl.*;\n"
                + "public interface Tiny { Layer hidden(); Layer middle(); Layer code(); }\n");

        Object model = compiled.initialize(3);
        Object trainer = compiled.trainer(model);
        DataSet batch = batch(11);

        check("fine-tune", model, trainer, () -> fineTuneLoss(trainer, batch));
        for (int layer = 0; layer < layers.size(); layer++) {
            int l = layer;
            check("pretrain layer " + l, model, trainer, () -> pretrainLoss(trainer, l, batch));
        }
    }

    static Stream<Arguments> regularized() {
        Regularization.Sparsity l1 = new Regularization.Sparsity(0.3, 0);
        Regularization.Sparsity kl = new Regularization.Sparsity(0.5, 0.2);
        Regularization.Corruption masking = new Regularization.Corruption(Noise.MASKING, 0.3);
        Regularization.Corruption gaussian = new Regularization.Corruption(Noise.GAUSSIAN, 0.2);
        Regularization.Corruption saltAndPepper = new Regularization.Corruption(Noise.SALT_AND_PEPPER, 0.2);
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of("L1 sparsity", new Regularization(l1, null, 0, 0), Activation.TANH));
        all.add(Arguments.of("KL sparsity", new Regularization(kl, null, 0, 0), Activation.SIGMOID));
        all.add(Arguments.of("masking noise", new Regularization(null, masking, 0, 0), Activation.SIGMOID));
        all.add(Arguments.of("Gaussian noise", new Regularization(null, gaussian, 0, 0), Activation.RELU));
        all.add(Arguments.of("salt-and-pepper noise", new Regularization(null, saltAndPepper, 0, 0), Activation.TANH));
        for (Activation a : Activation.values()) {
            all.add(Arguments.of("contractive", new Regularization(null, null, 0.2, 0), a));
        }
        all.add(Arguments.of("dropout", new Regularization(null, null, 0, 0.3), Activation.SIGMOID));
        all.add(Arguments.of("dropout", new Regularization(null, null, 0, 0.5), Activation.RELU));
        all.add(Arguments.of("everything", new Regularization(kl, masking, 0.1, 0.2), Activation.SIGMOID));
        return all.stream();
    }

    /**
     * Each regularizer, alone and all together, on every layer in both phases, untied and tied.
     * Input noise is where the annotations can put it: on every layer's input in its pretraining,
     * and on the model input only in fine-tuning.
     */
    @ParameterizedTest(name = "{0} on {2} layers")
    @MethodSource("regularized")
    void regularizedGradientsMatchFiniteDifferences(String what, Regularization r, Activation activation) {
        for (boolean tied : new boolean[] {false, true}) {
            TrainingSpec training = new TrainingSpec(1, 8, Optimizer.SGD, 0.1, 0.9);
            Regularization noiseless = new Regularization(r.sparsity(), null, r.contractive(), r.dropout());
            List<LayerSpec> layers = List.of(
                    Specs.layer("hidden", 0, INPUT, 6, activation, r, r),
                    Specs.layer("code", 1, 6, 4, activation, r, noiseless));
            ModelSpec spec = Specs.model("gc", List.of("Reg"), true, INPUT, Loss.CROSS_ENTROPY, tied, Activation.SIGMOID,
                    layers, training, true, training);
            CompiledModel compiled = CompiledModel.compile(spec, "package gc;\n"
                    + "import org.aestack.dsl.*;\n"
                    + "public interface Reg { Layer hidden(); Layer code(); }\n");
            Object model = compiled.initialize(5);
            Object trainer = compiled.trainer(model);
            DataSet batch = batch(13);
            check(what + " fine-tune, tied=" + tied, model, trainer, () -> fineTuneLoss(trainer, batch));
            for (int layer = 0; layer < layers.size(); layer++) {
                int l = layer;
                check(what + " pretrain " + l + ", tied=" + tied, model, trainer, () -> pretrainLoss(trainer, l, batch));
            }
        }
    }

    /**
     * The {@code @Supervised} head's softmax cross-entropy, backpropagated through the head and every
     * encoder layer (and not the decoder), for each hidden activation, untied and tied.
     */
    @ParameterizedTest(name = "supervised head over {0} layers")
    @org.junit.jupiter.params.provider.EnumSource(Activation.class)
    void supervisedGradientsMatchFiniteDifferences(Activation activation) {
        for (boolean tied : new boolean[] {false, true}) {
            TrainingSpec training = new TrainingSpec(1, 8, Optimizer.SGD, 0.1, 0.9);
            List<LayerSpec> layers = List.of(
                    Specs.layer("hidden", 0, INPUT, 6, activation),
                    Specs.layer("code", 1, 6, 4, Activation.LINEAR));
            ModelSpec spec = Specs.model("gc", List.of("Sup"), true, INPUT, Loss.CROSS_ENTROPY, tied, Activation.SIGMOID,
                    layers, training, true, training, Specs.Kind.AUTOENCODER,
                    new org.aestack.processor.model.SupervisedSpec(3, training));
            CompiledModel compiled = CompiledModel.compile(spec, "package gc;\n"
                    + "import org.aestack.dsl.*;\n"
                    + "public interface Sup { Layer hidden(); Layer code(); }\n");
            Object model = compiled.initialize(7);
            Object trainer = compiled.trainer(model);
            DataSet unlabeled = batch(17);
            DataSet labeled = new DataSet(unlabeled.toArray(), ROWS, INPUT, new int[] {0, 2, 1, 2, 0}, 3);
            check("supervised, tied=" + tied, model, trainer, () -> (double) CompiledModel.call(trainer,
                    "computeSupervisedGradients", new Class<?>[] {DataSet.class}, labeled));
        }
    }

    private static double fineTuneLoss(Object trainer, DataSet batch) {
        return (double) CompiledModel.call(trainer, "computeGradients", new Class<?>[] {DataSet.class}, batch);
    }

    private static double pretrainLoss(Object trainer, int layer, DataSet batch) {
        return (double) CompiledModel.call(trainer, "computePretrainGradients",
                new Class<?>[] {int.class, DataSet.class}, layer, batch);
    }

    interface LossFunction {
        double evaluate();
    }

    static void check(String what, Object model, Object trainer, LossFunction loss) {
        check(what, model, trainer, loss, EPS);
    }

    /**
     * {@link #check} with step {@code eps}: larger for models whose loss sums many float terms, so
     * the difference quotient is not lost in the loss's rounding.
     */
    static void check(String what, Object model, Object trainer, LossFunction loss, float eps) {
        Map<String, float[]> parameters = CompiledModel.map(CompiledModel.call(model, "parameters", new Class<?>[0]));
        Map<String, float[]> gradients = CompiledModel.map(CompiledModel.call(trainer, "gradients", new Class<?>[0]));
        for (float[] g : gradients.values()) {
            java.util.Arrays.fill(g, Float.NaN);
        }
        loss.evaluate();
        Map<String, float[]> analytic = new java.util.LinkedHashMap<>();
        gradients.forEach((name, g) -> analytic.put(name, g.clone()));
        int checked = 0;
        int kinks = 0;
        for (Map.Entry<String, float[]> entry : parameters.entrySet()) {
            float[] p = entry.getValue();
            float[] g = analytic.get(entry.getKey());
            if (Float.isNaN(g[0])) {
                continue; // this loss does not involve the tensor (pretraining of another layer)
            }
            for (int i = 0; i < p.length; i++) {
                float saved = p[i];
                double center = loss.evaluate();
                p[i] = saved + eps;
                double plus = loss.evaluate();
                p[i] = saved - eps;
                double minus = loss.evaluate();
                p[i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double tolerance = 2e-3 + 2e-2 * Math.abs(numeric);
                double right = (plus - center) / eps;
                double left = (center - minus) / eps;
                // One-sided differences also part with the curvature, by eps times the second derivative: a
                // larger step widens the margin in proportion, which can only keep more comparisons.
                if (Math.abs(right - left) > 2 * tolerance * Math.max(1, eps / EPS)) {
                    kinks++; // a rectifier or |z| switched inside ±EPS: no derivative to compare with
                    continue;
                }
                assertWithMessage("%s: d loss / d %s[%s]", what, entry.getKey(), i)
                        .that((double) g[i]).isWithin(tolerance).of(numeric);
                checked++;
            }
        }
        assertWithMessage("%s: parameters checked", what).that(checked).isGreaterThan(0);
        assertWithMessage("%s: parameters skipped at a kink", what).that(kinks).isAtMost(checked / 20);
    }

    private static DataSet batch(long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[ROWS * INPUT];
        rng.fillUniform(x, x.length, 0.05f, 0.95f);
        return DataSet.of(x, ROWS, INPUT);
    }
}
