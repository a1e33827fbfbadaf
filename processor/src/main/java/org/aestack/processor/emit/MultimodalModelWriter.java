package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.MODEL_FILE;
import static org.aestack.processor.emit.RuntimeTypes.RNG;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.BoltzmannSettings;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModalitySpec;
import org.aestack.processor.model.MultimodalSpec;

/**
 * Writes {@code <Name>Model} for a {@code @Multimodal} machine: each pathway's visible biases and
 * layers, the joint layer's weights from every pathway's top and its biases, the persistent chains
 * training leaves behind; inference from any subset of the modalities, generation of a missing one
 * and the exact measures on the runtime's {@code MultimodalInference} and {@code MultimodalDbm}.
 */
final class MultimodalModelWriter {
    static final ClassName MODEL_INTERFACE = ClassName.get("org.aestack.runtime", "MultimodalModel");
    static final ClassName SHAPE = ClassName.get("org.aestack.runtime.engine", "MultimodalShape");
    static final ClassName PATHWAY = SHAPE.nestedClass("Pathway");
    static final ClassName INFERENCE = ClassName.get("org.aestack.runtime.engine", "MultimodalInference");
    static final ClassName DBM = ClassName.get("org.aestack.runtime.metric", "MultimodalDbm");

    private final MultimodalSpec spec;
    private final Plan plan;
    private final BoltzmannSettings dbm;
    private final Names names;
    private final ClassName self;
    private final LayerSpec joint;

    MultimodalModelWriter(MultimodalSpec spec, Plan plan) {
        this.spec = spec;
        this.plan = plan;
        this.dbm = spec.boltzmann();
        this.names = new Names(spec);
        this.self = ClassName.get(spec.packageName(), spec.modelClassName());
        this.joint = spec.joint();
    }

    JavaFile write() {
        TypeSpec.Builder type = ModelParts.classStart(spec, self, javadoc());
        type.addSuperinterface(MODEL_INTERFACE);
        addConstants(type);
        ModelParts.addParameterFields(type, plan);
        type.addField(FieldSpec.builder(float[][].class, "chains", Modifier.PRIVATE)
                .addJavadoc("The persistent chains' states, by node of {@code SHAPE}, {@code chainCount} rows each; none\n")
                .addJavadoc("until a trainer keeps them.\n")
                .initializer("new float[$L][0]", nodes()).build());
        type.addField(FieldSpec.builder(int.class, "chainCount", Modifier.PRIVATE).build());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(initialize());
        for (ModalitySpec modality : spec.modalities()) {
            type.addMethod(pathwayView(modality));
        }
        type.addMethod(jointView());
        type.addMethod(modalities());
        type.addMethod(inputs());
        type.addMethod(ModelParts.parameters(plan, CodeBlock.of(
                "Every parameter tensor by its name in model files ({@code $L.visible.bias},\n"
                        + "{@code $L.hidden.0.weight}, …, {@code joint.bias}), in a fixed order. The arrays are the\n"
                        + "model's own: writing to them changes the model.\n", first(), first())));
        type.addMethod(weights());
        type.addMethod(biases());
        type.addMethod(represent());
        type.addMethod(generate());
        for (ModalitySpec modality : spec.modalities()) {
            type.addMethod(generateTyped(modality));
        }
        type.addMethod(sample());
        type.addMethod(keepChains());
        type.addMethod(chainCount());
        type.addMethod(dbmMethod());
        type.addMethod(exactLogZ());
        type.addMethod(ModelParts.provenanceView());
        type.addMethod(ModelParts.recordProvenance());
        type.addMethod(ModelParts.shapes(plan));
        type.addMethod(save());
        type.addMethod(load());
        type.addMethod(inference());
        return Sources.file(spec, type.build());
    }

    private String first() {
        return spec.modalities().get(0).name();
    }

    private int nodes() {
        return spec.layers().size() + spec.modalities().size();
    }

