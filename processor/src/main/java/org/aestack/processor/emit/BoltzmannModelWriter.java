package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.DEEP_BOLTZMANN;
import static org.aestack.processor.emit.RuntimeTypes.MODEL_FILE;
import static org.aestack.processor.emit.RuntimeTypes.RNG;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.BoltzmannSettings;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.BoltzmannMachineSpec;

/**
 * Writes {@code <Name>Model} for a {@code @BoltzmannMachine}: one weight matrix per hidden layer
 * (from the layer below, PyTorch's layout), one bias vector per layer, the visible one first, and
 * the persistent chains training leaves behind; mean-field inference, Gibbs sampling and the
 * likelihood measures on the runtime's {@code DeepBoltzmann} and {@code Dbm}.
 */
final class BoltzmannModelWriter {
    static final ClassName DBM = ClassName.get("org.aestack.runtime.metric", "Dbm");
    static final ClassName MODEL_INTERFACE = ClassName.get("org.aestack.runtime", "BoltzmannMachineModel");
    static final String VISIBLE_BIAS = "visibleBias";

    private final BoltzmannMachineSpec spec;
    private final Plan plan;
    private final BoltzmannSettings dbm;
    private final Names names;
    private final ClassName self;
    private final List<LayerSpec> layers;

    BoltzmannModelWriter(BoltzmannMachineSpec spec, Plan plan) {
        this.spec = spec;
        this.plan = plan;
        this.dbm = spec.boltzmann();
        this.names = new Names(spec);
        this.self = ClassName.get(spec.packageName(), spec.modelClassName());
        this.layers = spec.layers();
    }

    /** The tensor name of a hidden layer's weights or bias in model files: {@code hidden.0.weight}. */
    static String tensor(LayerSpec layer, boolean weight) {
        return "hidden." + layer.index() + (weight ? ".weight" : ".bias");
    }

    /** {@code {INPUT, FEATURES, TOP}}: the units of every layer, visible first. */
    private CodeBlock sizes() {
        return CodeBlock.of("$L, $L", Names.INPUT, layers.stream().map(l -> CodeBlock.of("$L", Names.constant(l)))
                .collect(CodeBlock.joining(", ")));
    }

    private String shape() {
        return spec.input() + "-" + layers.stream().map(l -> Integer.toString(l.units())).collect(Collectors.joining("-"));
    }

    JavaFile write() {
        TypeSpec.Builder type = ModelParts.classStart(spec, self, javadoc());
        type.addSuperinterface(MODEL_INTERFACE);
        if (spec.supervised() != null) {
            type.addSuperinterface(RuntimeTypes.CLASSIFIER_MODEL);
        }
        addConstants(type);
        addFields(type);
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(initialize());
        for (LayerSpec layer : layers) {
            type.addMethod(ModelParts.layerView(names, layer));
        }
        type.addMethod(ModelParts.layers(spec, "The hidden layers, from the lowest up.\n"));
        type.addMethod(ModelParts.parameters(plan, CodeBlock.of(
                "Every parameter tensor by its name in model files ({@code visible.bias},\n"
                        + "{@code hidden.0.weight}, …), in a fixed order. The arrays are the model's own: writing to\n"
                        + "them changes the model.\n")));
        type.addMethod(weights());
        type.addMethod(biases());
        type.addMethod(encodeOne());
        type.addMethod(decodeOne());
        type.addMethod(reconstructOne());
        type.addMethod(encodeAll());
        type.addMethod(reconstructAll());
        type.addMethod(ModelParts.reconstructionError(
                CodeBlock.of("The cross-entropy of {@link #reconstruct}, summed over the inputs, averaged over the rows.\n")));
        type.addMethod(reconstructionErrors());
        type.addMethod(activations());
        type.addMethod(posteriors());
        type.addMethod(sample());
        type.addMethod(keepChains());
        type.addMethod(chainCount());
        type.addMethod(dbmMethod());
        type.addMethod(exactLogZ());
        type.addMethod(logLikelihoodBound());
        type.addMethod(exactLogLikelihood());
        type.addMethod(classifier());
        if (spec.supervised() != null) {
            type.addMethod(classifierNet());
            type.addMethod(classProbabilities());
            type.addMethod(ModelParts.classify());
            type.addMethod(ModelParts.accuracy());
        }
        type.addMethod(ModelParts.provenanceView());
        type.addMethod(ModelParts.recordProvenance());
        type.addMethod(ModelParts.shapes(plan));
        type.addMethod(save());
        type.addMethod(load());
        type.addMethod(meanField());
        type.addMethod(visibleMeans());
        type.addMethod(ModelParts.checkWidth(spec));
        return Sources.file(spec, type.build());
    }

