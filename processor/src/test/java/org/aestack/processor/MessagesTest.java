package org.aestack.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One compilation per {@link Message}: each misuse is an error with its ID, on the line of the
 * element or annotation value at fault. {@link #everyMessageHasATestHere} keeps it that way.
 */
class MessagesTest {
    private static final String IMPORTS = "package test;\nimport org.aestack.dsl.*;\n";

    private static JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceString("test." + name, IMPORTS + String.join("\n", lines) + "\n");
    }

    private static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new AestackProcessor()).compile(sources);
    }

    /** Compiles {@code sources}, expecting exactly one error containing {@code text} on the line containing {@code line}. */
    private static void expectError(String text, String line, JavaFileObject... sources) {
        Compilation c = compile(sources);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(text).inFile(sources[0]).onLineContaining(line);
    }

    @Test
    void notAbstract() {
        expectError("[AestackNotAbstract] @Autoencoder goes on an interface or an abstract class, not on a concrete class Ae",
                "class Ae", source("Ae",
                        "@Autoencoder(input = 4)",
                        "public class Ae {",
                        "}"));
        expectError("not on an enum Kind", "enum Kind", source("Kind",
                "@Autoencoder(input = 4)",
                "enum Kind { A }"));
        expectError("not on a record Rec", "record Rec", source("Rec",
                "@Autoencoder(input = 4)",
                "record Rec(int x) {}"));
    }

    @Test
    void privateType() {
        expectError("[AestackPrivateType] Ae is private (or inside a private type)", "private interface Ae", source("Outer",
                "class Outer {",
                "  @Autoencoder(input = 4)",
                "  private interface Ae { @Encoder(units = 2) Layer code(); }",
                "}"));
    }

    @Test
    void innerClass() {
        expectError("[AestackInnerClass] Ae is an inner class", "abstract class Ae", source("Outer",
                "class Outer {",
                "  @Autoencoder(input = 4)",
                "  abstract class Ae { abstract @Encoder(units = 2) Layer code(); }",
                "}"));
    }

    @Test
    void genericModel() {
        expectError("[AestackGenericModel] Ae has type parameters", "interface Ae", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae<T> { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void noConstructor() {
        expectError("[AestackNoConstructor] abstract class Ae needs a constructor without parameters", "abstract class Ae",
                source("Ae",
                        "@Autoencoder(input = 4)",
                        "abstract class Ae {",
                        "  Ae(int seed) {}",
                        "  abstract @Encoder(units = 2) Layer code();",
                        "}"));
    }

    @Test
    void twoKinds() {
        expectError("[AestackTwoKinds] Ae is annotated @Autoencoder and @BeliefNet, but a model has exactly one kind",
                "@BeliefNet", source("Ae",
                        "@Autoencoder(input = 4)",
                        "@BeliefNet(input = 4)",
                        "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void dbmTooShallow() {
        expectError("[AestackDbmTooShallow] a @BoltzmannMachine has at least two hidden layers, but Dbm declares 1; "
                + "add a layer above it; a single RBM is a @BeliefNet with one layer",
                "@BoltzmannMachine", source("Dbm",
                        "@BoltzmannMachine(input = 4)",
                        "interface Dbm { @RBMLayer(units = 2) Layer code(); }"));
    }

    @Test
    void dbmUnits() {
        expectError("[AestackDbmUnits] a @BoltzmannMachine's units are Bernoulli, but hidden() declares visible = GAUSSIAN; "
                + "remove it, and binarize", "visible = UnitType.GAUSSIAN", source("Dbm",
                        "@BoltzmannMachine(input = 4)",
                        "interface Dbm {",
                        "  @RBMLayer(units = 3,",
                        "      visible = UnitType.GAUSSIAN)",
                        "  Layer hidden();",
                        "  @RBMLayer(units = 2) Layer top();",
                        "}"));
        expectError("[AestackDbmUnits] a @BoltzmannMachine's units are Bernoulli, but top() declares hidden = GAUSSIAN",
                "hidden = UnitType.GAUSSIAN", source("Dbm",
                        "@BoltzmannMachine(input = 4)",
                        "interface Dbm {",
                        "  @RBMLayer(units = 3) Layer hidden();",
                        "  @RBMLayer(units = 2,",
                        "      hidden = UnitType.GAUSSIAN)",
                        "  Layer top();",
                        "}"));
    }

    /** A multimodal machine's declaration: {@code body} between the type's braces. */
    private static JavaFileObject multimodal(String... body) {
        String[] lines = new String[body.length + 3];
        lines[0] = "@Multimodal";
        lines[1] = "interface Av {";
        System.arraycopy(body, 0, lines, 2, body.length);
        lines[lines.length - 1] = "}";
        return source("Av", lines);
    }

    @Test
    void multimodalPathways() {
        expectError("[AestackMultimodalPathways] Av joins 1 pathway(s), but a joint layer joins at least two", "@Multimodal",
                multimodal("  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @RBMLayer(units = 2) Layer joint();"));
    }

    @Test
    void modalityEmpty() {
        expectError("[AestackModalityEmpty] pathway Sound declares no layers", "@Modality(input = 5)", multimodal(
                "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                "  @Modality(input = 5)",
                "  interface Sound {}",
                "  @RBMLayer(units = 2) Layer joint();"));
    }

    @Test
    void modalityType() {
        expectError("[AestackModalityType] @Modality is on Sound, which is not an interface", "@Modality(input = 5)", multimodal(
                "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                "  @Modality(input = 5)",
                "  abstract class Sound { @RBMLayer(units = 3) abstract Layer low(); }",
                "  @RBMLayer(units = 2) Layer joint();"));
    }

    @Test
    void modalityOutside() {
        expectError("[AestackModalityOutside] @Modality is on Image, which is not a member type of a @Multimodal machine",
                "@Modality(input = 4)", source("Dbm",
                        "@BoltzmannMachine(input = 4)",
                        "interface Dbm {",
                        "  @RBMLayer(units = 3) Layer low();",
                        "  @RBMLayer(units = 2) Layer top();",
                        "  @Modality(input = 4)",
                        "  interface Image {}",
                        "}"));
        expectError("[AestackModalityOutside] @Modality is on Image, which is not a member type", "@Modality(input = 4)",
                source("Holder", "class Holder {", "  @Modality(input = 4)", "  interface Image {}", "}"));
    }

    @Test
    void multimodalJoint() {
        expectError("[AestackMultimodalJoint] Av declares 2 joint layers, but a @Multimodal machine has exactly one", "@Multimodal",
                multimodal("  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound { @RBMLayer(units = 3) Layer low(); }",
                        "  @RBMLayer(units = 2) Layer joint();",
                        "  @RBMLayer(units = 2) Layer above();"));
        expectError("[AestackMultimodalJoint] Av declares 0 joint layers", "@Multimodal",
                multimodal("  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound { @RBMLayer(units = 3) Layer low(); }"));
    }

    @Test
    void multimodalUnits() {
        expectError("[AestackMultimodalUnits] Sound.high()'s hidden units cannot be GAUSSIAN: a Boltzmann machine's hidden units"
                + " are Bernoulli; remove hidden = GAUSSIAN", "hidden = UnitType.GAUSSIAN", multimodal(
                        "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound {",
                        "    @RBMLayer(units = 3) Layer low();",
                        "    @RBMLayer(units = 3,",
                        "        hidden = UnitType.GAUSSIAN)",
                        "    Layer high();",
                        "  }",
                        "  @RBMLayer(units = 2) Layer joint();"));
        expectError("[AestackMultimodalUnits] joint()'s visible units cannot be GAUSSIAN: its visible units are the pathways'"
                + " top layers, which are Bernoulli", "visible = UnitType.GAUSSIAN", multimodal(
                        "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound { @RBMLayer(units = 3) Layer low(); }",
                        "  @RBMLayer(units = 2,",
                        "      visible = UnitType.GAUSSIAN)",
                        "  Layer joint();"));
        expectError("[AestackRbmVisibleNotFirst] only the first layer chooses its visible units; Sound.high()'s",
                "visible=UnitType.GAUSSIAN", multimodal(
                        "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound {",
                        "    @RBMLayer(units = 3, visible = UnitType.GAUSSIAN) Layer low();",
                        "    @RBMLayer(units = 3,",
                        "        visible=UnitType.GAUSSIAN)",
                        "    Layer high();",
                        "  }",
                        "  @RBMLayer(units = 2) Layer joint();"));
    }

    @Test
    void modalityLength() {
        expectError("[AestackModalityLength] pathway Tags has length = 0, but its visible units are word counts",
                "@Modality(input = 5)", multimodal(
                        "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5)",
                        "  interface Tags { @RBMLayer(units = 3, visible = UnitType.REPLICATED_SOFTMAX) Layer low(); }",
                        "  @RBMLayer(units = 2) Layer joint();"));
        expectError("[AestackModalityLength] pathway Image has length = 10, but a length is for word counts",
                "length = 10", multimodal(
                        "  @Modality(input = 4,",
                        "      length = 10)",
                        "  interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound { @RBMLayer(units = 3) Layer low(); }",
                        "  @RBMLayer(units = 2) Layer joint();"));
    }

    @Test
    void rbmWordCounts() {
        expectError("[AestackRbmWordCounts] low() declares visible = REPLICATED_SOFTMAX, but word counts are the visible units"
                + " of a @Multimodal machine's pathway", "visible = UnitType.REPLICATED_SOFTMAX", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "interface Dbn {",
                        "  @RBMLayer(units = 3,",
                        "      visible = UnitType.REPLICATED_SOFTMAX)",
                        "  Layer low();",
                        "}"));
        expectError("[AestackRbmWordCounts] code() declares hidden = REPLICATED_SOFTMAX", "hidden = UnitType.REPLICATED_SOFTMAX",
                source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 3) @RBMLayer(",
                        "      hidden = UnitType.REPLICATED_SOFTMAX)",
                        "  Layer code();",
                        "}"));
    }

    @Test
    void multimodalLayersAreRbmsOnly() {
        expectError("[AestackNotForKind] @Encoder does not apply to a @Multimodal; remove it; every layer of a multimodal"
                + " machine is an @RBMLayer", "@Encoder(units = 3)", multimodal(
                        "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound {",
                        "    @Encoder(units = 3) Layer low();",
                        "  }",
                        "  @RBMLayer(units = 2) Layer joint();"));
        expectError("[AestackDuplicateConstant] layers @Modality Image and image would share the shape constant IMAGE",
                "Layer image()", multimodal(
                        "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer low(); }",
                        "  @Modality(input = 5) interface Sound { @RBMLayer(units = 3) Layer low(); }",
                        "  @RBMLayer(units = 2) Layer image();"));
    }

    @Test
    void halvingNotDbm() {
        expectError("[AestackHalvingNotDbm] halving composes the RBMs of a @BoltzmannMachine, but Dbn is a @BeliefNet, "
                + "whose RBMs are used as they are trained; remove halving = true", "halving = true", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "@Pretrain(epochs = 3,",
                        "    halving = true)",
                        "interface Dbn { @RBMLayer(units = 2) Layer code(); }"));
    }

    @Test
    void dbmSetting() {
        expectError("[AestackDbmSetting] chains must be at least 1, not 0; e.g. 100", "chains = 0", source("Dbm",
                "@BoltzmannMachine(input = 4)",
                "@JointTraining(epochs = 2,",
                "    chains = 0)",
                "interface Dbm { @RBMLayer(units = 3) Layer hidden(); @RBMLayer(units = 2) Layer top(); }"));
        expectError("[AestackDbmSetting] sparsityTarget must be in [0, 1), not 1.5", "sparsityTarget = 1.5", source("Dbm",
                "@BoltzmannMachine(input = 4)",
                "@JointTraining(epochs = 2,",
                "    sparsityTarget = 1.5)",
                "interface Dbm { @RBMLayer(units = 3) Layer hidden(); @RBMLayer(units = 2) Layer top(); }"));
        expectError("[AestackDbmSetting] maxNorm must be zero (no limit) or positive and finite, not -1.0", "maxNorm = -1",
                source("Dbm",
                        "@BoltzmannMachine(input = 4)",
                        "@JointTraining(epochs = 2,",
                        "    maxNorm = -1)",
                        "interface Dbm { @RBMLayer(units = 3) Layer hidden(); @RBMLayer(units = 2) Layer top(); }"));
    }

    @Test
    void jointTrainingIsNotForOtherKinds() {
        expectError("[AestackNotForKind] @JointTraining does not apply to a @BeliefNet; remove it; joint training is the second "
                + "phase of a @BoltzmannMachine", "@JointTraining", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "@JointTraining(epochs = 3)",
                        "interface Dbn { @RBMLayer(units = 2) Layer code(); }"));
        expectError("[AestackEncoderInBeliefNet] top() is an @Encoder, but every layer of a @BoltzmannMachine is an RBM",
                "Layer top()", source("Dbm",
                        "@BoltzmannMachine(input = 4)",
                        "interface Dbm { @RBMLayer(units = 3) Layer hidden(); @Encoder(units = 2) Layer top(); }"));
    }

    @Test
    void aValidDeepBoltzmannMachineCompilesWithItsModelAndTrainer() {
        Compilation c = compile(source("Dbm",
                "@BoltzmannMachine(input = 6)",
                "@Pretrain(epochs = 2, halving = false)",
                "@JointTraining(epochs = 2, chains = 10, sparsityTarget = 0.1, maxNorm = 3)",
                "interface Dbm {",
                "  @RBMLayer(units = 5) Layer low();",
                "  @RBMLayer(units = 4, persistent = true, chains = 10) Layer middle();",
                "  @RBMLayer(units = 3) Layer top();",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.DbmModel");
        assertThat(c).generatedSourceFile("test.DbmTrainer");
    }

    @Test
    void notForKind() {
        expectError("[AestackNotForKind] @FineTune does not apply to a @BeliefNet; remove it; a belief net is trained greedily",
                "@FineTune", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "@FineTune(epochs = 3)",
                        "interface Dbn { @RBMLayer(units = 2) Layer code(); }"));
        expectError("@Sparse does not apply to a @BeliefNet; remove it; its RBMs are trained by contrastive divergence",
                "@Sparse", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "interface Dbn {",
                        "  @RBMLayer(units = 3) Layer hidden();",
                        "  @Sparse(lambda = 0.1)",
                        "  @RBMLayer(units = 2) Layer code();",
                        "}"));
        expectError("@Dropout does not apply to a @BeliefNet", "@Dropout", source("Dbn",
                "@BeliefNet(input = 4)",
                "@Dropout(p = 0.1)",
                "interface Dbn {",
                "  @RBMLayer(units = 3) Layer hidden();",
                "  @RBMLayer(units = 2) Layer code();",
                "}"));
    }

    @Test
    void inputNotPositive() {
        expectError("[AestackInputNotPositive] input must be positive, not 0", "input = 0", source("Ae",
                "@Autoencoder(",
                "    input = 0)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void noLayers() {
        expectError("[AestackNoLayers] Ae declares no layers; add an abstract method per layer", "@Autoencoder",
                source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  default int size() { return 4; }",
                        "}"));
    }

    @Test
    void layerParameters() {
        expectError("[AestackLayerParameters] layer method code(...) takes parameters", "Layer code(int", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2) Layer code(int which);",
                "}"));
    }

    @Test
    void layerReturnType() {
        expectError("[AestackLayerReturnType] layer method code() returns float[], but a layer method returns org.aestack.dsl.Layer",
                "float[] code()", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2) float[] code();",
                        "}"));
    }

    @Test
    void layerGeneric() {
        expectError("[AestackLayerGeneric] layer method code() has type parameters", "<T> Layer code()", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2) <T> Layer code();",
                "}"));
    }

    @Test
    void layerThrows() {
        expectError("[AestackLayerThrows] layer method code() declares exceptions", "throws", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2) Layer code() throws Exception;",
                "}"));
    }

    @Test
    void layerNotAbstract() {
        expectError("[AestackLayerNotAbstract] @Encoder is on code(), which has a body or is static", "default Layer code()",
                source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2) Layer hidden();",
                        "  @Encoder(units = 2) default Layer code() { return null; }",
                        "}"));
    }

    @Test
    void notALayer() {
        expectError("[AestackNotALayer] abstract method size() is not a layer", "int size()", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2) Layer code();",
                "  int size();",
                "}"));
    }

    @Test
    void inheritedAbstract() {
        expectError("[AestackInheritedAbstract] Ae inherits abstract method size() from Sized", "interface Ae", source("Ae",
                "interface Sized { int size(); }",
                "@Autoencoder(input = 4)",
                "interface Ae extends Sized {",
                "  @Encoder(units = 2) Layer code();",
                "}"));
    }

    @Test
    void reservedName() {
        expectError("[AestackReservedName] a layer cannot be named parameters: it would give the generated AeModel a second parameters()",
                "Layer parameters()", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2) Layer parameters();",
                        "}"));
    }

    @Test
    void reservedNameInABeliefNet() {
        expectError("[AestackReservedName] a layer cannot be named declaration: it would give the generated NetModel a second DECLARATION",
                "Layer declaration()", source("Net",
                        "@BeliefNet(input = 4)",
                        "interface Net {",
                        "  @RBMLayer(units = 2) Layer declaration();",
                        "}"));
    }

    @Test
    void reservedNameInABoltzmannMachine() {
        expectError("[AestackReservedName] a layer cannot be named chainCount: it would give the generated DbmModel a second chainCount()",
                "Layer chainCount()", source("Dbm",
                        "@BoltzmannMachine(input = 4)",
                        "interface Dbm {",
                        "  @RBMLayer(units = 3) Layer chainCount();",
                        "  @RBMLayer(units = 2) Layer top();",
                        "}"));
    }

    @Test
    void reservedNameInheritedFromObject() {
        expectError("[AestackReservedName] a layer cannot be named hashCode: it would give the generated AeModel a second hashCode()",
                "Layer hashCode()", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2) Layer hashCode();",
                        "}"));
    }

    @Test
    void twoLayersWhoseGeneratedMembersCoincide() {
        // hidden's decoder weights and the weights of a layer named hiddenDecoder are both hiddenDecoderWeight
        JavaFileObject source = source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 3) Layer hidden();",
                "  @Encoder(units = 2) Layer hiddenDecoder();",
                "}");
        Compilation c = compile(source);
        assertThat(c).hadErrorCount(2);
        assertThat(c).hadErrorContaining("[AestackReservedName] a layer cannot be named hiddenDecoder: it would give the generated "
                + "AeModel a second hiddenDecoderBias, hiddenDecoderForward(float[], int, float[]), hiddenDecoderWeight")
                .inFile(source).onLineContaining("Layer hiddenDecoder()");
        assertThat(c).hadErrorContaining("[AestackReservedName] a layer cannot be named hiddenDecoder: it would give the generated "
                + "AeTrainer a second hiddenDecoderBiasGrad, hiddenDecoderWeightGrad")
                .inFile(source).onLineContaining("Layer hiddenDecoder()");
    }

    @Test
    void theModelInputsName() {
        expectError("[AestackReservedName] a layer cannot be named input", "Layer input()", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2) Layer input();",
                "}"));
    }

    /**
     * Whatever a layer is called, the compiler never fails inside generated code: a name that would
     * clash with a generated member gets an [AestackReservedName] error on the layer, and any other
     * compiles (a layer named encode is an overload of encode(float[]), not a clash). The names are
     * members the generated models and trainers have, or had, and locals of their methods.
     */
    @ParameterizedTest
    @ValueSource(strings = {"declaration", "declarationHash", "sizes", "tolerance", "meanFieldIterations", "chainCount",
            "visible", "encode", "decode", "layers", "chunk", "model", "rows", "noise", "history", "capacity", "runner",
            "options", "shapes", "provenance", "load", "save", "sample", "toString", "output", "loss", "weights", "biases",
            "boltzmann", "head", "classes", "rbm", "dbm", "logZ", "reconstruct", "activations", "posteriors", "gradients",
            "checkpointTensors", "limitNorms", "compose", "noiseBuffer", "headOutput", "batchLabels", "phase", "data"})
    void noLayerNameBreaksTheGeneratedCode(String name) {
        List<JavaFileObject> sources = List.of(
                source("Ae", "@Autoencoder(input = 4)", "@Supervised(classes = 2)", "@Denoising(p = 0.2)", "interface Ae {",
                        "  @Encoder(units = 3) Layer " + name + "();", "  @Encoder(units = 2) Layer code();", "}"),
                source("Net", "@BeliefNet(input = 4)", "interface Net {", "  @RBMLayer(units = 3, persistent = true) Layer " + name + "();",
                        "  @RBMLayer(units = 2) Layer top();", "}"),
                source("Dbm", "@BoltzmannMachine(input = 4)", "interface Dbm {", "  @RBMLayer(units = 3) Layer " + name + "();",
                        "  @RBMLayer(units = 2) Layer top();", "}"),
                source("ConvAe", "@Autoencoder(channels = 1, height = 6, width = 6)", "@Pretrain", "@Denoising(p = 0.2)",
                        "interface ConvAe {", "  @Conv(filters = 2, kernel = 3) @Dropout(p = 0.1) Layer " + name + "();",
                        "  @Conv(filters = 3, kernel = 2) Layer code();", "}"),
                source("ConvDecoded", "@Autoencoder(channels = 1, height = 6, width = 6)", "interface ConvDecoded {",
                        "  @Conv(filters = 2, kernel = 3) Layer code();",
                        "  @ConvTranspose(filters = 2, kernel = 3) Layer " + name + "();",
                        "  @Conv(filters = 1, kernel = 1) Layer pixels();", "}"),
                source("Av", "@Multimodal", "interface Av {",
                        "  @Modality(input = 4) interface Image { @RBMLayer(units = 3) Layer " + name + "(); }",
                        "  @Modality(input = 5) interface Sound { @RBMLayer(units = 3) Layer low(); }",
                        "  @RBMLayer(units = 2) Layer " + name + "();", "}"));
        for (JavaFileObject source : sources) {
            Compilation c = compile(source);
            for (var error : c.errors()) {
                assertThat(error.getMessage(java.util.Locale.ROOT)).contains("[AestackReservedName] a layer cannot be named " + name);
                assertThat(error.getSource()).isEqualTo(source);
            }
        }
    }

    @Test
    void duplicateConstant() {
        expectError("[AestackDuplicateConstant] layers codeLayer and code_layer would share the shape constant CODE_LAYER",
                "Layer code_layer()", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 3) Layer codeLayer();",
                        "  @Encoder(units = 2) Layer code_layer();",
                        "}"));
    }

    @Test
    void unitsNotPositive() {
        expectError("[AestackUnitsNotPositive] units must be positive, not 0; a layer needs at least one unit", "units = 0",
                source("Ae",
                        "@Autoencoder(input = 784)",
                        "interface Ae {",
                        "  @Encoder(",
                        "      units = 0)",
                        "  Layer code();",
                        "}"));
    }

    @Test
    void rbmNeedsEncoder() {
        expectError("[AestackRbmNeedsEncoder] code() has @RBMLayer but no @Encoder; in an @Autoencoder, @RBMLayer says how "
                + "to pretrain an encoder layer; add @Encoder(units = ...) beside it", "Layer code()", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 3) Layer hidden();",
                        "  @RBMLayer(units = 2) Layer code();",
                        "}"));
    }

    @Test
    void rbmUnitsMismatch() {
        expectError("[AestackRbmUnitsMismatch] @RBMLayer says 3 units but @Encoder says 2", "units = 3", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2)",
                "  @RBMLayer(",
                "      units = 3)",
                "  Layer code();",
                "}"));
    }

    @Test
    void encoderInBeliefNet() {
        expectError("[AestackEncoderInBeliefNet] hidden() is an @Encoder, but every layer of a @BeliefNet is an RBM; "
                + "declare it as @RBMLayer(units = 3)", "Layer hidden()", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "interface Dbn {",
                        "  @Encoder(units = 3) Layer hidden();",
                        "  @RBMLayer(units = 2) Layer code();",
                        "}"));
    }

    @Test
    void rbmCd() {
        expectError("[AestackRbmCd] cd must be at least 1, not 0", "cd = 0", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2)",
                "  @RBMLayer(",
                "      cd = 0)",
                "  Layer code();",
                "}"));
    }

    @Test
    void rbmChains() {
        expectError("[AestackRbmChains] chains must be zero or more and needs persistent = true, but it is 10 with "
                + "persistent = false", "chains = 10", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2)",
                        "  @RBMLayer(",
                        "      chains = 10)",
                        "  Layer code();",
                        "}"));
        expectError("but it is -1 with persistent = true", "chains = -1", source("Dbn",
                "@BeliefNet(input = 4)",
                "interface Dbn {",
                "  @RBMLayer(units = 2, persistent = true,",
                "      chains = -1)",
                "  Layer code();",
                "}"));
    }

    @Test
    void rbmLearningRate() {
        expectError("[AestackRbmLearningRate] learningRate must be 0 (the @Pretrain rate) or positive and finite, not -0.01",
                "learningRate = -0.01", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2)",
                        "  @RBMLayer(",
                        "      learningRate = -0.01)",
                        "  Layer code();",
                        "}"));
    }

    @Test
    void rbmVisibleNotFirst() {
        expectError("[AestackRbmVisibleNotFirst] only the first layer chooses its visible units; code()'s visible units "
                + "are the layer below's outputs; remove visible = GAUSSIAN", "visible = UnitType.GAUSSIAN", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "interface Dbn {",
                        "  @RBMLayer(units = 3) Layer hidden();",
                        "  @RBMLayer(units = 2,",
                        "      visible = UnitType.GAUSSIAN)",
                        "  Layer code();",
                        "}"));
    }

    @Test
    void rbmActivation() {
        expectError("[AestackRbmActivation] GAUSSIAN hidden units need a linear encoder, but code() is SIGMOID",
                "hidden = UnitType.GAUSSIAN", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2)",
                        "  @RBMLayer(",
                        "      hidden = UnitType.GAUSSIAN)",
                        "  Layer code();",
                        "}"));
        expectError("BERNOULLI hidden units need a sigmoid encoder, but code() is LINEAR", "@RBMLayer", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2, activation = Activation.LINEAR)",
                "  @RBMLayer",
                "  Layer code();",
                "}"));
    }

    @Test
    void beliefNetHidden() {
        expectError("[AestackBeliefNetHidden] a @BeliefNet's hidden units are Bernoulli, but code() declares GAUSSIAN; "
                + "remove hidden = GAUSSIAN", "hidden = UnitType.GAUSSIAN", source("Dbn",
                        "@BeliefNet(input = 4)",
                        "interface Dbn {",
                        "  @RBMLayer(units = 2,",
                        "      hidden = UnitType.GAUSSIAN)",
                        "  Layer code();",
                        "}"));
    }

    @Test
    void rbmGaussianVisible() {
        expectError("[AestackRbmGaussianVisible] Gaussian visible units model real-valued data, so the reconstruction must "
                + "be linear with squared error, not SIGMOID with CROSS_ENTROPY", "visible = UnitType.GAUSSIAN", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2)",
                        "  @RBMLayer(",
                        "      visible = UnitType.GAUSSIAN)",
                        "  Layer code();",
                        "}"));
    }

    @Test
    void rbmInputNotBinary() {
        expectError("[AestackRbmInputNotBinary] code() is pretrained as an RBM with Bernoulli visible units, but the layer "
                + "below, hidden(), is RELU, not in [0, 1]; make hidden() a sigmoid layer, or pretrain code() as an autoencoder",
                "@RBMLayer", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 3, activation = Activation.RELU) Layer hidden();",
                        "  @Encoder(units = 2)",
                        "  @RBMLayer",
                        "  Layer code();",
                        "}"));
    }

    @Test
    void rbmRegularized() {
        expectError("[AestackRbmRegularized] @Sparse is on code(), which is pretrained as an RBM; contrastive divergence "
                + "takes no such regularizer", "@Sparse", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Encoder(units = 2)",
                        "  @Sparse(lambda = 0.1)",
                        "  @RBMLayer Layer code();",
                        "}"));
    }

    @Test
    void supervisedClasses() {
        expectError("[AestackSupervisedClasses] classes must be at least 2, not 1", "classes = 1", source("Ae",
                "@Autoencoder(input = 4)",
                "@Supervised(",
                "    classes = 1)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void weightDecay() {
        expectError("[AestackWeightDecay] weightDecay must be zero or more and finite, not -1.0", "weightDecay = -1",
                source("Ae",
                        "@Autoencoder(input = 4)",
                        "@Pretrain(",
                        "    weightDecay = -1)",
                        "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void learningRateDecay() {
        expectError("[AestackLearningRateDecay] learningRateDecay must be zero or more and finite, not -0.5",
                "learningRateDecay = -0.5", source("Ae",
                        "@Autoencoder(input = 4)",
                        "@FineTune(",
                        "    learningRateDecay = -0.5)",
                        "interface Ae { @Encoder(units = 2) Layer code(); }"));
        expectError("learningRateDecay must be zero or more and finite, not -1.0", "learningRateDecay = -1", source("Ae",
                "@Autoencoder(input = 4)",
                "@Supervised(classes = 3,",
                "    learningRateDecay = -1)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void crossEntropyOutput() {
        expectError("[AestackCrossEntropyOutput] cross-entropy needs outputs in (0, 1), but the output activation is LINEAR",
                "output = Activation.LINEAR", source("Ae",
                        "@Autoencoder(input = 4,",
                        "    output = Activation.LINEAR)",
                        "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void epochsNotPositive() {
        expectError("[AestackEpochsNotPositive] epochs must be positive, not 0", "epochs = 0", source("Ae",
                "@Autoencoder(input = 4)",
                "@FineTune(",
                "    epochs = 0)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void batchNotPositive() {
        expectError("[AestackBatchNotPositive] batch must be positive, not -5", "batch = -5", source("Ae",
                "@Autoencoder(input = 4)",
                "@Pretrain(",
                "    batch = -5)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void learningRate() {
        expectError("[AestackLearningRate] learningRate must be positive and finite, not 0.0", "learningRate = 0", source("Ae",
                "@Autoencoder(input = 4)",
                "@Pretrain(",
                "    learningRate = 0)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
        expectError("not Infinity", "learningRate = 1.0 / 0", source("Ae",
                "@Autoencoder(input = 4)",
                "@FineTune(",
                "    learningRate = 1.0 / 0)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void momentum() {
        expectError("[AestackMomentum] momentum must lie in [0, 1), not 1.0", "momentum = 1", source("Ae",
                "@Autoencoder(input = 4)",
                "@FineTune(optimizer = Optimizer.MOMENTUM,",
                "    momentum = 1)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void lambda() {
        expectError("[AestackLambda] lambda must be zero or more and finite, not -0.1", "lambda = -0.1", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Sparse(",
                "      lambda = -0.1)",
                "  @Encoder(units = 2) Layer code();",
                "}"));
        expectError("not NaN", "lambda = 0.0 / 0", source("Ae",
                "@Autoencoder(input = 4)",
                "@Contractive(",
                "    lambda = 0.0 / 0)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void sparseTarget() {
        expectError("[AestackSparseTarget] target must lie in (0, 1), not 1.5", "target = 1.5", source("Ae",
                "@Autoencoder(input = 4)",
                "@Sparse(lambda = 0.1,",
                "    target = 1.5)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void sparseKlActivation() {
        expectError("[AestackSparseKlActivation] a sparsity target needs a sigmoid code, but code() is RELU",
                "target = 0.05", source("Ae",
                        "@Autoencoder(input = 4)",
                        "interface Ae {",
                        "  @Sparse(lambda = 0.1,",
                        "      target = 0.05)",
                        "  @Encoder(units = 2, activation = Activation.RELU) Layer code();",
                        "}"));
    }

    @Test
    void probability() {
        expectError("[AestackProbability] p is a probability and must lie in [0, 1), not 1.5", "p = 1.5", source("Ae",
                "@Autoencoder(input = 4)",
                "@Denoising(",
                "    p = 1.5)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
        expectError("not 1.0", "p = 1", source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Dropout(",
                "      p = 1)",
                "  @Encoder(units = 2) Layer code();",
                "}"));
    }

    @Test
    void noiseDeviation() {
        expectError("[AestackNoiseDeviation] p is the standard deviation of Gaussian noise and must be zero or more",
                "p = -1", source("Ae",
                        "@Autoencoder(input = 4)",
                        "@Denoising(noise = Noise.GAUSSIAN,",
                        "    p = -1)",
                        "interface Ae { @Encoder(units = 2) Layer code(); }"));
    }

    @Test
    void gaussianNoiseMayExceedOne() {
        Compilation c = compile(source("Ae",
                "@Autoencoder(input = 4)",
                "@Denoising(noise = Noise.GAUSSIAN, p = 1.5)",
                "interface Ae { @Encoder(units = 2) Layer code(); }"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void contractiveDeep() {
        expectError("[AestackContractiveDeep] @Contractive on Ae needs a single-layer encoder, but it has 2 layers",
                "@Contractive", source("Ae",
                        "@Autoencoder(input = 4)",
                        "@Contractive(lambda = 0.1)",
                        "interface Ae {",
                        "  @Encoder(units = 3) Layer hidden();",
                        "  @Encoder(units = 2) Layer code();",
                        "}"));
    }

    @Test
    void regularizerTwice() {
        expectError("[AestackRegularizerTwice] @Sparse is on both Ae and its layer code()", "Layer code()", source("Ae",
                "@Autoencoder(input = 4)",
                "@Sparse(lambda = 0.1)",
                "interface Ae {",
                "  @Encoder(units = 3) Layer hidden();",
                "  @Sparse(lambda = 0.2) @Encoder(units = 2) Layer code();",
                "}"));
        expectError("@Dropout is on both Ae and its layer hidden()", "Layer hidden()", source("Ae",
                "@Autoencoder(input = 4)",
                "@Dropout(p = 0.1)",
                "interface Ae {",
                "  @Dropout(p = 0.2) @Encoder(units = 3) Layer hidden();",
                "  @Encoder(units = 2) Layer code();",
                "}"));
    }

    @Test
    void regularizerNotOnLayer() {
        Compilation c = compile(source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae {",
                "  @Encoder(units = 2) Layer code();",
                "  @Sparse(lambda = 0.1) default int size() { return 2; }",
                "}"));
        assertThat(c).hadErrorContaining("[AestackRegularizerNotOnLayer] @Sparse is on size(), which is not a layer")
                .inFile(c.sourceFiles().get(0)).onLineContaining("int size()");
    }

    @Test
    void everyRegularizerCompilesOnTypeAndLayers() {
        Compilation c = compile(source("Regular",
                "@Autoencoder(input = 6)",
                "@Denoising(p = 0.3, noise = Noise.SALT_AND_PEPPER)",
                "@Dropout(p = 0.1)",
                "@Sparse(lambda = 1e-3, target = 0.05)",
                "public interface Regular {",
                "  @Denoising(p = 0.2) @Contractive(lambda = 0.1) @Encoder(units = 4, activation = Activation.TANH) Layer hidden();",
                "  @Encoder(units = 2) Layer code();",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.RegularTrainer");
    }

    @Test
    void layerOutsideModel() {
        expectError("[AestackLayerOutsideModel] @Encoder is on code(), but Plain has no model annotation", "Layer code()",
                source("Plain",
                        "interface Plain {",
                        "  @Encoder(units = 2) Layer code();",
                        "}"));
    }

    @Test
    void trainingOutsideModel() {
        expectError("[AestackTrainingOutsideModel] @Pretrain is on Plain, which has no model annotation", "@Pretrain",
                source("Plain",
                        "@Pretrain",
                        "interface Plain {}"));
    }

    @Test
    void cannotWrite() {
        JavaFileObject model = source("Ae",
                "@Autoencoder(input = 4)",
                "interface Ae { @Encoder(units = 2) Layer code(); }");
        Compilation c = compile(model, source("AeModel", "class AeModel {}"));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[AestackCannotWrite] could not write test.AeModel").inFile(model)
                .onLineContaining("interface Ae");
    }

    @Test
    void internalErrorIsReportedOnTheElementNotThrown() {
        // A failure inside the processor must come out as a compile error on the declaration, with
        // the stack trace, never as an exception from javac. No known declaration makes the processor
        // fail, so an emitter that throws stands in for a bug.
        AestackProcessor failing = new AestackProcessor(spec -> {
            throw new IllegalStateException("boom in " + spec.sourceName());
        });
        JavaFileObject ae = source("Ae",
                "@Autoencoder(input = 6)",
                "public interface Ae {",
                "    @Encoder(units = 3) Layer code();",
                "}");
        Compilation c = javac().withProcessors(failing).compile(ae);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[AestackInternalError] the aestack processor failed on test.Ae: "
                + "java.lang.IllegalStateException: boom in Ae").inFile(ae).onLineContaining("public interface Ae");
        assertThat(c).hadErrorContaining("please report this with the declaration");
        assertThat(c).hadErrorContaining("at org.aestack.processor.MessagesTest"); // with the stack trace to report
    }

    @Test
    void everyMessageHasATestHere() throws IOException {
        String self = Files.readString(Path.of("src/test/java/org/aestack/processor/MessagesTest.java"));
        Set<String> ids = new HashSet<>();
        for (Message m : Message.values()) {
            assertThat(m.id()).startsWith("Aestack");
            assertThat(ids.add(m.id())).isTrue();
            assertThat(self).contains("[" + m.id() + "]");
        }
    }

    @Test
    void validDeclarationsCompileCleanlyAndGenerateBothClasses() {
        Compilation c = compile(
                source("Plain",
                        "@Autoencoder(input = 6)",
                        "public interface Plain {",
                        "  @Encoder(units = 3) Layer hidden();",
                        "  @Encoder(units = 2, activation = Activation.LINEAR) Layer code();",
                        "  String toString();",
                        "  default int codeSize() { return 2; }",
                        "}"),
                source("Abstract",
                        "@Autoencoder(input = 6, loss = Loss.SQUARED_ERROR, tied = true, output = Activation.LINEAR)",
                        "@Pretrain(epochs = 1)",
                        "@FineTune(optimizer = Optimizer.MOMENTUM)",
                        "public abstract class Abstract {",
                        "  protected Abstract() {}",
                        "  public abstract @Encoder(units = 3, activation = Activation.TANH) Layer hidden();",
                        "}"),
                source("Outer",
                        "public class Outer {",
                        "  @Autoencoder(input = 6)",
                        "  public interface Inner { @Encoder(units = 2, activation = Activation.RELU) Layer code(); }",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        for (String name : new String[] {"Plain", "Abstract", "Outer_Inner"}) {
            assertThat(c).generatedSourceFile("test." + name + "Model");
            assertThat(c).generatedSourceFile("test." + name + "Trainer");
        }
    }

    @Test
    void validRbmDeclarationsCompileCleanlyAndGenerateBothClasses() {
        Compilation c = compile(
                source("Dbn",
                        "@BeliefNet(input = 6)",
                        "@Pretrain(epochs = 1, weightDecay = 2e-4, learningRateDecay = 0.1)",
                        "public interface Dbn {",
                        "  @RBMLayer(units = 4) Layer hidden();",
                        "  @RBMLayer(units = 2, cd = 3, persistent = true, chains = 10) Layer code();",
                        "}"),
                source("RbmAe",
                        "@Autoencoder(input = 6)",
                        "@Supervised(classes = 3)",
                        "public interface RbmAe {",
                        "  @Encoder(units = 4) @RBMLayer Layer hidden();",
                        "  @Encoder(units = 2, activation = Activation.LINEAR)",
                        "  @RBMLayer(hidden = UnitType.GAUSSIAN, learningRate = 0.001) Layer code();",
                        "}"),
                source("GaussDbn",
                        "@BeliefNet(input = 6)",
                        "public interface GaussDbn {",
                        "  @RBMLayer(units = 3, visible = UnitType.GAUSSIAN) Layer code();",
                        "}"),
                source("GaussAe",
                        "@Autoencoder(input = 6, loss = Loss.SQUARED_ERROR, output = Activation.LINEAR)",
                        "public interface GaussAe {",
                        "  @Encoder(units = 3) @RBMLayer(units = 3, visible = UnitType.GAUSSIAN) Layer code();",
                        "}"),
                source("SupervisedDbm",
                        "@BoltzmannMachine(input = 6)",
                        "@Supervised(classes = 3, epochs = 4)",
                        "public interface SupervisedDbm {",
                        "  @RBMLayer(units = 4) Layer hidden();",
                        "  @RBMLayer(units = 3, persistent = true) Layer middle();",
                        "  @RBMLayer(units = 2) Layer top();",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        for (String name : new String[] {"Dbn", "RbmAe", "GaussDbn", "GaussAe", "SupervisedDbm"}) {
            assertThat(c).generatedSourceFile("test." + name + "Model");
            assertThat(c).generatedSourceFile("test." + name + "Trainer");
        }
    }

    // Autoencoders of convolutions

    /** The shapes of W4's encoder, then a declared decoder. */
    private static final String[] CONV_ENCODER = {
        "  @Conv(filters = 8, kernel = 3, padding = 1) Layer conv1();",
        "  @Conv(filters = 8, kernel = 3, stride = 2, padding = 1) Layer conv2();",
    };

    @Test
    void imageShape() {
        expectError("[AestackImageShape] the input image is 1x28x0 (channels x height x width), but each must be positive",
                "width = 0", source("Ae",
                        "@Autoencoder(channels = 1, height = 28,",
                        "    width = 0)",
                        "interface Ae { @Conv(filters = 2, kernel = 3) Layer code(); }"));
    }

    @Test
    void imageInput() {
        expectError("[AestackImageInput] input = 784, but the 3x28x28 image has 2352 values; leave input out",
                "input = 784", source("Ae",
                        "@Autoencoder(channels = 3, height = 28, width = 28,",
                        "    input = 784)",
                        "interface Ae { @Conv(filters = 2, kernel = 3) Layer code(); }"));
    }

    @Test
    void convNeedsImage() {
        expectError("[AestackConvNeedsImage] code() is a convolution, so @Autoencoder needs the input image's shape",
                "@Conv", source("Ae",
                        "@Autoencoder(input = 784)",
                        "interface Ae {",
                        "  @Conv(filters = 2, kernel = 3) Layer code();",
                        "}"));
    }

    @Test
    void convMixed() {
        expectError("[AestackConvMixed] code() is a dense @Encoder layer among convolutions", "@Encoder", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28)",
                "interface Ae {",
                "  @Conv(filters = 2, kernel = 3) Layer conv1();",
                "  @Encoder(units = 10) Layer code();",
                "}"));
    }

    @Test
    void convSetting() {
        expectError("[AestackConvSetting] code(): kernel must be positive, not 0", "kernel = 0", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28)",
                "interface Ae {",
                "  @Conv(filters = 2,",
                "      kernel = 0) Layer code();",
                "}"));
        expectError("[AestackConvSetting] code(): padding must be at least 0, not -1", "padding = -1", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28)",
                "interface Ae {",
                "  @Conv(filters = 2, kernel = 3,",
                "      padding = -1) Layer code();",
                "}"));
    }

    @Test
    void convNoPixels() {
        expectError("[AestackConvNoPixels] code() leaves no pixel: input 1x8x8 -> conv1 4x3x3 -> code nothing "
                        + "(5x5 kernel, stride 1, padding 0 on 3x3)", "kernel = 5", source("Ae",
                "@Autoencoder(channels = 1, height = 8, width = 8)",
                "interface Ae {",
                "  @Conv(filters = 4, kernel = 3, stride = 2) Layer conv1();",
                "  @Conv(filters = 4, kernel = 5)",
                "  Layer code();",
                "}"));
    }

    @Test
    void convNoEncoder() {
        expectError("[AestackConvNoEncoder] up() starts the decoder, but no @Conv layer comes before it", "@ConvTranspose",
                source("Ae",
                        "@Autoencoder(channels = 1, height = 8, width = 8)",
                        "interface Ae {",
                        "  @ConvTranspose(filters = 1, kernel = 1)",
                        "  Layer up();",
                        "}"));
    }

    /** The example: a stride that leaves 7x7 -> 4x4, and a declared decoder that gives 8x8 back, not 7x7. */
    @Test
    void decoderShape() {
        expectError("[AestackDecoderShape] the declared decoder ends at 1x32x32, but it must give the input's 1x28x28: "
                        + "input 1x28x28 -> conv1 8x28x28 -> conv2 8x14x14 -> code 8x7x7 -> code2 8x4x4 -> up1 8x8x8"
                        + " -> up2 8x16x16 -> pixels 1x32x32; change the last decoder layer's filters, or a kernel, stride or"
                        + " padding, so that it gives 1x28x28", "@ConvTranspose(filters = 1", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28)",
                "interface Ae {",
                CONV_ENCODER[0], CONV_ENCODER[1],
                "  @Conv(filters = 8, kernel = 3, stride = 2, padding = 1) Layer code();",
                "  @Conv(filters = 8, kernel = 3, stride = 2, padding = 1) Layer code2();",
                "  @ConvTranspose(filters = 8, kernel = 4, stride = 2, padding = 1) Layer up1();",
                "  @ConvTranspose(filters = 8, kernel = 4, stride = 2, padding = 1) Layer up2();",
                "  @ConvTranspose(filters = 1, kernel = 4, stride = 2, padding = 1)",
                "  Layer pixels();",
                "}"));
    }

    @Test
    void decoderActivation() {
        expectError("[AestackDecoderActivation] pixels() gives the reconstruction, whose activation is @Autoencoder(output ="
                        + " SIGMOID), but it declares activation = RELU", "activation = Activation.RELU", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28)",
                "interface Ae {",
                CONV_ENCODER[0], CONV_ENCODER[1],
                "  @ConvTranspose(filters = 8, kernel = 4, stride = 2, padding = 1) Layer up();",
                "  @Conv(filters = 1, kernel = 3, padding = 1,",
                "      activation = Activation.RELU) Layer pixels();",
                "}"));
    }

    @Test
    void pretrainDeclaredDecoder() {
        expectError("[AestackPretrainDeclaredDecoder] @Pretrain trains each encoder layer with its mirror, but Ae declares its"
                + " decoder", "@Pretrain", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28)",
                "@Pretrain",
                "interface Ae {",
                CONV_ENCODER[0], CONV_ENCODER[1],
                "  @ConvTranspose(filters = 8, kernel = 4, stride = 2, padding = 1) Layer up();",
                "  @Conv(filters = 1, kernel = 3, padding = 1) Layer pixels();",
                "}"));
    }

    @Test
    void convUnsupported() {
        expectError("[AestackConvUnsupported] tied = true does not apply to an autoencoder of convolutions", "tied = true",
                source("Ae",
                        "@Autoencoder(channels = 1, height = 28, width = 28,",
                        "    tied = true)",
                        "interface Ae {", CONV_ENCODER[0], CONV_ENCODER[1], "}"));
        expectError("[AestackConvUnsupported] @Supervised does not apply to an autoencoder of convolutions", "@Supervised",
                source("Ae",
                        "@Autoencoder(channels = 1, height = 28, width = 28)",
                        "@Supervised(classes = 10)",
                        "interface Ae {", CONV_ENCODER[0], CONV_ENCODER[1], "}"));
        expectError("[AestackConvUnsupported] @Contractive does not apply to an autoencoder of convolutions", "@Contractive",
                source("Ae",
                        "@Autoencoder(channels = 1, height = 28, width = 28)",
                        "interface Ae {",
                        "  @Conv(filters = 8, kernel = 3, padding = 1) @Contractive(lambda = 0.1) Layer conv1();",
                        CONV_ENCODER[1], "}"));
        expectError("[AestackConvUnsupported] @Dropout on decoder layer up() does not apply to an autoencoder of convolutions",
                "@Dropout", source("Ae",
                        "@Autoencoder(channels = 1, height = 28, width = 28)",
                        "interface Ae {", CONV_ENCODER[0], CONV_ENCODER[1],
                        "  @ConvTranspose(filters = 8, kernel = 4, stride = 2, padding = 1)",
                        "  @Dropout(p = 0.2) Layer up();",
                        "  @Conv(filters = 1, kernel = 3, padding = 1) Layer pixels();",
                        "}"));
    }

    @Test
    void convInBeliefNet() {
        expectError("[AestackNotForKind] @Conv does not apply to a @BeliefNet; remove it; its layers are RBMs", "@Conv",
                source("Net",
                        "@BeliefNet(input = 784)",
                        "interface Net {",
                        "  @Conv(filters = 2, kernel = 3) Layer code();",
                        "}"));
    }

    /** A mirrored and a declared decoder, with every regularizer that applies: generated without a warning. */
    @Test
    void convolutionalAutoencodersCompile() {
        Compilation c = javac().withProcessors(new AestackProcessor()).withOptions("-Xlint:all,-processing", "-Werror").compile(
                source("Mirrored",
                        "@Autoencoder(channels = 3, height = 32, width = 32)",
                        "@Pretrain(epochs = 1)",
                        "@Denoising(p = 0.25)",
                        "public interface Mirrored {",
                        "  @Conv(filters = 16, kernel = 3, stride = 2, padding = 1) @Dropout(p = 0.1) Layer conv1();",
                        "  @Conv(filters = 8, kernel = 3, stride = 2, padding = 1, activation = Activation.SIGMOID)",
                        "  @Sparse(lambda = 0.01, target = 0.05) Layer code();",
                        "}"),
                source("DenseImage",
                        "@Autoencoder(channels = 1, height = 28, width = 28)",
                        "@Denoising(p = 0.2, noise = Noise.BLOCKS)",
                        "public interface DenseImage { @Encoder(units = 20) Layer code(); }"),
                source("Decoded",
                        "@Autoencoder(channels = 1, height = 28, width = 28)",
                        "@Denoising(p = 0.2, noise = Noise.BLOCKS)",
                        "public interface Decoded {",
                        CONV_ENCODER[0], CONV_ENCODER[1],
                        "  @ConvTranspose(filters = 8, kernel = 4, stride = 2, padding = 1) Layer up();",
                        "  @Conv(filters = 1, kernel = 3, padding = 1) Layer pixels();",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        for (String name : new String[] {"Mirrored", "DenseImage", "Decoded"}) {
            assertThat(c).generatedSourceFile("test." + name + "Model");
            assertThat(c).generatedSourceFile("test." + name + "Trainer");
        }
    }

    @Test
    void blocksNeedImage() {
        expectError("[AestackBlocksNeedImage] Noise.BLOCKS blanks square blocks of images, but Ae declares no image input",
                "noise = Noise.BLOCKS", source("Ae",
                        "@Autoencoder(input = 784)",
                        "@Denoising(p = 0.2,",
                        "    noise = Noise.BLOCKS)",
                        "interface Ae { @Encoder(units = 10) Layer code(); }"));
    }

    @Test
    void blocksOnLayer() {
        expectError("[AestackBlocksOnLayer] Noise.BLOCKS on layer code(): blocks are blanked in the model input only",
                "noise = Noise.BLOCKS", source("Ae",
                        "@Autoencoder(channels = 1, height = 28, width = 28)",
                        "@Pretrain",
                        "interface Ae {",
                        "  @Conv(filters = 4, kernel = 3) @Denoising(p = 0.2,",
                        "      noise = Noise.BLOCKS) Layer code();",
                        "}"));
    }

    @Test
    void outputChannels() {
        expectError("[AestackOutputChannels] outputChannels = -1 is negative", "outputChannels = -1", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28,",
                "    outputChannels = -1)",
                "interface Ae { @Conv(filters = 2, kernel = 3) Layer code(); }"));
        expectError("[AestackOutputChannels] outputChannels = 3 needs a declared decoder: a mirrored one gives back the"
                + " input's 1 channel(s)", "outputChannels = 3", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28,",
                "    outputChannels = 3)",
                "interface Ae { @Conv(filters = 2, kernel = 3) Layer code(); }"));
        expectError("[AestackOutputChannels] outputChannels = 3 is for autoencoders of convolutions with a declared decoder",
                "outputChannels = 3", source("Ae",
                        "@Autoencoder(input = 784,",
                        "    outputChannels = 3)",
                        "interface Ae { @Encoder(units = 2) Layer code(); }"));
        expectError("[AestackDecoderShape] the declared decoder ends at 1x28x28, but it must give the 2x28x28 target of"
                + " outputChannels = 2", "@Conv(filters = 1", source("Ae",
                "@Autoencoder(channels = 1, height = 28, width = 28, outputChannels = 2)",
                "interface Ae {",
                CONV_ENCODER[0], CONV_ENCODER[1],
                "  @ConvTranspose(filters = 8, kernel = 4, stride = 2, padding = 1) Layer up();",
                "  @Conv(filters = 1, kernel = 3, padding = 1) Layer pixels();",
                "}"));
    }
}