    private CodeBlock javadoc() {
        String pathways = spec.modalities().stream()
                .map(m -> m.typeName() + " " + m.input() + " – " + m.layers().stream().map(l -> Integer.toString(l.units()))
                        .collect(Collectors.joining(" – ")))
                .collect(Collectors.joining(", "));
        return CodeBlock.builder()
                .add("The {@link $L} multimodal deep Boltzmann machine: pathways $L, joined by $N ($L units).\n",
                        spec.sourceName(), pathways, joint.name(), joint.units())
                .add("Energy E = Σ_Gaussian (vᵢ − bᵢ)²/2 − Σ_Bernoulli bᵀh − Σ h_upperᵀ W h_lower over every pair of\n")
                .add("coupled layers. {@code represent} is the joint layer's mean-field posterior given whichever\n")
                .add("modalities are present, {@code generate} a missing modality's means, {@code sample} Gibbs chains\n")
                .add("with the present modalities clamped.\n\n")
                .add("<p>Methods taking {@code present} take one data set per modality, in this order: $L; null for\n",
                        spec.modalities().stream().map(m -> "{@code " + m.name() + "}").collect(Collectors.joining(", ")))
                .add("a missing one. Inference methods allocate their own scratch space, so they may be called from\n")
                .add("many threads at once, but not while a trainer is updating the model.\n")
                .build();
    }

