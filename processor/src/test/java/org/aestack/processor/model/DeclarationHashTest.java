package org.aestack.processor.model;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aestack.processor.AestackProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;
import org.aestack.dsl.Noise;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.UnitType;
import org.junit.jupiter.api.Test;

/**
 * The stable declaration hash covers what gives the tensors their meaning and nothing that only
 * says how to train them. The first version's hash is reproduced bit for bit: {@code GoldenSourcesTest}
 * holds it to the values that version wrote for each kind, and the fixtures' files load by it.
 */
class DeclarationHashTest {
    private static final TrainingSpec PRETRAIN = new TrainingSpec(3, 100, Optimizer.SGD, 0.1, 0.9);
    private static final TrainingSpec FINE_TUNE = new TrainingSpec(5, 64, Optimizer.ADAM, 0.001, 0.9);

    private static ModelSpec model(UnaryOperator<List<LayerSpec>> layers, Loss loss, boolean tied, TrainingSpec fineTune,
            SupervisedSpec head) {
        List<LayerSpec> base = List.of(
                Specs.layer("hidden", 0, 784, 64, Activation.SIGMOID),
                Specs.layer("code", 1, 64, 8, Activation.LINEAR));
        return Specs.model("org.example", List.of("Ae"), true, 784, loss, tied, Activation.SIGMOID,
                layers.apply(new ArrayList<>(base)), PRETRAIN, true, fineTune, Specs.Kind.AUTOENCODER, head);
    }

    private static ModelSpec plain() {
        return model(l -> l, Loss.CROSS_ENTROPY, false, FINE_TUNE, null);
    }

    @Test
    void trainingSettingsAndRegularizersLeaveTheHashAsItIs() {
        String hash = DeclarationHash.of(plain());
        assertThat(DeclarationHash.of(model(l -> l, Loss.CROSS_ENTROPY, false,
                new TrainingSpec(6, 32, Optimizer.MOMENTUM, 0.01, 0.5, 1e-4, 0.1), null))).isEqualTo(hash);
        Regularization noisy = new Regularization(new Regularization.Sparsity(1e-3, 0),
                new Regularization.Corruption(Noise.MASKING, 0.3), 0, 0.2);
        assertThat(DeclarationHash.of(model(l -> {
            l.set(0, Specs.layer("hidden", 0, 784, 64, Activation.SIGMOID, noisy, noisy));
            return l;
        }, Loss.CROSS_ENTROPY, false, FINE_TUNE, null))).isEqualTo(hash);
        // the first version's hash changed with every setting
        assertThat(DeclarationHash.legacy(model(l -> l, Loss.CROSS_ENTROPY, false,
                new TrainingSpec(6, 64, Optimizer.ADAM, 0.001, 0.9), null))).isNotEqualTo(DeclarationHash.legacy(plain()));
    }

    @Test
    void whatGivesTheTensorsTheirMeaningChangesIt() {
        String hash = DeclarationHash.of(plain());
        List<ModelSpec> others = List.of(
                model(l -> l, Loss.SQUARED_ERROR, false, FINE_TUNE, null),
                model(l -> l, Loss.CROSS_ENTROPY, true, FINE_TUNE, null),
                model(l -> l, Loss.CROSS_ENTROPY, false, FINE_TUNE, new SupervisedSpec(10, FINE_TUNE)),
                model(l -> l, Loss.CROSS_ENTROPY, false, FINE_TUNE, new SupervisedSpec(9, FINE_TUNE)),
                model(l -> replace(l, 0, Specs.layer("hidden", 0, 784, 64, Activation.TANH)), Loss.CROSS_ENTROPY, false, FINE_TUNE, null),
                model(l -> replace(l, 1, Specs.layer("code", 1, 64, 9, Activation.LINEAR)), Loss.CROSS_ENTROPY, false, FINE_TUNE, null),
                model(l -> replace(l, 1, Specs.layer("latent", 1, 64, 8, Activation.LINEAR)), Loss.CROSS_ENTROPY, false, FINE_TUNE, null),
                model(l -> replace(l, 1, Specs.layer("code", 1, 64, 8, Activation.LINEAR, Regularization.NONE, Regularization.NONE,
                        new RbmSpec(UnitType.BERNOULLI, UnitType.GAUSSIAN, 1, false, 0, 0))), Loss.CROSS_ENTROPY, false, FINE_TUNE, null));
        List<String> hashes = new ArrayList<>(List.of(hash));
        for (ModelSpec other : others) {
            String h = DeclarationHash.of(other);
            assertThat(hashes).doesNotContain(h);
            hashes.add(h);
        }
        // an RBM layer's CD settings are how it trains, not what it is
        assertThat(DeclarationHash.of(model(l -> replace(l, 1, Specs.layer("code", 1, 64, 8, Activation.LINEAR,
                Regularization.NONE, Regularization.NONE, new RbmSpec(UnitType.BERNOULLI, UnitType.GAUSSIAN, 5, true, 20, 0.01))),
                Loss.CROSS_ENTROPY, false, FINE_TUNE, null))).isEqualTo(hashes.get(hashes.size() - 1));
    }

    @Test
    void theCanonicalFormReadsAsTheDeclaration() {
        assertThat(DeclarationHash.canonical(plain())).isEqualTo("""
                aestack declaration 2
                kind autoencoder
                input input 784
                layer hidden <- input dense 64 SIGMOID
                layer code <- hidden dense 8 LINEAR
                decoder untied SIGMOID loss CROSS_ENTROPY
                """);
    }

    private static List<LayerSpec> replace(List<LayerSpec> layers, int at, LayerSpec layer) {
        layers.set(at, layer);
        return layers;
    }

    /** The hash a declaration's generated model records, through the annotation processor. */
    private static String generatedHash(String annotations, String activation) throws IOException {
        Compilation c = javac().withProcessors(new AestackProcessor()).compile(JavaFileObjects.forSourceString("org.example.Ae",
                "package org.example;\nimport org.aestack.dsl.*;\n" + annotations + "\n@Autoencoder(input = 784)\n"
                        + "public interface Ae {\n  @Encoder(units = 32, activation = Activation." + activation + ") Layer code();\n}\n"));
        assertThat(c).succeeded();
        String source = c.generatedSourceFile("org.example.AeModel").orElseThrow().getCharContent(true).toString();
        Matcher m = Pattern.compile("DECLARATION_HASH = \"([0-9a-f]{16})\"").matcher(source);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aNewUserChangingTheEpochsKeepsTheirSavedModelsLoadable() throws IOException {
        String two = generatedHash("@FineTune(epochs = 2)", "SIGMOID");
        assertThat(generatedHash("@FineTune(epochs = 3)", "SIGMOID")).isEqualTo(two);
        assertThat(generatedHash("@FineTune(epochs = 3) @Denoising(p = 0.3)", "SIGMOID")).isEqualTo(two);
        assertThat(generatedHash("@FineTune(epochs = 2)", "TANH")).isNotEqualTo(two);
    }
}
