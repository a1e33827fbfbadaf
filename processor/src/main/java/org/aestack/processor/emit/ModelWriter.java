package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.CORRUPTION;
import static org.aestack.processor.emit.RuntimeTypes.MODEL_FILE;
import static org.aestack.processor.emit.RuntimeTypes.NOISE;
import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.RNG;
import static org.aestack.processor.emit.RuntimeTypes.CONTRASTIVE_DIVERGENCE;
import static org.aestack.processor.emit.RuntimeTypes.SOFTMAX;
import static org.aestack.processor.emit.RuntimeTypes.UNIT_TYPE;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.Unrolled;
import org.aestack.processor.model.Regularization;

/**
 * Writes {@code <Name>Model}: the parameters as {@code float[]} fields in PyTorch's layout, the
 * layer views, seeded initialization, and batched inference ({@code encode}, {@code decode},
 * {@code reconstruct}, {@code reconstructionError}). Each layer's encoder and decoder is a
 * package-private method that the trainer reuses for its forward pass.
 */
final class ModelWriter {
    private static final TypeName FLOATS = TypeName.get(float[].class);
    private static final ClassName RBM_METRIC = ClassName.get("org.aestack.runtime.metric", "Rbm");
    private static final ClassName BELIEF_NET = ClassName.get("org.aestack.runtime.metric", "BeliefNetBound");

    private final Unrolled spec;
    private final Plan plan;
    private final Names names;
    private final ClassName self;

    ModelWriter(Unrolled spec, Plan plan) {
        this.spec = spec;
        this.plan = plan;
        this.names = new Names(spec);
        this.self = ClassName.get(spec.packageName(), spec.modelClassName());
    }

    JavaFile write() {
        TypeSpec.Builder type = ModelParts.classStart(spec, self, javadoc());
        boolean denoising = spec.layers().get(0).fineTune().noise() != null;
        type.addSuperinterface(denoising ? RuntimeTypes.DENOISING_MODEL : RuntimeTypes.AUTOENCODER_MODEL);
        boolean generative = spec.beliefNet() && spec.layers().get(0).rbm().visible() == org.aestack.dsl.UnitType.BERNOULLI;
        if (generative) {
            type.addSuperinterface(ClassName.get("org.aestack.runtime", "BeliefNetModel"));
        }
        if (spec.supervised() != null) {
            type.addSuperinterface(RuntimeTypes.CLASSIFIER_MODEL);
        }
        addShapeConstants(type);
        ModelParts.addHeader(type, spec);
        Regularization.Corruption noise = spec.layers().get(0).fineTune().noise();
        if (noise != null) {
            type.addField(FieldSpec.builder(CORRUPTION, "NOISE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The corruption {@code @Denoising} declares, which {@link #sample} uses.\n")
                    .initializer(spec.core().input() instanceof org.aestack.processor.model.Shape.Image image
                            ? CodeBlock.of("new $T($T.$L, $L, $L, $L, $L)", CORRUPTION, NOISE, noise.kind(), noise.p(),
                                    image.channels(), image.height(), image.width())
                            : CodeBlock.of("new $T($T.$L, $L)", CORRUPTION, NOISE, noise.kind(), noise.p())).build());
        }
        ModelParts.addParameterFields(type, plan);
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(initialize());
        if (!spec.beliefNet() || spec.supervised() != null) {
            type.addMethod(initUniform());
        }
        for (LayerSpec layer : spec.layers()) {
            type.addMethod(ModelParts.layerView(names, layer));
        }
        type.addMethod(ModelParts.layers(spec, "The encoder layers, in declaration order.\n"));
        type.addMethod(ModelParts.parameters(plan, CodeBlock.of(
                "Every parameter tensor by its name in model files ({@code encoder.0.weight}, …), in a fixed\n"
                        + "order. The arrays are the model's own: writing to them changes the model.\n")));
        type.addMethod(encodeOne());
        type.addMethod(decodeOne());
        type.addMethod(ModelParts.reconstructOne());
        type.addMethod(encodeAll());
        type.addMethod(reconstructAll());
        type.addMethod(ModelParts.reconstructionError(CodeBlock.of(
                "The model's loss ($L, summed over the inputs) averaged over the rows of {@code data}.\n", lossName(spec.loss()))));
        type.addMethod(reconstructionErrors());
        type.addMethod(activations());
        if (spec.supervised() != null) {
            type.addMethod(classProbabilities());
            type.addMethod(ModelParts.classify());
            type.addMethod(ModelParts.accuracy());
        }
        if (spec.beliefNet()) {
            MethodSpec sample = sampleBeliefNet();
            type.addMethod(generative ? sample.toBuilder().addAnnotation(Override.class).build() : sample);
            if (spec.layers().get(0).rbm().visible() == org.aestack.dsl.UnitType.BERNOULLI) {
                type.addMethod(rbm());
                type.addMethod(freeEnergies());
                type.addMethod(beliefNet());
            }
        }
        if (noise != null) {
            type.addMethods(ModelParts.denoising(spec.loss()));
        }
        type.addMethod(ModelParts.provenanceView());
        type.addMethod(ModelParts.recordProvenance());
        type.addMethod(ModelParts.shapes(plan));
        type.addMethod(save());
        type.addMethod(load());
        type.addMethod(encoderBuffers());
        type.addMethod(decoderBuffers());
        type.addMethod(encodeRows());
        type.addMethod(decodeRows());
        for (LayerSpec layer : spec.layers()) {
            type.addMethod(forward(layer));
            type.addMethod(decoderForward(layer));
        }
        type.addMethod(ModelParts.checkWidth(spec));
        return Sources.file(spec, type.build());
    }