    private void addConstants(TypeSpec.Builder type) {
        List<CodeBlock> inputs = new ArrayList<>();
        for (ModalitySpec modality : spec.modalities()) {
            String input = Names.modalityInput(modality.name());
            type.addField(FieldSpec.builder(int.class, input, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc(modality.length() > 0 ? "The vocabulary of {@code $L}'s word counts: its visible units.\n"
                            : "The visible units of {@code $L}.\n", modality.typeName())
                    .initializer("$L", modality.input()).build());
            if (modality.length() > 0) {
                type.addField(FieldSpec.builder(int.class, Names.modalityLength(modality.name()), Modifier.PUBLIC, Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc("The document length D of {@code $L}: every row's counts sum to it ({@code Modalities.toLength}).\n",
                                modality.typeName())
                        .initializer("$L", modality.length()).build());
            }
            for (LayerSpec layer : modality.layers()) {
                type.addField(FieldSpec.builder(int.class, Names.constant(layer), Modifier.PUBLIC, Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc("The units of {@code $L}.\n", shown(modality, layer))
                        .initializer("$L", layer.units()).build());
            }
            inputs.add(CodeBlock.of("$L", input));
        }
        type.addField(FieldSpec.builder(int.class, Names.constant(joint), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The units of the joint layer, {@code $N()}.\n", joint.name())
                .initializer("$L", joint.units()).build());
        type.addField(FieldSpec.builder(int.class, Names.INPUT, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Every modality's values side by side: the width of the rows the trainer takes.\n")
                .initializer("$L", CodeBlock.join(inputs, " + ")).build());
        for (int p = 0; p < spec.modalities().size(); p++) {
            ModalitySpec modality = spec.modalities().get(p);
            type.addField(FieldSpec.builder(int.class, Names.modalityConstant(modality.name()), Modifier.PUBLIC,
                            Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The index of {@code $L} among the modalities, for {@code generate} and {@code sample}.\n",
                            modality.name())
                    .initializer("$L", p).build());
        }
        CodeBlock.Builder shape = CodeBlock.builder().add("new $T($T.of(\n$>$>", SHAPE, List.class);
        for (int p = 0; p < spec.modalities().size(); p++) {
            ModalitySpec modality = spec.modalities().get(p);
            CodeBlock sizes = CodeBlock.join(java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(CodeBlock.of("$L", Names.modalityInput(modality.name()))),
                    modality.layers().stream().map(l -> CodeBlock.of("$L", Names.constant(l)))).toList(), ", ");
            CodeBlock length = modality.length() > 0 ? CodeBlock.of(", $L", Names.modalityLength(modality.name())) : CodeBlock.of("");
            shape.add("new $T($S, $T.$L, new int[] {$L}$L)$L", PATHWAY, modality.name(), RuntimeTypes.UNIT_TYPE,
                    modality.visible(), sizes, length, p + 1 < spec.modalities().size() ? ",\n" : "");
        }
        shape.add("), $L)$<$<", Names.constant(joint));
        type.addField(FieldSpec.builder(SHAPE, "SHAPE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The machine's graph: each pathway from its visible units up, then the joint layer.\n")
                .initializer(shape.build()).build());
        type.addField(FieldSpec.builder(int.class, "MEAN_FIELD_ITERATIONS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The most mean-field sweeps inference takes, from {@code @JointTraining}.\n")
                .initializer("$L", dbm.meanFieldIterations()).build());
        type.addField(FieldSpec.builder(double.class, "TOLERANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Mean-field stops when no mean moves by more than this.\n")
                .initializer("$L", dbm.tolerance()).build());
        ModelParts.addIdentity(type, spec);
    }

    private static String shown(ModalitySpec modality, LayerSpec layer) {
        return modality.typeName() + "." + modality.method(layer) + "()";
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
        for (CodeBlock w : weightFields()) {
            m.addStatement("rng.fillGaussian(model.$L, model.$L.length, 0f, 0.01f)", w, w);
        }
        return m.addStatement("return model").build();
    }

    /** The model's weight fields in the order of {@code SHAPE}'s edges: each pathway's, then the joint layer's. */
    private List<CodeBlock> weightFields() {
        List<CodeBlock> fields = new ArrayList<>();
        for (ModalitySpec modality : spec.modalities()) {
            for (LayerSpec layer : modality.layers()) {
                fields.add(CodeBlock.of("$N", Names.weight(layer)));
            }
        }
        for (ModalitySpec modality : spec.modalities()) {
            fields.add(CodeBlock.of("$N", Plan.jointWeight(joint, modality)));
        }
        return fields;
    }

    /** The model's bias fields in the order of {@code SHAPE}'s nodes. */
    private List<CodeBlock> biasFields() {
        List<CodeBlock> fields = new ArrayList<>();
        for (ModalitySpec modality : spec.modalities()) {
            fields.add(CodeBlock.of("$N", Plan.visibleBias(modality)));
            for (LayerSpec layer : modality.layers()) {
                fields.add(CodeBlock.of("$N", Names.bias(layer)));
            }
        }
        fields.add(CodeBlock.of("$N", Names.bias(joint)));
        return fields;
    }

    /** {@code image()}: the pathway's layers as the declaration's {@code Image} interface sees them. */
    private MethodSpec pathwayView(ModalitySpec modality) {
        ClassName pathway = Sources.declaration(spec).nestedClass(modality.typeName());
        TypeSpec.Builder view = TypeSpec.anonymousClassBuilder("").addSuperinterface(pathway);
        for (LayerSpec layer : modality.layers()) {
            String method = modality.method(layer);
            view.addMethod(MethodSpec.methodBuilder(method)
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(RuntimeTypes.LAYER)
                    .addStatement("return new $T($S, $L, $L, $T.SIGMOID, $N, $N)", RuntimeTypes.DENSE_LAYER,
                            modality.name() + "." + method, names.inputsConstant(layer), Names.constant(layer),
                            RuntimeTypes.ACTIVATION, Names.weight(layer), Names.bias(layer))
                    .build());
        }
        return MethodSpec.methodBuilder(modality.name())
                .addModifiers(Modifier.PUBLIC)
                .returns(pathway)
                .addJavadoc("The $L pathway's layers, from its visible units up, over the model's own arrays.\n",
                        modality.name())
                .addStatement("return $L", view.build())
                .build();
    }

    /** The joint layer's view: its weights from every pathway's top side by side, a copy. */
    private MethodSpec jointView() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(joint.name())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.LAYER)
                .addJavadoc("The joint layer, reading every pathway's top layer side by side: its weights are a copy,\n")
                .addJavadoc("{@code $L × ($L)}, since the model keeps one matrix per pathway.\n", Names.constant(joint),
                        spec.modalities().stream().map(mo -> Names.constant(mo.top())).collect(Collectors.joining(" + ")))
                .addStatement("int tops = $L", spec.modalities().stream().map(mo -> CodeBlock.of("$L", Names.constant(mo.top())))
                        .collect(CodeBlock.joining(" + ")))
                .addStatement("float[] weights = new float[$L * tops]", Names.constant(joint))
                .beginControlFlow("for (int k = 0; k < $L; k++)", Names.constant(joint))
                .addStatement("int at = k * tops");
        for (ModalitySpec modality : spec.modalities()) {
            String top = Names.constant(modality.top());
            m.addStatement("System.arraycopy($N, k * $L, weights, at, $L)", Plan.jointWeight(joint, modality), top, top)
                    .addStatement("at += $L", top);
        }
        return m.endControlFlow()
                .addStatement("return new $T($S, tops, $L, $T.SIGMOID, weights, $N)", RuntimeTypes.DENSE_LAYER, joint.name(),
                        Names.constant(joint), RuntimeTypes.ACTIVATION, Names.bias(joint))
                .build();
    }

    private MethodSpec modalities() {
        return MethodSpec.methodBuilder("modalities")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(List.class, String.class))
                .addJavadoc("The modalities, in declaration order.\n")
                .addStatement("return $T.of($L)", List.class, spec.modalities().stream().map(m -> CodeBlock.of("$S", m.name()))
                        .collect(CodeBlock.joining(", ")))
                .build();
    }

    private MethodSpec inputs() {
        return MethodSpec.methodBuilder("inputs")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int[].class)
                .addJavadoc("The visible units of each modality, in declaration order.\n")
                .addStatement("return new int[] {$L}", spec.modalities().stream()
                        .map(m -> CodeBlock.of("$L", Names.modalityInput(m.name()))).collect(CodeBlock.joining(", ")))
                .build();
    }

