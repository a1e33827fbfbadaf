package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.KERNELS;
import static org.aestack.processor.emit.RuntimeTypes.KERNEL_OPS;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.DeclarationHash;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;

/**
 * What every generated model has in common, whatever the model kind: the inference chunk, the
 * kernels, its declaration's name and hash for model files, its provenance, and the width check
 * behind every clear error about a row's size. {@link ModelWriter} and {@link BoltzmannModelWriter}
 * add what their kind computes.
 */
final class ModelParts {
    /** Rows the batch inference methods process at a time. */
    static final int CHUNK = 256;
    /** Images at a time for a model of convolutions, whose workspaces grow with the chunk. */
    static final int IMAGE_CHUNK = 64;

    private ModelParts() {}

    /** {@code CHUNK}, {@code OPS}, {@code DECLARATION}, {@code DECLARATION_HASH} and the provenance map. */
    static void addHeader(TypeSpec.Builder type, ModelSpec spec) {
        boolean images = spec instanceof org.aestack.processor.model.ConvAutoencoderSpec;
        type.addField(FieldSpec.builder(int.class, "CHUNK", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(images ? "Images the batch inference methods process at a time (each convolution's workspace grows with it).\n"
                        : "Rows the batch inference methods process at a time.\n")
                .initializer("$L", images ? IMAGE_CHUNK : CHUNK).build());
        type.addField(FieldSpec.builder(KERNEL_OPS, "OPS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.ops()", KERNELS).build());
        addIdentity(type, spec);
    }

    /** {@code DECLARATION}, {@code DECLARATION_HASH} (and the first version's, where there is one) and the provenance map. */
    static void addIdentity(TypeSpec.Builder type, ModelSpec spec) {
        type.addField(FieldSpec.builder(String.class, "DECLARATION", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The declaration this model was generated from, as recorded in its model files.\n")
                .initializer("$S", spec.packageName().isEmpty() ? spec.sourceName() : spec.packageName() + "." + spec.sourceName())
                .build());
        type.addField(FieldSpec.builder(String.class, "DECLARATION_HASH", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("A hash of what gives the tensors their meaning (kind, layers, shapes, activations, loss), recorded\n")
                .addJavadoc("in model files so a file saved from another version of the declaration is refused even when its\n")
                .addJavadoc("shapes fit; training settings are not in it.\n")
                .initializer("$S", DeclarationHash.of(spec)).build());
        String legacy = DeclarationHash.legacy(spec);
        if (legacy != null) {
            type.addField(FieldSpec.builder(String.class, "FIRST_DECLARATION_HASH", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The hash files saved before the stable one recorded (of every setting, training ones too):\n")
                    .addJavadoc("such files load while the declaration is as it was.\n")
                    .initializer("$S", legacy).build());
        }
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(Map.class, String.class, String.class), "provenance",
                        Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("How the parameters came to be: seeds, settings, data; written to and read from model files.\n")
                .initializer("new $T<>()", LinkedHashMap.class).build());
    }

    /**
     * The start of a generated model: public, final, {@code @Generated}, with {@code javadoc}, and
     * implementing the declaration (or extending it, for an abstract class).
     */
    static TypeSpec.Builder classStart(ModelSpec spec, ClassName self, CodeBlock javadoc) {
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Sources.generated(spec))
                .addJavadoc(javadoc);
        ClassName declaration = Sources.declaration(spec);
        return spec.isInterface() ? type.addSuperinterface(declaration) : type.superclass(declaration);
    }

    /** The start of {@code activations(layer, data)}, every model's view of one layer's outputs; {@code doc} says how. */
    static MethodSpec.Builder activationsStart(String doc) {
        return MethodSpec.methodBuilder("activations")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.DATA_SET)
                .addParameter(int.class, "layer")
                .addParameter(RuntimeTypes.DATA_SET, "data")
                .addJavadoc(doc);
    }

    /** Ends a {@code switch (layer)} begun in {@code m}: any other layer number is out of bounds. */
    static MethodSpec endLayerSwitch(MethodSpec.Builder m, int layers) {
        return m.addStatement("default: throw new $T($S + layer)", IndexOutOfBoundsException.class,
                        "layers are numbered 0 to " + (layers - 1) + ", not ")
                .endControlFlow()
                .build();
    }

    /** {@code classify(data)}, from the model's {@code classProbabilities}. */
    static MethodSpec classify() {
        return MethodSpec.methodBuilder("classify")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int[].class)
                .addParameter(RuntimeTypes.DATA_SET, "data")
                .addJavadoc("The most probable class of every row of {@code data}.\n")
                .addStatement("return $T.argmax(classProbabilities(data), data.rows(), $L)", RuntimeTypes.SOFTMAX, Names.CLASSES)
                .build();
    }