    private CodeBlock javadoc() {
        if (spec.beliefNet()) {
            String shape = spec.input() + spec.layers().stream().map(l -> " – " + l.units()).collect(Collectors.joining());
            return CodeBlock.builder()
                    .add("The {@link $T} deep belief net $L: a stack of RBMs, the top one an undirected prior, the\n",
                            Sources.declaration(spec), shape)
                    .add("ones below generating top-down. {@code encode} is the up-pass (hidden probabilities layer by\n")
                    .add("layer), {@code reconstruct} goes up and back down, {@code sample} draws from the net by Gibbs sampling\n")
                    .add("in the top RBM and a top-down pass.\n")
                    .add("\n<p>Each RBM's weights are {@code encoder.l.weight} ({@code hidden × visible}), its hidden biases\n")
                    .add("{@code encoder.l.bias} and its visible biases {@code decoder.*.bias} (the tied decoder's).\n")
                    .add("Inference methods allocate their own scratch space, so they may be called from many threads at once,\n")
                    .add("but not while a trainer is updating the model.\n")
                    .build();
        }
        String shape = spec.input() + spec.layers().stream().map(l -> " → " + l.units()).collect(Collectors.joining());
        return CodeBlock.builder()
                .add("The {@link $T} autoencoder: encoder $L, a mirrored $Ldecoder, $L loss.\n",
                        Sources.declaration(spec), shape, spec.tied() ? "tied " : "", lossName(spec.loss()))
                .add("\n<p>Parameters use PyTorch's layout: each weight matrix is {@code units × inputs}, row-major.\n")
                .add("Inference methods allocate their own scratch space, so they may be called from many threads at once,\n")
                .add("but not while a trainer is updating the model.\n")
                .build();
    }

    private static String lossName(Loss loss) {
        return loss == Loss.CROSS_ENTROPY ? "cross-entropy" : "squared-error";
    }