    private CodeBlock javadoc() {
        return CodeBlock.builder()
                .add("The {@link $L} deep Boltzmann machine $L: every layer coupled to the layers next to it,\n",
                        spec.sourceName(), shape().replace("-", " – "))
                .add("energy E = −Σₗ hₗ₊₁ᵀ Wₗ hₗ − Σₗ bₗᵀ hₗ over binary states (h⁰ = v). {@code encode} is the\n")
                .add("mean-field posterior of the top layer, {@code reconstruct} the visible means given the first\n")
                .add("hidden layer's posterior, {@code sample} Gibbs sampling from the persistent chains of training.\n\n")
                .add("<p>Each hidden layer's weights are {@code hidden.l.weight} ({@code units × units below}), its\n")
                .add("bias {@code hidden.l.bias}; the visible biases are {@code visible.bias}. Inference methods\n")
                .add("allocate their own scratch space, so they may be called from many threads at once, but not\n")
                .add("while a trainer is updating the model.\n")
                .build();
    }

    private void addConstants(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, Names.INPUT, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The number of visible units.\n")
                .initializer("$L", spec.input()).build());
        for (LayerSpec layer : layers) {
            type.addField(FieldSpec.builder(int.class, Names.constant(layer), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The units of {@code $N()}.\n", layer.name())
                    .initializer("$L", layer.units()).build());
        }
        if (spec.supervised() != null) {
            type.addField(ModelParts.classesConstant(spec.supervised().classes()));
        }
        type.addField(FieldSpec.builder(int[].class, "SIZES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The units of every layer, visible first.\n")
                .initializer("{$L}", sizes()).build());
        type.addField(FieldSpec.builder(int.class, "MEAN_FIELD_ITERATIONS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The most mean-field sweeps inference takes, from {@code @JointTraining}.\n")
                .initializer("$L", dbm.meanFieldIterations()).build());
        type.addField(FieldSpec.builder(double.class, "TOLERANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Mean-field stops when no posterior moves by more than this.\n")
                .initializer("$L", dbm.tolerance()).build());
        ModelParts.addHeader(type, spec);
    }

    private void addFields(TypeSpec.Builder type) {
        ModelParts.addParameterFields(type, plan);
        type.addField(FieldSpec.builder(float[][].class, "chains", Modifier.PRIVATE)
                .addJavadoc("The persistent chains' states, by layer (visible first), {@code chainCount} rows each; none\n")
                .addJavadoc("until a trainer keeps them.\n")
                .initializer("new float[$L][0]", layers.size() + 1).build());
        type.addField(FieldSpec.builder(int.class, "chainCount", Modifier.PRIVATE).build());
    }