    /** {@code accuracy(labeled)}, from the model's {@code classify}. */
    static MethodSpec accuracy() {
        return MethodSpec.methodBuilder("accuracy")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(RuntimeTypes.DATA_SET, "labeled")
                .addJavadoc("The fraction of the rows of {@code labeled} that {@link #classify} gets right.\n")
                .beginControlFlow("if (!labeled.hasLabels() || labeled.rows() == 0)")
                .addStatement("throw new $T($S + labeled)", IllegalArgumentException.class, "accuracy needs labeled rows, not ")
                .endControlFlow()
                .addStatement("int[] predicted = classify(labeled)")
                .addStatement("int right = 0")
                .beginControlFlow("for (int r = 0; r < predicted.length; r++)")
                .addStatement("right += predicted[r] == labeled.label(r) ? 1 : 0")
                .endControlFlow()
                .addStatement("return right / (double) predicted.length")
                .build();
    }

    /** The {@code CLASSES} constant of a model with a classifier. */
    static FieldSpec classesConstant(int classes) {
        return FieldSpec.builder(int.class, Names.CLASSES, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The classes of the {@code @Supervised} head.\n").initializer("$L", classes).build();
    }

    /** A field for each of the model's tensors in the plan, sized by the shape constants. */
    static void addParameterFields(TypeSpec.Builder type, Plan plan) {
        for (Plan.Tensor t : plan.fieldOrder(Plan.Owner.MODEL)) {
            FieldSpec.Builder f = FieldSpec.builder(float[].class, t.field(), Modifier.FINAL).initializer("new float[$L]", t.size());
            if (t.doc() != null) {
                f.addJavadoc(t.doc());
            }
            type.addField(f.build());
        }
    }

    /** {@code parameters()}: the model's tensors by their names in model files, in file order; {@code doc} says which. */
    static MethodSpec parameters(Plan plan, CodeBlock doc) {
        TypeName map = ParameterizedTypeName.get(Map.class, String.class, float[].class);
        MethodSpec.Builder m = MethodSpec.methodBuilder("parameters")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(map)
                .addJavadoc(doc)
                .addStatement("$T parameters = new $T<>()", map, LinkedHashMap.class);
        for (Plan.Tensor t : plan.owned(Plan.Owner.MODEL)) {
            m.addStatement("parameters.put($S, $N)", t.file(), t.field());
        }
        return m.addStatement("return $T.unmodifiableMap(parameters)", Collections.class).build();
    }

    /** {@code shapes()}: the shape of each of the model's tensors, by the names of {@code parameters()}. */
    static MethodSpec shapes(Plan plan) {
        TypeName map = ParameterizedTypeName.get(Map.class, String.class, int[].class);
        MethodSpec.Builder m = MethodSpec.methodBuilder("shapes")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(map)
                .addJavadoc("The shape of every parameter tensor, by the names of {@link #parameters()}.\n")
                .addStatement("$T shapes = new $T<>()", map, LinkedHashMap.class);
        for (Plan.Tensor t : plan.owned(Plan.Owner.MODEL)) {
            m.addStatement("shapes.put($S, $L)", t.file(), t.shape());
        }
        return m.addStatement("return $T.unmodifiableMap(shapes)", Collections.class).build();
    }

    /** A layer method's view of its weights and bias. */
    static MethodSpec layerView(Names names, LayerSpec layer) {
        return MethodSpec.methodBuilder(layer.name())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.LAYER)
                .addStatement("return new $T($S, $L, $L, $T.$L, $N, $N)", RuntimeTypes.DENSE_LAYER, layer.name(),
                        names.inputsConstant(layer), Names.constant(layer), RuntimeTypes.ACTIVATION, layer.activation(),
                        Names.weight(layer), Names.bias(layer))
                .build();
    }