    private MethodSpec weights() {
        return MethodSpec.methodBuilder("weights")
                .returns(float[][].class)
                .addJavadoc("The weight matrices by edge of {@code SHAPE}, live: as the runtime's multimodal classes take them.\n")
                .addStatement("return new float[][] {$L}", CodeBlock.join(weightFields(), ", "))
                .build();
    }

    private MethodSpec biases() {
        return MethodSpec.methodBuilder("biases")
                .returns(float[][].class)
                .addJavadoc("The bias vectors by node of {@code SHAPE}, live.\n")
                .addStatement("return new float[][] {$L}", CodeBlock.join(biasFields(), ", "))
                .build();
    }

    private MethodSpec represent() {
        return MethodSpec.methodBuilder("represent")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addParameter(com.palantir.javapoet.ArrayTypeName.of(DATA_SET), "present")
                .varargs(true)
                .addJavadoc("The joint layer's mean-field posterior for every row, given the modalities present (null for\n")
                .addJavadoc("a missing one), labels kept.\n")
                .addStatement("return inference().posteriors(SHAPE.jointNode(), present)")
                .build();
    }

    private MethodSpec generate() {
        return MethodSpec.methodBuilder("generate")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addParameter(int.class, "target")
                .addParameter(com.palantir.javapoet.ArrayTypeName.of(DATA_SET), "present")
                .varargs(true)
                .addJavadoc("Modality {@code target}'s visible means under the mean-field posterior given the modalities\n")
                .addJavadoc("present ({@code present[target]} null).\n")
                .addStatement("return inference().generate(target, present)")
                .build();
    }