    private void addShapeConstants(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, Names.INPUT, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The number of inputs.\n").initializer("$L", spec.input()).build());
        if (spec.supervised() != null) {
            type.addField(ModelParts.classesConstant(spec.supervised().classes()));
        }
        for (LayerSpec layer : spec.layers()) {
            type.addField(FieldSpec.builder(int.class, Names.constant(layer), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The units of {@code $L()}.\n", layer.name()).initializer("$L", layer.units()).build());
        }
    }

    private MethodSpec initialize() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("initialize")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(long.class, "seed")
                .addJavadoc(initializeDoc())
                .addStatement("$T model = new $T()", self, self)
                .addStatement("$T rng = new $T(seed)", RNG, RNG);
        for (LayerSpec layer : spec.layers()) {
            String units = Names.constant(layer);
            String inputs = names.inputsConstant(layer);
            if (layer.isRbm()) {
                m.addStatement("rng.fillGaussian(model.$N, model.$N.length, 0f, 0.01f)", Names.weight(layer), Names.weight(layer));
                if (!spec.tied()) {
                    m.addStatement("initUniform(rng, model.$N, $L)", Names.decoderWeight(layer), units);
                }
                continue;
            }
            m.addStatement("initUniform(rng, model.$N, $L)", Names.weight(layer), inputs);
            m.addStatement("initUniform(rng, model.$N, $L)", Names.bias(layer), inputs);
            if (!spec.tied()) {
                m.addStatement("initUniform(rng, model.$N, $L)", Names.decoderWeight(layer), units);
            }
            m.addStatement("initUniform(rng, model.$N, $L)", Names.decoderBias(layer), units);
        }
        if (spec.supervised() != null) {
            m.addStatement("initUniform(rng, model.$N, $L)", Names.HEAD_WEIGHT, Names.constant(spec.code()));
            m.addStatement("initUniform(rng, model.$N, $L)", Names.HEAD_BIAS, Names.constant(spec.code()));
        }
        return m.addStatement("return model").build();
    }

    private CodeBlock initializeDoc() {
        if (spec.beliefNet()) {
            return CodeBlock.of("A new belief net as Hinton's guide to RBMs starts one: weights N(0, 0.01²), biases 0; drawn\n"
                    + "from {@code seed}. The same seed gives the same model.\n");
        }
        if (spec.hasRbmLayers()) {
            return CodeBlock.of("A new model: an RBM layer's weights N(0, 0.01²) and its biases 0, as Hinton's guide to RBMs has\n"
                    + "it; every other weight and bias uniform in ±1/√(fan-in), PyTorch's default; drawn from {@code seed}.\n"
                    + "The same seed gives the same model.\n");
        }
        return CodeBlock.of("A new model with PyTorch's default initialization: every weight and bias uniform in\n"
                + "±1/√(fan-in), drawn from {@code seed}. The same seed gives the same model.\n");
    }

    private MethodSpec initUniform() {
        return MethodSpec.methodBuilder("initUniform")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(RNG, "rng")
                .addParameter(FLOATS, "values")
                .addParameter(int.class, "fanIn")
                .addStatement("float bound = (float) (1 / Math.sqrt(fanIn))")
                .addStatement("rng.fillUniform(values, values.length, -bound, bound)")
                .build();
    }

    private MethodSpec encodeOne() {
        LayerSpec code = spec.code();
        return MethodSpec.methodBuilder("encode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(FLOATS)
                .addParameter(FLOATS, "input")
                .addJavadoc("The code of one input of {@code INPUT} values: the outputs of {@code $L()}.\n", code.name())
                .addStatement("checkWidth(input.length, $L, $S)", Names.INPUT, "input")
                .addStatement("float[][] activations = encoderBuffers(1)")
                .addStatement("encodeRows(input, 1, activations)")
                .addStatement("return activations[$L]", names.last())
                .build();
    }

    private MethodSpec decodeOne() {
        LayerSpec code = spec.code();
        return MethodSpec.methodBuilder("decode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(FLOATS)
                .addParameter(FLOATS, "code")
                .addJavadoc("The reconstruction of {@code INPUT} values from one code of {@code $L} values.\n", Names.constant(code))
                .addStatement("checkWidth(code.length, $L, $S)", Names.constant(code), "code")
                .addStatement("float[][] reconstructions = decoderBuffers(1)")
                .addStatement("decodeRows(code, 1, reconstructions)")
                .addStatement("return reconstructions[0]")
                .build();
    }

    private MethodSpec encodeAll() {
        LayerSpec code = spec.code();
        return MethodSpec.methodBuilder("encode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addParameter(DATA_SET, "data")
                .addJavadoc("The codes of every row of {@code data}, one row each, with its labels if it has them.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("int chunk = Math.min(CHUNK, data.rows())")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("float[][] activations = encoderBuffers(chunk)")
                .addStatement("float[] codes = new float[data.rows() * $L]", Names.constant(code))
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addStatement("encodeRows(input, rows, activations)")
                .addStatement("$T.arraycopy(activations[$L], 0, codes, from * $L, rows * $L)", System.class,
                        names.last(), Names.constant(code), Names.constant(code))
                .endControlFlow()
                .addStatement("return new $T(codes, data.rows(), $L, data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET, Names.constant(code))
                .build();
    }

    private MethodSpec reconstructAll() {
        return MethodSpec.methodBuilder("reconstruct")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addParameter(DATA_SET, "data")
                .addJavadoc("The reconstructions of every row of {@code data}, with its labels if it has them.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("int chunk = Math.min(CHUNK, data.rows())")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("float[][] activations = encoderBuffers(chunk)")
                .addStatement("float[][] reconstructions = decoderBuffers(chunk)")
                .addStatement("float[] output = new float[data.rows() * $L]", Names.INPUT)
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addStatement("encodeRows(input, rows, activations)")
                .addStatement("decodeRows(activations[$L], rows, reconstructions)", names.last())
                .addStatement("$T.arraycopy(reconstructions[0], 0, output, from * $L, rows * $L)", System.class,
                        Names.INPUT, Names.INPUT)
                .endControlFlow()
                .addStatement("return new $T(output, data.rows(), $L, data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET, Names.INPUT)
                .build();
    }

    private MethodSpec reconstructionErrors() {
        String kernel = spec.loss() == Loss.CROSS_ENTROPY ? "crossEntropyRows" : "squaredErrorRows";
        return ModelParts.reconstructionErrors(
                CodeBlock.of("The model's loss ($L, summed over the inputs) for each row of {@code data}: an anomaly score.\n",
                        lossName(spec.loss())),
                CodeBlock.builder()
                        .addStatement("float[][] activations = encoderBuffers(chunk)")
                        .addStatement("float[][] reconstructions = decoderBuffers(chunk)")
                        .build(),
                CodeBlock.builder()
                        .addStatement("encodeRows(input, rows, activations)")
                        .addStatement("decodeRows(activations[$L], rows, reconstructions)", names.last())
                        .addStatement("OPS.$L(reconstructions[0], input, rows, $L, errors, from)", kernel, Names.INPUT)
                        .build());
    }

    private MethodSpec activations() {
        return ModelParts.activationsStart(
                        "The outputs of encoder layer {@code layer} (from 0) for every row of {@code data}, labels kept.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("$T.checkIndex(layer, $L)", java.util.Objects.class, spec.layers().size())
                .addStatement("int[] units = {$L}", spec.layers().stream().map(l -> CodeBlock.of("$L", Names.constant(l)))
                        .collect(CodeBlock.joining(", ")))
                .addStatement("int chunk = Math.max(1, Math.min(CHUNK, data.rows()))")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("float[][] activations = encoderBuffers(chunk)")
                .addStatement("float[] out = new float[data.rows() * units[layer]]")
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addStatement("encodeRows(input, rows, activations)")
                .addStatement("$T.arraycopy(activations[layer], 0, out, from * units[layer], rows * units[layer])", System.class)
                .endControlFlow()
                .addStatement("return new $T(out, data.rows(), units[layer], data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET)
                .build();
    }

    private MethodSpec classProbabilities() {
        String code = Names.constant(spec.code());
        return MethodSpec.methodBuilder("classProbabilities")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(FLOATS)
                .addParameter(DATA_SET, "data")
                .addJavadoc("The classifier head's class probabilities for every row of {@code data}: {@code rows × $L},\n", Names.CLASSES)
                .addJavadoc("the softmax of the head applied to the codes.\n")
                .addStatement("$T codes = encode(data)", DATA_SET)
                .addStatement("float[] probabilities = new float[data.rows() * $L]", Names.CLASSES)
                .addStatement("OPS.gemmNT(data.rows(), $L, $L, 1f, codes.toArray(), $L, $N, $L, 0f, probabilities, $L)",
                        Names.CLASSES, code, code, Names.HEAD_WEIGHT, code, Names.CLASSES)
                .addStatement("OPS.addBias(probabilities, $N, data.rows(), $L)", Names.HEAD_BIAS, Names.CLASSES)
                .addStatement("$T.probabilities(probabilities, data.rows(), $L)", SOFTMAX, Names.CLASSES)
                .addStatement("return probabilities")
                .build();
    }

    private MethodSpec sampleBeliefNet() {
        LayerSpec top = spec.code();
        String topInputs = names.inputsConstant(top);
        MethodSpec.Builder m = ModelParts.sampleStart(CodeBlock.builder()
                        .add("Draws {@code count} samples from the belief net: {@code sweeps} sweeps of Gibbs sampling in the top\n")
                        .add("RBM from random binary states, then one top-down pass of probabilities through the layers below.\n")
                        .add("Returns the visible probabilities (the means, for Gaussian visibles), one row per sample.\n")
                        .build())
                .addStatement("float[] $N = new float[count * $L]", names.reconstruction(top), topInputs)
                .addCode(ModelParts.randomBinary(names.reconstruction(top)))
                .addStatement("new $T($L, $L, $T.$L, $T.BERNOULLI, count, 1, false, 0)\n$>$>.gibbs($N, count, sweeps, $N, $N, $N, rng)$<$<",
                        CONTRASTIVE_DIVERGENCE, topInputs, Names.constant(top), UNIT_TYPE,
                        spec.layers().size() == 1 ? spec.layers().get(0).rbm().visible() : "BERNOULLI",
                        UNIT_TYPE, names.reconstruction(top), Names.weight(top), Names.decoderBias(top), Names.bias(top));
        for (int l = names.last() - 1; l >= 0; l--) {
            LayerSpec layer = names.layer(l);
            m.addStatement("float[] $N = new float[count * $L]", names.reconstruction(layer), names.inputsConstant(layer));
            m.addStatement("$N($N, count, $N)", Names.decoderForward(layer), names.reconstruction(names.layer(l + 1)),
                    names.reconstruction(layer));
        }
        return m.addStatement("return $T.of($N, count, $L)", DATA_SET, names.reconstruction(names.layer(0)), Names.INPUT).build();
    }

    private MethodSpec rbm() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("rbm")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RBM_METRIC)
                .addParameter(int.class, "layer")
                .addJavadoc("RBM {@code layer} (from 0, the bottom) as a probability model, with a copy of its parameters.\n")
                .beginControlFlow("switch (layer)");
        for (LayerSpec layer : spec.layers()) {
            m.addStatement("case $L: return new $T($L, $L, $N, $N, $N)", layer.index(), RBM_METRIC, names.inputsConstant(layer),
                    Names.constant(layer), Names.weight(layer), Names.decoderBias(layer), Names.bias(layer));
        }
        return ModelParts.endLayerSwitch(m, spec.layers().size());
    }

    private MethodSpec freeEnergies() {
        return MethodSpec.methodBuilder("freeEnergies")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double[].class)
                .addParameter(DATA_SET, "data")
                .addJavadoc("The free energy of every row under the first RBM, F(v) = −bᵀv − Σⱼ softplus(cⱼ + Wⱼ·v): low for\n")
                .addJavadoc("data like the training data, so a score for anomaly detection.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("$T rbm = rbm(0)", RBM_METRIC)
                .addStatement("double[] energies = new double[data.rows()]")
                .beginControlFlow("for (int r = 0; r < energies.length; r++)")
                .addStatement("energies[r] = rbm.freeEnergy(data.row(r))")
                .endControlFlow()
                .addStatement("return energies")
                .build();
    }

    private MethodSpec beliefNet() {
        CodeBlock sizes = CodeBlock.of("$L, $L", Names.INPUT, spec.layers().stream()
                .map(l -> CodeBlock.of("$L", Names.constant(l))).collect(CodeBlock.joining(", ")));
        CodeBlock weights = spec.layers().stream().map(l -> CodeBlock.of("$N", Names.weight(l))).collect(CodeBlock.joining(", "));
        CodeBlock visible = spec.layers().stream().map(l -> CodeBlock.of("$N", Names.decoderBias(l))).collect(CodeBlock.joining(", "));
        CodeBlock hidden = spec.layers().stream().map(l -> CodeBlock.of("$N", Names.bias(l))).collect(CodeBlock.joining(", "));
        return MethodSpec.methodBuilder("beliefNet")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(BELIEF_NET)
                .addJavadoc("The stack of RBMs as a probability model, with a copy of its parameters.\n")
                .addStatement("return new $T(new int[] {$L},\n$>$>new float[][] {$L},\nnew float[][] {$L},\nnew float[][] {$L})$<$<",
                        BELIEF_NET, sizes, weights, visible, hidden)
                .build();
    }

    private MethodSpec save() {
        String shape = spec.input() + spec.layers().stream().map(l -> "-" + l.units()).collect(Collectors.joining());
        return MethodSpec.methodBuilder("save")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(java.nio.file.Path.class, "file")
                .addException(java.io.IOException.class)
                .addJavadoc("Saves the parameters as safetensors, atomically: a crash leaves any previous file whole. The\n")
                .addJavadoc("metadata records the declaration and its hash, the shape, the provenance, and the versions.\n")
                .addStatement("$T<String, String> metadata = new $T<>(provenance)", Map.class, LinkedHashMap.class)
                .addStatement("metadata.put($S, DECLARATION_HASH)", "aestack.declaration.hash")
                .addStatement("metadata.put($S, $S)", "aestack.layers", shape)
                .addStatement("metadata.put($S, $S)", "aestack.loss", spec.loss().toString())
                .addStatement("metadata.put($S, $S)", "aestack.tied", Boolean.toString(spec.tied()))
                .addStatement("$T.write(file, DECLARATION, parameters(), shapes(), metadata)", MODEL_FILE)
                .build();
    }

    private MethodSpec load() {
        return ModelParts.loadStart(self, "")
                .addStatement("in.expectTensors(model.parameters().keySet())")
                .addStatement("$T<String, int[]> shapes = shapes()", Map.class)
                .beginControlFlow("for ($T<String, float[]> tensor : model.parameters().entrySet())", Map.Entry.class)
                .addStatement("in.copy(tensor.getKey(), shapes.get(tensor.getKey()), tensor.getValue())")
                .endControlFlow()
                .addCode(ModelParts.provenanceFromFile())
                .addStatement("return model")
                .build();
    }

    /** {@code encodeRows} runs every encoder, writing layer {@code l}'s outputs to {@code activations[l]}. */
    private MethodSpec encodeRows() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("encodeRows")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(FLOATS, "input")
                .addParameter(int.class, "rows")
                .addParameter(float[][].class, "activations");
        for (LayerSpec layer : spec.layers()) {
            m.addStatement("$N($L, rows, activations[$L])", Names.forward(layer),
                    layer.index() == 0 ? CodeBlock.of("input") : CodeBlock.of("activations[$L]", layer.index() - 1), layer.index());
        }
        return m.build();
    }

    /** {@code decodeRows} runs every decoder; {@code reconstructions[l]} is layer {@code l}'s decoder output. */
    private MethodSpec decodeRows() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("decodeRows")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(FLOATS, "code")
                .addParameter(int.class, "rows")
                .addParameter(float[][].class, "reconstructions");
        for (int l = names.last(); l >= 0; l--) {
            LayerSpec layer = names.layer(l);
            m.addStatement("$N($L, rows, reconstructions[$L])", Names.decoderForward(layer),
                    l == names.last() ? CodeBlock.of("code") : CodeBlock.of("reconstructions[$L]", l + 1), l);
        }
        return m.build();
    }

    private MethodSpec forward(LayerSpec layer) {
        String units = Names.constant(layer);
        String inputs = names.inputsConstant(layer);
        return MethodSpec.methodBuilder(Names.forward(layer))
                .addJavadoc("$L's encoder over {@code rows} rows: {@code output = $L(input · Wᵀ + b)}.\n",
                        layer.name(), activationName(layer.activation()))
                .addParameter(FLOATS, "input")
                .addParameter(int.class, "rows")
                .addParameter(FLOATS, "output")
                .addStatement("OPS.gemmNT(rows, $L, $L, 1f, input, $L, $N, $L, 0f, output, $L)",
                        units, inputs, inputs, Names.weight(layer), inputs, units)
                .addStatement("OPS.$L(output, $N, rows, $L)", Names.withBias(layer.activation()), Names.bias(layer), units)
                .build();
    }

    private MethodSpec decoderForward(LayerSpec layer) {
        String units = Names.constant(layer);
        String inputs = names.inputsConstant(layer);
        MethodSpec.Builder m = MethodSpec.methodBuilder(Names.decoderForward(layer))
                .addParameter(FLOATS, "input")
                .addParameter(int.class, "rows")
                .addParameter(FLOATS, "output");
        if (spec.tied()) {
            m.addJavadoc("$L's decoder, tied: {@code output = $L(input · W + c)} with the encoder's {@code W}.\n",
                    layer.name(), activationName(names.decoderActivation(layer, spec.output())));
            m.addStatement("OPS.gemmNN(rows, $L, $L, 1f, input, $L, $N, $L, 0f, output, $L)",
                    inputs, units, units, Names.weight(layer), inputs, inputs);
        } else {
            m.addJavadoc("$L's decoder: {@code output = $L(input · Vᵀ + c)}.\n",
                    layer.name(), activationName(names.decoderActivation(layer, spec.output())));
            m.addStatement("OPS.gemmNT(rows, $L, $L, 1f, input, $L, $N, $L, 0f, output, $L)",
                    inputs, units, units, Names.decoderWeight(layer), units, inputs);
        }
        return m.addStatement("OPS.$L(output, $N, rows, $L)", Names.withBias(names.decoderActivation(layer, spec.output())),
                Names.decoderBias(layer), inputs).build();
    }

    private MethodSpec encoderBuffers() {
        CodeBlock sizes = spec.layers().stream()
                .map(layer -> CodeBlock.of("new float[rows * $L]", Names.constant(layer)))
                .collect(CodeBlock.joining(", "));
        return MethodSpec.methodBuilder("encoderBuffers")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(float[][].class)
                .addParameter(int.class, "rows")
                .addJavadoc("Scratch space for {@code rows} rows of every encoder's outputs, by layer.\n")
                .addStatement("return new float[][] {$L}", sizes)
                .build();
    }

    private MethodSpec decoderBuffers() {
        CodeBlock sizes = spec.layers().stream()
                .map(layer -> CodeBlock.of("new float[rows * $L]", names.inputsConstant(layer)))
                .collect(CodeBlock.joining(", "));
        return MethodSpec.methodBuilder("decoderBuffers")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(float[][].class)
                .addParameter(int.class, "rows")
                .addJavadoc("Scratch space for {@code rows} rows of every decoder's outputs, by layer.\n")
                .addStatement("return new float[][] {$L}", sizes)
                .build();
    }

    static String activationName(Activation activation) {
        switch (activation) {
            case SIGMOID: return "sigmoid";
            case TANH: return "tanh";
            case RELU: return "relu";
            default: return "";
        }
    }
}