    /** {@code layers()}: every layer view, in declaration order. */
    static MethodSpec layers(ModelSpec spec, String doc) {
        CodeBlock calls = spec.layers().stream().map(l -> CodeBlock.of("$N()", l.name())).collect(CodeBlock.joining(", "));
        return MethodSpec.methodBuilder("layers")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(java.util.List.class), RuntimeTypes.LAYER))
                .addJavadoc(doc)
                .addStatement("return $T.of($L)", java.util.List.class, calls)
                .build();
    }

    /** {@code reconstructionError(data)}: the mean of {@code reconstructionErrors(data)}. */
    static MethodSpec reconstructionError(CodeBlock doc) {
        return MethodSpec.methodBuilder("reconstructionError")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(RuntimeTypes.DATA_SET, "data")
                .addJavadoc(doc)
                .addStatement("double sum = 0")
                .beginControlFlow("for (double error : reconstructionErrors(data))")
                .addStatement("sum += error")
                .endControlFlow()
                .addStatement("return sum / data.rows()")
                .build();
    }

    /**
     * {@code reconstructionErrors(data)}: each row's loss, chunk by chunk. {@code buffers} declares the
     * chunk's scratch (after {@code chunk} and {@code input}); {@code perChunk} scores {@code rows} rows of
     * {@code input} into {@code errors} from row {@code from}.
     */
    static MethodSpec reconstructionErrors(CodeBlock doc, CodeBlock buffers, CodeBlock perChunk) {
        return MethodSpec.methodBuilder("reconstructionErrors")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double[].class)
                .addParameter(RuntimeTypes.DATA_SET, "data")
                .addJavadoc(doc)
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .beginControlFlow("if (data.rows() == 0)")
                .addStatement("throw new $T($S)", IllegalArgumentException.class, "the data set is empty")
                .endControlFlow()
                .addStatement("int chunk = Math.min(CHUNK, data.rows())")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addCode(buffers)
                .addStatement("double[] errors = new double[data.rows()]")
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addCode(perChunk)
                .endControlFlow()
                .addStatement("return errors")
                .build();
    }

    /**
     * The start of {@code sample(count, sweeps, seed)}: its signature and javadoc, the check of its
     * arguments, and {@code rng} drawn from the seed.
     */
    static MethodSpec.Builder sampleStart(CodeBlock doc) {
        return MethodSpec.methodBuilder("sample")
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.DATA_SET)
                .addParameter(int.class, "count")
                .addParameter(int.class, "sweeps")
                .addParameter(long.class, "seed")
                .addJavadoc(doc)
                .beginControlFlow("if (count < 1 || sweeps < 1)")
                .addStatement("throw new $T($S + count + $S + sweeps)", IllegalArgumentException.class,
                        "sampling needs at least one sample and one sweep, not ", " and ")
                .endControlFlow()
                .addStatement("$T rng = new $T(seed)", RuntimeTypes.RNG, RuntimeTypes.RNG);
    }

    /** Fills the array {@code states} with random binary states, each unit on with probability ½, from {@code rng}. */
    static CodeBlock randomBinary(String states) {
        return CodeBlock.builder()
                .addStatement("rng.fillUniform($L, $L.length, 0f, 1f)", states, states)
                .beginControlFlow("for (int i = 0; i < $L.length; i++)", states)
                .addStatement("$L[i] = $L[i] < 0.5f ? 0f : 1f", states, states)
                .endControlFlow()
                .build();
    }

    static MethodSpec provenanceView() {
        return MethodSpec.methodBuilder("provenance")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Map.class, String.class, String.class))
                .addJavadoc("How the parameters came to be, as the trainer recorded it or the loaded file said: seed,\n")
                .addJavadoc("settings, data fingerprint, epochs.\n")
                .addStatement("return $T.unmodifiableMap(provenance)", Collections.class)
                .build();
    }

    static MethodSpec recordProvenance() {
        return MethodSpec.methodBuilder("recordProvenance")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "key")
                .addParameter(String.class, "value")
                .addStatement("provenance.put(key, value)")
                .build();
    }

    /**
     * The start of {@code load}: its signature and javadoc ({@code loaded} says what else it reads),
     * the file read, checked to hold this declaration, and an empty {@code model} to fill.
     */
    static MethodSpec.Builder loadStart(com.palantir.javapoet.ClassName self, String loaded) {
        return loadStart(self, loaded, true);
    }

    /** {@link #loadStart(com.palantir.javapoet.ClassName, String)}, for a kind with or without a first-version hash. */
    static MethodSpec.Builder loadStart(com.palantir.javapoet.ClassName self, String loaded, boolean firstHash) {
        return MethodSpec.methodBuilder("load")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(java.nio.file.Path.class, "file")
                .addException(java.io.IOException.class)
                .addJavadoc("Loads a model saved by {@link #save}, checking that the file is whole and holds this model,\n")
                .addJavadoc("tensor by tensor and shape by shape$L.\n\n", loaded)
                .addJavadoc("@throws $T saying what is wrong\n", com.palantir.javapoet.ClassName.get("org.aestack.runtime.io", "ModelFormatException"))
                .addStatement("$T in = $T.read(file)", RuntimeTypes.MODEL_FILE, RuntimeTypes.MODEL_FILE)
                .addStatement("in.expectModel(DECLARATION)")
                .addStatement(firstHash ? "in.expectDeclarationHash(DECLARATION_HASH, FIRST_DECLARATION_HASH)"
                        : "in.expectDeclarationHash(DECLARATION_HASH)")
                .addStatement("$T model = new $T()", self, self);
    }

    /** In {@code load}: the training provenance of the file {@code in} into {@code model}. */
    static CodeBlock provenanceFromFile() {
        return CodeBlock.builder()
                .beginControlFlow("for ($T<String, String> entry : in.metadata().entrySet())", Map.Entry.class)
                .beginControlFlow("if (entry.getKey().startsWith($S))", "train.")
                .addStatement("model.provenance.put(entry.getKey(), entry.getValue())")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    static MethodSpec checkWidth(ModelSpec spec) {
        return MethodSpec.methodBuilder("checkWidth")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(int.class, "actual")
                .addParameter(int.class, "expected")
                .addParameter(String.class, "what")
                .beginControlFlow("if (actual != expected)")
                .addStatement("throw new $T($S + what + $S + expected + $S + actual)", IllegalArgumentException.class,
                        spec.sourceName() + ": the ", " must have ", " values, not ")
                .endControlFlow()
                .build();
    }

    /** {@code reconstruct(input)}: one input through the encoder and the decoder. */
    static MethodSpec reconstructOne() {
        return MethodSpec.methodBuilder("reconstruct")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(float[].class)
                .addParameter(float[].class, "input")
                .addJavadoc("{@code decode(encode(input))}.\n")
                .addStatement("return decode(encode(input))")
                .build();
    }

    /** A denoising model's {@code noise()} and {@code sample(start, steps, seed)} by the corrupt-and-reconstruct chain. */
    static List<MethodSpec> denoising(org.aestack.dsl.Loss loss) {
        MethodSpec noise = MethodSpec.methodBuilder("noise")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.CORRUPTION)
                .addStatement("return NOISE")
                .build();
        boolean binary = loss == org.aestack.dsl.Loss.CROSS_ENTROPY;
        MethodSpec sample = MethodSpec.methodBuilder("sample")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.DATA_SET))
                .addParameter(RuntimeTypes.DATA_SET, "start")
                .addParameter(int.class, "steps")
                .addParameter(long.class, "seed")
                .addJavadoc("Samples by the denoising Markov chain (Bengio et al. 2013): {@code steps} rounds of corrupting with\n")
                .addJavadoc("{@link #NOISE} and reconstructing$L, one chain per row of {@code start}; returns the\n",
                        binary ? ", sampling binary pixels from each reconstruction" : "")
                .addJavadoc("mean reconstruction after each step.\n")
                .addStatement("return $T.run(this::reconstruct, NOISE, $L, start, steps, new $T(seed))",
                        RuntimeTypes.DENOISING_CHAIN, binary, RuntimeTypes.RNG)
                .build();
        return List.of(noise, sample);
    }
}