    /** {@code generateImage(audio)}: one modality from the others, typed. */
    private MethodSpec generateTyped(ModalitySpec target) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("generate" + Names.capitalize(target.name()))
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addJavadoc("{@code $L} generated from the other modalities (any of them may be null, not all): its\n",
                        target.name())
                .addJavadoc("visible means under the mean-field posterior, labels kept.\n");
        List<CodeBlock> args = new ArrayList<>();
        for (ModalitySpec modality : spec.modalities()) {
            if (modality == target) {
                args.add(CodeBlock.of("null"));
            } else {
                m.addParameter(DATA_SET, modality.name());
                args.add(CodeBlock.of("$N", modality.name()));
            }
        }
        return m.addStatement("return generate($L, $L)", Names.modalityConstant(target.name()), CodeBlock.join(args, ", "))
                .build();
    }

    private MethodSpec sample() {
        return MethodSpec.methodBuilder("sample")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DATA_SET)
                .addParameter(int.class, "target")
                .addParameter(int.class, "sweeps")
                .addParameter(long.class, "seed")
                .addParameter(com.palantir.javapoet.ArrayTypeName.of(DATA_SET), "present")
                .varargs(true)
                .addJavadoc("Modality {@code target} drawn by a Gibbs chain per row, the present modalities clamped:\n")
                .addJavadoc("from the mean-field posterior, {@code sweeps} sweeps, the target's visible means at the last.\n")
                .addStatement("return inference().sample(target, sweeps, seed, present)")
                .build();
    }

    private MethodSpec keepChains() {
        return MethodSpec.methodBuilder("keepChains")
                .addParameter(float[][].class, "states")
                .addParameter(int.class, "count")
                .addJavadoc("Keeps a copy of the trainer's persistent chains ({@code count} rows a node) to save.\n")
                .addStatement("float[][] kept = new float[SHAPE.nodes()][]")
                .beginControlFlow("for (int n = 0; n < SHAPE.nodes(); n++)")
                .addStatement("kept[n] = $T.copyOf(states[n], count * SHAPE.size(n))", Arrays.class)
                .endControlFlow()
                .addStatement("chains = kept")
                .addStatement("chainCount = count")
                .build();
    }

    private MethodSpec chainCount() {
        return MethodSpec.methodBuilder("chainCount")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("The persistent chains kept from training; 0 if none.\n")
                .addStatement("return chainCount")
                .build();
    }

    private MethodSpec dbmMethod() {
        return MethodSpec.methodBuilder("dbm")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DBM)
                .addJavadoc("The machine as a probability model, with a copy of its parameters.\n")
                .addStatement("return new $T(SHAPE, weights(), biases())", DBM)
                .build();
    }

    private MethodSpec exactLogZ() {
        return MethodSpec.methodBuilder("exactLogZ")
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addJavadoc("log Z exactly: every state of the layers an odd number of steps from the visible ones\n")
                .addJavadoc("enumerated, the others summed or integrated out.\n\n")
                .addJavadoc("@throws IllegalStateException if those layers have more than {@link $T#MAX_ENUMERATED} units\n",
                        BoltzmannModelWriter.DBM)
                .addStatement("return dbm().exactLogZ()")
                .build();
    }

    private MethodSpec save() {
        String layers = spec.modalities().stream()
                .map(m -> m.name() + ":" + m.input() + "-" + m.layers().stream().map(l -> Integer.toString(l.units()))
                        .collect(Collectors.joining("-")))
                .collect(Collectors.joining(",")) + ";" + joint.units();
        return MethodSpec.methodBuilder("save")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(java.nio.file.Path.class, "file")
                .addException(java.io.IOException.class)
                .addJavadoc("Saves the parameters, and the persistent chains as {@code chains.n} ({@code chains × units} of\n")
                .addJavadoc("node n of {@code SHAPE}), as safetensors, atomically: a crash leaves any previous file whole.\n")
                .addJavadoc("The metadata records the declaration and its hash, the shape, the provenance, and the versions.\n")
                .addStatement("$T<String, float[]> tensors = new $T<>(parameters())", Map.class, LinkedHashMap.class)
                .addStatement("$T<String, int[]> shapes = new $T<>(shapes())", Map.class, LinkedHashMap.class)
                .beginControlFlow("if (chainCount > 0)")
                .beginControlFlow("for (int n = 0; n < SHAPE.nodes(); n++)")
                .addStatement("tensors.put($S + n, chains[n])", "chains.")
                .addStatement("shapes.put($S + n, new int[] {chainCount, SHAPE.size(n)})", "chains.")
                .endControlFlow()
                .endControlFlow()
                .addStatement("$T<String, String> metadata = new $T<>(provenance)", Map.class, LinkedHashMap.class)
                .addStatement("metadata.put($S, DECLARATION_HASH)", "aestack.declaration.hash")
                .addStatement("metadata.put($S, $S)", "aestack.layers", layers)
                .addStatement("metadata.put($S, $S)", "aestack.kind", "multimodal deep Boltzmann machine")
                .addStatement("$T.write(file, DECLARATION, tensors, shapes, metadata)", MODEL_FILE)
                .build();
    }

    private MethodSpec load() {
        return ModelParts.loadStart(self, ", with its persistent chains if it has them", false)
                .addStatement("$T<String> expected = new $T<>(model.parameters().keySet())", List.class, ArrayList.class)
                .addStatement("boolean withChains = in.names().contains($S)", "chains.0")
                .addStatement("int count = withChains ? in.shape($S)[0] : 0", "chains.0")
                .beginControlFlow("if (withChains)")
                .beginControlFlow("for (int n = 0; n < SHAPE.nodes(); n++)")
                .addStatement("expected.add($S + n)", "chains.")
                .endControlFlow()
                .endControlFlow()
                .addStatement("in.expectTensors(expected)")
                .addStatement("$T<String, int[]> shapes = shapes()", Map.class)
                .beginControlFlow("for ($T<String, float[]> tensor : model.parameters().entrySet())", Map.Entry.class)
                .addStatement("in.copy(tensor.getKey(), shapes.get(tensor.getKey()), tensor.getValue())")
                .endControlFlow()
                .beginControlFlow("if (withChains)")
                .addStatement("float[][] states = new float[SHAPE.nodes()][]")
                .beginControlFlow("for (int n = 0; n < SHAPE.nodes(); n++)")
                .addStatement("states[n] = new float[count * SHAPE.size(n)]")
                .addStatement("in.copy($S + n, new int[] {count, SHAPE.size(n)}, states[n])", "chains.")
                .endControlFlow()
                .addStatement("model.keepChains(states, count)")
                .endControlFlow()
                .addCode(ModelParts.provenanceFromFile())
                .addStatement("return model")
                .build();
    }

    private MethodSpec inference() {
        return MethodSpec.methodBuilder("inference")
                .addModifiers(Modifier.PRIVATE)
                .returns(INFERENCE)
                .addJavadoc("Mean-field and Gibbs chains over the model's own arrays.\n")
                .addStatement("return new $T(SHAPE, weights(), biases(), MEAN_FIELD_ITERATIONS, TOLERANCE)", INFERENCE)
                .build();
    }
}
