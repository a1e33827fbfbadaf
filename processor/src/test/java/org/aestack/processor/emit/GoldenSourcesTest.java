package org.aestack.processor.emit;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;
import org.aestack.dsl.Noise;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.UnitType;
import org.aestack.processor.model.BoltzmannSettings;
import org.aestack.processor.model.DeclarationHash;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.Specs;
import org.aestack.processor.model.RbmSpec;
import org.aestack.processor.model.Regularization;
import org.aestack.processor.model.SupervisedSpec;
import org.aestack.processor.model.TrainingSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emitted sources of two small models, compared with reviewed copies in
 * {@code src/test/resources/golden}, so any change to generated code shows in review. After an
 * intended change, regenerate them with {@code mvn test -Dtest=GoldenSourcesTest -Daestack.golden.update=true}.
 */
class GoldenSourcesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static ModelSpec spec(boolean tied) {
        List<LayerSpec> layers = List.of(
                Specs.layer("hidden", 0, 784, 64, Activation.SIGMOID),
                Specs.layer("code", 1, 64, 2, Activation.LINEAR));
        return tied
                ? Specs.model("org.example", List.of("Models", "TiedAe"), false, 784, Loss.SQUARED_ERROR, true,
                        Activation.SIGMOID, layers, new TrainingSpec(10, 100, Optimizer.SGD, 0.05, 0.9), false,
                        new TrainingSpec(20, 128, Optimizer.MOMENTUM, 0.01, 0.5))
                : Specs.model("org.example", List.of("TinyAe"), true, 784, Loss.CROSS_ENTROPY, false,
                        Activation.SIGMOID, layers, new TrainingSpec(3, 100, Optimizer.SGD, 0.1, 0.9), true,
                        new TrainingSpec(5, 64, Optimizer.ADAM, 0.001, 0.9));
    }

    /** A regularized model: every regularizer, in the places the annotations can put them. */
    static ModelSpec regularized() {
        Regularization hidden = new Regularization(null, new Regularization.Corruption(Noise.GAUSSIAN, 0.1), 0.01, 0.2);
        Regularization hiddenFineTune = new Regularization(null, new Regularization.Corruption(Noise.MASKING, 0.3), 0.01, 0.2);
        Regularization code = new Regularization(new Regularization.Sparsity(1e-3, 0.05), null, 0, 0);
        List<LayerSpec> layers = List.of(
                Specs.layer("hidden", 0, 784, 64, Activation.SIGMOID, hidden, hiddenFineTune),
                Specs.layer("code", 1, 64, 16, Activation.SIGMOID, code, code));
        return Specs.model("org.example", List.of("RegularAe"), true, 784, Loss.CROSS_ENTROPY, false,
                Activation.SIGMOID, layers, new TrainingSpec(3, 100, Optimizer.SGD, 0.1, 0.9), true,
                new TrainingSpec(5, 64, Optimizer.ADAM, 0.001, 0.9));
    }

    /** An autoencoder pretrained as RBMs (a Gaussian-hidden linear code with its own rate), with a softmax head. */
    static ModelSpec rbmPretrained() {
        TrainingSpec pretrain = new TrainingSpec(5, 100, Optimizer.MOMENTUM, 0.1, 0.9, 2e-4, 0);
        List<LayerSpec> layers = List.of(
                Specs.layer("hidden", 0, 784, 64, Activation.SIGMOID, Regularization.NONE, Regularization.NONE,
                        new RbmSpec(UnitType.BERNOULLI, UnitType.BERNOULLI, 1, false, 0, 0)),
                Specs.layer("code", 1, 64, 8, Activation.LINEAR, Regularization.NONE, Regularization.NONE,
                        new RbmSpec(UnitType.BERNOULLI, UnitType.GAUSSIAN, 1, false, 0, 0.001)));
        return Specs.model("org.example", List.of("RbmAe"), true, 784, Loss.CROSS_ENTROPY, false, Activation.SIGMOID,
                layers, pretrain, true, new TrainingSpec(10, 128, Optimizer.ADAM, 0.001, 0.9, 0, 0.1),
                Specs.Kind.AUTOENCODER, new SupervisedSpec(10, new TrainingSpec(60, 32, Optimizer.ADAM, 0.001, 0.9)));
    }

    /** A two-layer belief net, its top RBM trained by persistent CD. */
    static ModelSpec beliefNet() {
        List<LayerSpec> layers = List.of(
                Specs.layer("features", 0, 784, 64, Activation.SIGMOID, Regularization.NONE, Regularization.NONE,
                        new RbmSpec(UnitType.BERNOULLI, UnitType.BERNOULLI, 1, false, 0, 0)),
                Specs.layer("top", 1, 64, 32, Activation.SIGMOID, Regularization.NONE, Regularization.NONE,
                        new RbmSpec(UnitType.BERNOULLI, UnitType.BERNOULLI, 3, true, 50, 0)));
        TrainingSpec training = new TrainingSpec(10, 100, Optimizer.MOMENTUM, 0.05, 0.5, 2e-4, 0);
        return Specs.model("org.example", List.of("Dbn"), true, 784, Loss.CROSS_ENTROPY, true, Activation.SIGMOID,
                layers, training, true, new TrainingSpec(20, 128, Optimizer.ADAM, 1e-3, 0.9), Specs.Kind.BELIEF_NET, null);
    }

    /** A three-layer deep Boltzmann machine (so the middle RBM's weights are halved), with sparsity and max-norm. */
    static ModelSpec boltzmannMachine() {
        RbmSpec cd1 = new RbmSpec(UnitType.BERNOULLI, UnitType.BERNOULLI, 1, false, 0, 0);
        List<LayerSpec> layers = List.of(
                Specs.layer("low", 0, 784, 64, Activation.SIGMOID, Regularization.NONE, Regularization.NONE, cd1),
                Specs.layer("middle", 1, 64, 32, Activation.SIGMOID, Regularization.NONE, Regularization.NONE, cd1),
                Specs.layer("top", 2, 32, 16, Activation.SIGMOID, Regularization.NONE, Regularization.NONE,
                        new RbmSpec(UnitType.BERNOULLI, UnitType.BERNOULLI, 1, true, 100, 0.01)));
        TrainingSpec pretrain = new TrainingSpec(10, 100, Optimizer.MOMENTUM, 0.05, 0.5, 2e-4, 0);
        BoltzmannSettings boltzmann = new BoltzmannSettings(true, new TrainingSpec(20, 100, Optimizer.MOMENTUM, 0.005, 0.9, 2e-4, 0.1),
                100, 5, 10, 1e-4, 0.1, 0.1, 0.9, 3);
        return Specs.model("org.example", List.of("Dbm"), true, 784, Loss.CROSS_ENTROPY, true, Activation.SIGMOID,
                layers, pretrain, true, new TrainingSpec(20, 128, Optimizer.ADAM, 1e-3, 0.9), Specs.Kind.BOLTZMANN_MACHINE,
                null, boltzmann);
    }

    /** The hashes the first version of the declaration hash gave these declarations, read from its golden sources. */
    @Test
    void theFirstHashIsTheOneTheFirstVersionWrote() {
        assertThat(DeclarationHash.legacy(spec(false))).isEqualTo("dd3461977fa52066");
        assertThat(DeclarationHash.legacy(spec(true))).isEqualTo("a66442fc2db49876");
        assertThat(DeclarationHash.legacy(regularized())).isEqualTo("627c5512130795e7");
        assertThat(DeclarationHash.legacy(rbmPretrained())).isEqualTo("b98659cd4a358703");
        assertThat(DeclarationHash.legacy(beliefNet())).isEqualTo("bd7fd631754981cc");
        assertThat(DeclarationHash.legacy(boltzmannMachine())).isEqualTo("f4c36b67dd90d361");
    }

    /** A two-layer DBM with {@code @Supervised}: the classifier it starts, as its own tensors and phase. */
    static ModelSpec supervisedBoltzmannMachine() {
        RbmSpec cd1 = new RbmSpec(UnitType.BERNOULLI, UnitType.BERNOULLI, 1, false, 0, 0);
        List<LayerSpec> layers = List.of(
                Specs.layer("low", 0, 784, 64, Activation.SIGMOID, Regularization.NONE, Regularization.NONE, cd1),
                Specs.layer("top", 1, 64, 32, Activation.SIGMOID, Regularization.NONE, Regularization.NONE,
                        new RbmSpec(UnitType.BERNOULLI, UnitType.BERNOULLI, 1, true, 100, 0)));
        TrainingSpec pretrain = new TrainingSpec(10, 100, Optimizer.MOMENTUM, 0.05, 0.5, 2e-4, 0);
        BoltzmannSettings boltzmann = new BoltzmannSettings(true, new TrainingSpec(20, 100, Optimizer.MOMENTUM, 0.001, 0.5, 2e-4, 0.1),
                100, 5, 10, 1e-4, 0, 0.1, 0.9, 0);
        return Specs.model("org.example", List.of("SupervisedDbm"), true, 784, Loss.CROSS_ENTROPY, true, Activation.SIGMOID,
                layers, pretrain, true, new TrainingSpec(20, 128, Optimizer.ADAM, 1e-3, 0.9), Specs.Kind.BOLTZMANN_MACHINE,
                new SupervisedSpec(10, new TrainingSpec(30, 50, Optimizer.ADAM, 1e-3, 0.9)), boltzmann);
    }

    @Test
    void supervisedBoltzmannSourcesMatchTheReviewedCopiesAndCompile() throws IOException {
        compareWithGolden(supervisedBoltzmannMachine());
        CompiledModel.compile(supervisedBoltzmannMachine(),
                "package org.example;\nimport org.aestack.dsl.*;\npublic interface SupervisedDbm { Layer low(); Layer top(); }\n");
    }

    @Test
    void boltzmannSourcesMatchTheReviewedCopiesAndCompile() throws IOException {
        compareWithGolden(boltzmannMachine());
        CompiledModel.compile(boltzmannMachine(),
                "package org.example;\nimport org.aestack.dsl.*;\npublic interface Dbm { Layer low(); Layer middle(); Layer top(); }\n");
    }

    @Test
    void rbmSourcesMatchTheReviewedCopiesAndCompile() throws IOException {
        compareWithGolden(rbmPretrained());
        compareWithGolden(beliefNet());
        CompiledModel.compile(rbmPretrained(),
                "package org.example;\nimport org.aestack.dsl.*;\npublic interface RbmAe { Layer hidden(); Layer code(); }\n");
        CompiledModel.compile(beliefNet(),
                "package org.example;\nimport org.aestack.dsl.*;\npublic interface Dbn { Layer features(); Layer top(); }\n");
    }

    @Test
    void regularizedSourcesMatchTheReviewedCopies() throws IOException {
        compareWithGolden(regularized());
    }

    @ParameterizedTest(name = "tied={0}")
    @ValueSource(booleans = {false, true})
    void emittedSourcesMatchTheReviewedCopies(boolean tied) throws IOException {
        compareWithGolden(spec(tied));
    }

    private static void compareWithGolden(ModelSpec spec) throws IOException {
        for (JavaFile file : Emitter.emit(spec)) {
            Path golden = GOLDEN.resolve(file.typeSpec().name() + ".java.txt");
            String actual = file.toString();
            if (Boolean.getBoolean("aestack.golden.update")) {
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertWithMessage("%s (regenerate with -Daestack.golden.update=true if the change is intended)", golden)
                    .that(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        }
    }

    @Test
    void regularizedSourcesCompileWithoutWarnings() {
        CompiledModel.compile(regularized(),
                "package org.example;\nimport org.aestack.dsl.*;\npublic interface RegularAe { Layer hidden(); Layer code(); }\n");
    }

    @ParameterizedTest(name = "tied={0}")
    @ValueSource(booleans = {false, true})
    void emittedSourcesCompileWithoutWarnings(boolean tied) {
        String declaration = tied
                ? "package org.example;\nimport org.aestack.dsl.*;\n"
                        + "public class Models { public abstract static class TiedAe { public abstract Layer hidden(); public abstract Layer code(); } }\n"
                : "package org.example;\nimport org.aestack.dsl.*;\npublic interface TinyAe { Layer hidden(); Layer code(); }\n";
        CompiledModel.compile(spec(tied), declaration);
    }

    /** W4's convolutional denoising autoencoder (a declared decoder), as the processor generates it from the declaration. */
    static final String CONV_DAE = "package org.example;\n"
            + "import org.aestack.dsl.*;\n"
            + "@Autoencoder(channels = 1, height = 28, width = 28)\n"
            + "@Denoising(p = 0.3)\n"
            + "@FineTune(epochs = 5, batch = 64)\n"
            + "public interface ConvDae {\n"
            + "  @Conv(filters = 32, kernel = 3, padding = 1) Layer conv1();\n"
            + "  @Conv(filters = 64, kernel = 3, stride = 2, padding = 1) Layer conv2();\n"
            + "  @Conv(filters = 64, kernel = 3, stride = 2, padding = 1) Layer code();\n"
            + "  @ConvTranspose(filters = 64, kernel = 4, stride = 2, padding = 1) Layer up1();\n"
            + "  @ConvTranspose(filters = 32, kernel = 4, stride = 2, padding = 1) Layer up2();\n"
            + "  @Conv(filters = 1, kernel = 3, padding = 1) Layer pixels();\n"
            + "}\n";

    /** A mirrored decoder, pretrained layer by layer, with dropout and sparsity on its layers. */
    static final String MIRRORED_CONV = "package org.example;\n"
            + "import org.aestack.dsl.*;\n"
            + "@Autoencoder(channels = 3, height = 32, width = 32, loss = Loss.SQUARED_ERROR)\n"
            + "@Pretrain(epochs = 2)\n"
            + "public interface MirroredConv {\n"
            + "  @Conv(filters = 16, kernel = 3, stride = 2, padding = 1) @Dropout(p = 0.1) Layer features();\n"
            + "  @Conv(filters = 8, kernel = 3, stride = 2, padding = 1, activation = Activation.SIGMOID)\n"
            + "  @Sparse(lambda = 0.001) Layer code();\n"
            + "}\n";

    /**
     * A multimodal machine: a Gaussian pathway of two layers, a Bernoulli one of one, word counts of
     * one, a joint layer, sparsity and max-norm.
     */
    static final String AUDIO_VISUAL = "package org.example;\n"
            + "import org.aestack.dsl.*;\n"
            + "@Multimodal\n"
            + "@Pretrain(epochs = 3, optimizer = Optimizer.MOMENTUM, learningRate = 0.05)\n"
            + "@JointTraining(epochs = 4, chains = 50, sparsityTarget = 0.1, maxNorm = 3)\n"
            + "public interface AudioVisual {\n"
            + "  @Modality(input = 624)\n"
            + "  interface Audio {\n"
            + "    @RBMLayer(units = 256, visible = UnitType.GAUSSIAN, learningRate = 0.001) Layer low();\n"
            + "    @RBMLayer(units = 128) Layer high();\n"
            + "  }\n"
            + "  @Modality(input = 64)\n"
            + "  interface Image {\n"
            + "    @RBMLayer(units = 100) Layer features();\n"
            + "  }\n"
            + "  @Modality(input = 50, length = 20)\n"
            + "  interface Tags {\n"
            + "    @RBMLayer(units = 40, visible = UnitType.REPLICATED_SOFTMAX) Layer words();\n"
            + "  }\n"
            + "  @RBMLayer(units = 200, persistent = true, chains = 50) Layer joint();\n"
            + "}\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ConvDae", "MirroredConv", "AudioVisual"})
    void processedSourcesMatchTheReviewedCopies(String name) throws IOException {
        CompiledModel compiled = CompiledModel.process("org.example." + name,
                name.equals("ConvDae") ? CONV_DAE : name.equals("MirroredConv") ? MIRRORED_CONV : AUDIO_VISUAL);
        assertThat(compiled.sources).hasSize(2);
        for (String source : compiled.sources) {
            String type = source.contains("public final class " + name + "Model ") ? name + "Model" : name + "Trainer";
            Path golden = GOLDEN.resolve(type + ".java.txt");
            if (Boolean.getBoolean("aestack.golden.update")) {
                Files.writeString(golden, source, StandardCharsets.UTF_8);
            }
            assertWithMessage("%s (regenerate with -Daestack.golden.update=true if the change is intended)", golden)
                    .that(source).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        }
    }
}