    private MethodSpec initialize() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("initialize")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(long.class, "seed")
                .addJavadoc("A new machine as Hinton's guide to RBMs starts one: weights N(0, 0.01²), biases 0; drawn\n")
                .addJavadoc("from {@code seed}. The same seed gives the same model.\n")
                .addStatement("$T model = new $T()", self, self)
                .addStatement("$T rng = new $T(seed)", RNG, RNG);
        for (LayerSpec layer : layers) {
            m.addStatement("rng.fillGaussian(model.$N, model.$N.length, 0f, 0.01f)", Names.weight(layer), Names.weight(layer));
        }
        return m.addStatement("return model").build();
    }

    private MethodSpec weights() {
        return MethodSpec.methodBuilder("weights")
                .returns(float[][].class)
                .addJavadoc("The weight matrices, lowest first, live: as the runtime's DBM classes take them.\n")
                .addStatement("return new float[][] {$L}", layers.stream().map(l -> CodeBlock.of("$N", Names.weight(l)))
                        .collect(CodeBlock.joining(", ")))
                .build();
    }

    private MethodSpec biases() {
        return MethodSpec.methodBuilder("biases")
                .returns(float[][].class)
                .addJavadoc("The bias vectors, visible first, live.\n")
                .addStatement("return new float[][] {$N, $L}", VISIBLE_BIAS,
                        layers.stream().map(l -> CodeBlock.of("$N", Names.bias(l))).collect(CodeBlock.joining(", ")))
                .build();
    }

    private MethodSpec encodeOne() {
        String top = Names.constant(spec.code());
        return MethodSpec.methodBuilder("encode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(float[].class)
                .addParameter(float[].class, "input")
                .addJavadoc("The mean-field posterior of the top layer, {@code $L} values, for one input.\n", top)
                .addStatement("checkWidth(input.length, $L, $S)", Names.INPUT, "input")
                .addStatement("float[][] mu = meanField(input, 1)")
                .addStatement("return mu[$L]", layers.size())
                .build();
    }

    private MethodSpec decodeOne() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("decode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(float[].class)
                .addParameter(float[].class, "code")
                .addJavadoc("The top-down pass of means from one state of the top layer: each layer below given only the\n")
                .addJavadoc("one above it, down to the visible probabilities.\n")
                .addStatement("checkWidth(code.length, $L, $S)", Names.constant(spec.code()), "code")
                .addStatement("float[] above = code");
        for (int l = layers.size() - 1; l >= 0; l--) {
            LayerSpec layer = layers.get(l);
            String below = l == 0 ? "visible" : layers.get(l - 1).name() + "Means";
            String width = names.inputsConstant(layer);
            String bias = l == 0 ? VISIBLE_BIAS : Names.bias(layers.get(l - 1));
            m.addStatement("float[] $N = new float[$L]", below, width)
                    .addStatement("OPS.gemmNN(1, $L, $L, 1f, above, $L, $N, $L, 0f, $N, $L)", width, Names.constant(layer),
                            Names.constant(layer), Names.weight(layer), width, below, width)
                    .addStatement("OPS.sigmoidWithBias($N, $N, 1, $L)", below, bias, width);
            if (l > 0) {
                m.addStatement("above = $N", below);
            }
        }
        return m.addStatement("return visible").build();
    }

    private MethodSpec reconstructOne() {
        return MethodSpec.methodBuilder("reconstruct")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(float[].class)
                .addParameter(float[].class, "input")
                .addJavadoc("The visible means given the mean-field posterior of the first hidden layer, for one input.\n")
                .addStatement("checkWidth(input.length, $L, $S)", Names.INPUT, "input")
                .addStatement("float[][] mu = meanField(input, 1)")
                .addStatement("float[] out = new float[$L]", Names.INPUT)
                .addStatement("visibleMeans(mu[1], 1, out)")
                .addStatement("return out")
                .build();
    }

    /** A method that maps every row of {@code data}, chunk by chunk, to {@code width} values. */
    private MethodSpec.Builder chunked(String name, String width, String doc, CodeBlock perChunk) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addParameter(DATA_SET, "data")
                .addJavadoc(doc)
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("int chunk = Math.max(1, Math.min(CHUNK, data.rows()))")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("float[] out = new float[data.rows() * $L]", width)
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addCode(perChunk)
                .endControlFlow()
                .addStatement("return new $T(out, data.rows(), $L, data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET, width);
    }

    private MethodSpec encodeAll() {
        String top = Names.constant(spec.code());
        return chunked("encode", top, "The mean-field posteriors of the top layer for every row of {@code data}, labels kept.\n",
                CodeBlock.builder()
                        .addStatement("float[][] mu = meanField(input, rows)")
                        .addStatement("System.arraycopy(mu[$L], 0, out, from * $L, rows * $L)", layers.size(), top, top)
                        .build())
                .addAnnotation(Override.class).build();
    }

    private MethodSpec reconstructAll() {
        return chunked("reconstruct", Names.INPUT,
                "The visible means given the first hidden layer's mean-field posterior, for every row, labels kept.\n",
                CodeBlock.builder()
                        .addStatement("float[][] mu = meanField(input, rows)")
                        .addStatement("float[] means = new float[rows * $L]", Names.INPUT)
                        .addStatement("visibleMeans(mu[1], rows, means)")
                        .addStatement("System.arraycopy(means, 0, out, from * $L, rows * $L)", Names.INPUT, Names.INPUT)
                        .build())
                .addAnnotation(Override.class).build();
    }

    private MethodSpec reconstructionErrors() {
        return ModelParts.reconstructionErrors(
                CodeBlock.of("The cross-entropy of {@link #reconstruct}, summed over the inputs, for each row: an anomaly score.\n"),
                CodeBlock.of("float[] means = new float[chunk * $L];\n", Names.INPUT),
                CodeBlock.builder()
                        .addStatement("float[][] mu = meanField(input, rows)")
                        .addStatement("visibleMeans(mu[1], rows, means)")
                        .addStatement("OPS.crossEntropyRows(means, input, rows, $L, errors, from)", Names.INPUT)
                        .build());
    }

    private MethodSpec activations() {
        return ModelParts.activationsStart("{@link #posteriors}: what hidden layer {@code layer} (from 0) makes of every row.\n")
                .addStatement("return posteriors(layer, data)")
                .build();
    }

    private MethodSpec posteriors() {
        return MethodSpec.methodBuilder("posteriors")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addParameter(int.class, "layer")
                .addParameter(DATA_SET, "data")
                .addJavadoc("The mean-field posteriors of hidden layer {@code layer} (from 0, the lowest) for every row of\n")
                .addJavadoc("{@code data}, labels kept: at most {@code MEAN_FIELD_ITERATIONS} sweeps, to {@code TOLERANCE}.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("$T.checkIndex(layer, $L)", Objects.class, layers.size())
                .addStatement("int units = SIZES[layer + 1]")
                .addStatement("int chunk = Math.max(1, Math.min(CHUNK, data.rows()))")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("float[] out = new float[data.rows() * units]")
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addStatement("float[][] mu = meanField(input, rows)")
                .addStatement("System.arraycopy(mu[layer + 1], 0, out, from * units, rows * units)")
                .endControlFlow()
                .addStatement("return new $T(out, data.rows(), units, data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET)
                .build();
    }

    private MethodSpec sample() {
        return ModelParts.sampleStart(CodeBlock.builder()
                        .add("Draws {@code count} samples by {@code sweeps} Gibbs sweeps of all layers (odd layers, then\n")
                        .add("even ones), each starting from a persistent chain of training, in turn, or from random binary\n")
                        .add("states when there are none. Returns the visible probabilities of the last sweep, one row each.\n")
                        .build())
                .addAnnotation(Override.class)
                .addStatement("float[][] states = new float[SIZES.length][]")
                .beginControlFlow("for (int l = 0; l < SIZES.length; l++)")
                .addStatement("states[l] = new float[count * SIZES[l]]")
                .beginControlFlow("if (chainCount > 0)")
                .beginControlFlow("for (int r = 0; r < count; r++)")
                .addStatement("System.arraycopy(chains[l], (r % chainCount) * SIZES[l], states[l], r * SIZES[l], SIZES[l])")
                .endControlFlow()
                .nextControlFlow("else")
                .addCode(ModelParts.randomBinary("states[l]"))
                .endControlFlow()
                .endControlFlow()
                .addStatement("new $T(SIZES, 1, count, 1, 1, 0).sample(states, count, sweeps, weights(), biases(), rng)",
                        DEEP_BOLTZMANN)
                .addStatement("return $T.of(states[0], count, $L)", DATA_SET, Names.INPUT)
                .build();
    }

    private MethodSpec keepChains() {
        return MethodSpec.methodBuilder("keepChains")
                .addParameter(float[][].class, "states")
                .addParameter(int.class, "count")
                .addJavadoc("Keeps a copy of the trainer's persistent chains ({@code count} rows a layer) to sample from\n")
                .addJavadoc("and to save.\n")
                .addStatement("float[][] kept = new float[SIZES.length][]")
                .beginControlFlow("for (int l = 0; l < SIZES.length; l++)")
                .addStatement("kept[l] = $T.copyOf(states[l], count * SIZES[l])", java.util.Arrays.class)
                .endControlFlow()
                .addStatement("chains = kept")
                .addStatement("chainCount = count")
                .build();
    }

    private MethodSpec chainCount() {
        return MethodSpec.methodBuilder("chainCount")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("The persistent chains kept from training, which {@link #sample} starts from; 0 if none.\n")
                .addStatement("return chainCount")
                .build();
    }

    private MethodSpec dbmMethod() {
        return MethodSpec.methodBuilder("dbm")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DBM)
                .addJavadoc("The machine as a probability model, with a copy of its parameters.\n")
                .addStatement("return new $T(SIZES, weights(), biases())", DBM)
                .build();
    }

    private MethodSpec exactLogZ() {
        return MethodSpec.methodBuilder("exactLogZ")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addJavadoc("log Z exactly: every state of the odd hidden layers enumerated, the others summed out.\n\n")
                .addJavadoc("@throws IllegalStateException if the odd layers have more than {@link $T#MAX_ENUMERATED} units\n", DBM)
                .addStatement("return dbm().exactLogZ()")
                .build();
    }

    private MethodSpec logLikelihoodBound() {
        return MethodSpec.methodBuilder("logLikelihoodBound")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(DATA_SET, "data")
                .addParameter(double.class, "logZ")
                .addJavadoc("The mean over the rows of binary {@code data} of the variational lower bound on log p(v),\n")
                .addJavadoc("E_q[−E(v, h)] + H(q) − log Z, with q the mean-field posterior.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("return dbm().meanVariationalBound(data, logZ, MEAN_FIELD_ITERATIONS, TOLERANCE)")
                .build();
    }

    private MethodSpec exactLogLikelihood() {
        return MethodSpec.methodBuilder("exactLogLikelihood")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(DATA_SET, "data")
                .addJavadoc("The exact mean log p(v) of the rows of binary {@code data}, with {@link #exactLogZ}.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("return dbm().meanExactLogLikelihood(data)")
                .build();
    }

    private MethodSpec classifier() {
        ClassName classifier = RuntimeTypes.DBM_CLASSIFIER;
        return MethodSpec.methodBuilder("classifier")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(classifier)
                .addParameter(int.class, "classes")
                .addParameter(long.class, "seed")
                .addJavadoc("A feed-forward classifier of {@code classes} classes that starts from this machine\n")
                .addJavadoc("(Salakhutdinov and Hinton 2009): its first layer hears the input and, through the second\n")
                .addJavadoc("layer's weights, the second layer's mean-field posterior; a softmax head drawn from\n")
                .addJavadoc("{@code seed}. Fine-tune it with {@link $T#fit}.\n", classifier)
                .addStatement("return $T.fromDbm(SIZES, weights(), biases(), classes, MEAN_FIELD_ITERATIONS, seed)", classifier)
                .build();
    }

    /**
     * {@code classifierNet()}: the runtime's classifier over this model's arrays, the DBM's for the
     * augmented input and the classifier's own, live.
     */
    private MethodSpec classifierNet() {
        ClassName classifier = RuntimeTypes.DBM_CLASSIFIER;
        return MethodSpec.methodBuilder("classifierNet")
                .returns(classifier)
                .addJavadoc("The classifier of {@code @Supervised} over this model's arrays, live: the DBM's give its\n")
                .addJavadoc("augmented input (the second layer's mean-field posterior), its own weights and head the rest.\n")
                .addStatement("return $T.over(SIZES, weights(), biases(),\n$>$>new float[][] {$L},\nnew float[][] {null, $L},\n"
                        + "$N, $N, $N, $L, MEAN_FIELD_ITERATIONS)$<$<", classifier,
                        layers.stream().map(l -> CodeBlock.of("$N", Names.classifierWeight(l))).collect(CodeBlock.joining(", ")),
                        layers.stream().map(l -> CodeBlock.of("$N", Names.classifierBias(l))).collect(CodeBlock.joining(", ")),
                        Names.CLASSIFIER_U, Names.HEAD_WEIGHT, Names.HEAD_BIAS, Names.CLASSES)
                .build();
    }

    private MethodSpec classProbabilities() {
        return MethodSpec.methodBuilder("classProbabilities")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(float[].class)
                .addParameter(DATA_SET, "data")
                .addJavadoc("The class probabilities of every row of {@code data}, {@code rows × CLASSES}: the second layer's\n")
                .addJavadoc("mean-field posterior under the DBM joins the input, and the classifier's net and softmax head\n")
                .addJavadoc("score them (Salakhutdinov and Hinton 2009, section 4). Train it with the trainer's {@code supervise}.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("return classifierNet().classProbabilities(data)")
                .build();
    }

    private MethodSpec save() {
        TypeName floats = ParameterizedTypeName.get(Map.class, String.class, float[].class);
        TypeName ints = ParameterizedTypeName.get(Map.class, String.class, int[].class);
        return MethodSpec.methodBuilder("save")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(java.nio.file.Path.class, "file")
                .addException(java.io.IOException.class)
                .addJavadoc("Saves the parameters, and the persistent chains as {@code chains.l} ({@code chains × units}),\n")
                .addJavadoc("as safetensors, atomically: a crash leaves any previous file whole. The metadata records the\n")
                .addJavadoc("declaration and its hash, the shape, the provenance, and the versions.\n")
                .addStatement("$T tensors = new $T<>(parameters())", floats, LinkedHashMap.class)
                .addStatement("$T shapes = new $T<>(shapes())", ints, LinkedHashMap.class)
                .beginControlFlow("if (chainCount > 0)")
                .beginControlFlow("for (int l = 0; l < SIZES.length; l++)")
                .addStatement("tensors.put($S + l, chains[l])", "chains.")
                .addStatement("shapes.put($S + l, new int[] {chainCount, SIZES[l]})", "chains.")
                .endControlFlow()
                .endControlFlow()
                .addStatement("$T metadata = new $T<>(provenance)", ParameterizedTypeName.get(Map.class, String.class, String.class),
                        LinkedHashMap.class)
                .addStatement("metadata.put($S, DECLARATION_HASH)", "aestack.declaration.hash")
                .addStatement("metadata.put($S, $S)", "aestack.layers", shape())
                .addStatement("metadata.put($S, $S)", "aestack.kind", "deep Boltzmann machine")
                .addStatement("$T.write(file, DECLARATION, tensors, shapes, metadata)", MODEL_FILE)
                .build();
    }

    private MethodSpec load() {
        return ModelParts.loadStart(self, ", with its persistent chains if it has them")
                .addStatement("$T<String> expected = new $T<>(model.parameters().keySet())", List.class, ArrayList.class)
                .addStatement("boolean withChains = in.names().contains($S)", "chains.0")
                .addStatement("int count = withChains ? in.shape($S)[0] : 0", "chains.0")
                .beginControlFlow("if (withChains)")
                .beginControlFlow("for (int l = 0; l < SIZES.length; l++)")
                .addStatement("expected.add($S + l)", "chains.")
                .endControlFlow()
                .endControlFlow()
                .addStatement("in.expectTensors(expected)")
                .addStatement("$T<String, int[]> shapes = shapes()", Map.class)
                .beginControlFlow("for ($T<String, float[]> tensor : model.parameters().entrySet())",
                        ClassName.get(Map.class).nestedClass("Entry"))
                .addStatement("in.copy(tensor.getKey(), shapes.get(tensor.getKey()), tensor.getValue())")
                .endControlFlow()
                .beginControlFlow("if (withChains)")
                .addStatement("float[][] states = new float[SIZES.length][]")
                .beginControlFlow("for (int l = 0; l < SIZES.length; l++)")
                .addStatement("states[l] = new float[count * SIZES[l]]")
                .addStatement("in.copy($S + l, new int[] {count, SIZES[l]}, states[l])", "chains.")
                .endControlFlow()
                .addStatement("model.keepChains(states, count)")
                .endControlFlow()
                .addCode(ModelParts.provenanceFromFile())
                .addStatement("return model")
                .build();
    }

    private MethodSpec meanField() {
        return MethodSpec.methodBuilder("meanField")
                .addModifiers(Modifier.PRIVATE)
                .returns(float[][].class)
                .addParameter(float[].class, "input")
                .addParameter(int.class, "rows")
                .addJavadoc("The mean-field posteriors of {@code rows} rows of {@code input}, by layer ({@code [0]} unused).\n")
                .addStatement("float[][] mu = new float[SIZES.length][]")
                .beginControlFlow("for (int l = 1; l < SIZES.length; l++)")
                .addStatement("mu[l] = new float[rows * SIZES[l]]")
                .endControlFlow()
                .addStatement("new $T(SIZES, rows, 1, 1, MEAN_FIELD_ITERATIONS, TOLERANCE).meanField(input, rows, weights(), biases(), mu)",
                        DEEP_BOLTZMANN)
                .addStatement("return mu")
                .build();
    }

    private MethodSpec visibleMeans() {
        LayerSpec first = layers.get(0);
        return MethodSpec.methodBuilder("visibleMeans")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(float[].class, "hidden")
                .addParameter(int.class, "rows")
                .addParameter(float[].class, "out")
                .addJavadoc("{@code out = σ(hidden · W + b)}: the visible means given {@code rows} states of $N.\n", first.name())
                .addStatement("OPS.gemmNN(rows, $L, $L, 1f, hidden, $L, $N, $L, 0f, out, $L)", Names.INPUT, Names.constant(first),
                        Names.constant(first), Names.weight(first), Names.INPUT, Names.INPUT)
                .addStatement("OPS.sigmoidWithBias(out, $N, rows, $L)", VISIBLE_BIAS, Names.INPUT)
                .build();
    }
}
