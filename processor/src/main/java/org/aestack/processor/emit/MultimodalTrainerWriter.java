package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.BIAS_MERGE;
import static org.aestack.processor.emit.RuntimeTypes.BOLTZMANN_CONFIG;
import static org.aestack.processor.emit.RuntimeTypes.CONTRASTIVE_DIVERGENCE;
import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.TRAINER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINER_BUILDER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
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
 * Writes {@code <Name>Trainer} for a {@code @Multimodal} machine: each pathway's RBMs pretrained
 * greedily (the bottom one counting its data twice going up, the ones above halved when composed),
 * the joint RBM over the pathways' tops side by side (counting them twice going down), the
 * composition, then joint training on the runtime's {@code MultimodalBoltzmann}, every phase through
 * the {@code PhaseRunner} with its checkpoints.
 */
final class MultimodalTrainerWriter {
    static final ClassName ENGINE = ClassName.get("org.aestack.runtime.engine", "MultimodalBoltzmann");
    static final ClassName MODALITIES = ClassName.get("org.aestack.runtime.data", "Modalities");

    private final MultimodalSpec spec;
    private final BoltzmannSettings dbm;
    private final Names names;
    private final LayerSpec joint;
    private final ClassName self;
    private final ClassName model;
    private final ClassName builder;
    private final Plan plan;
    private final TrainerParts parts;

    MultimodalTrainerWriter(MultimodalSpec spec, Plan plan) {
        this.spec = spec;
        this.dbm = spec.boltzmann();
        this.names = new Names(spec);
        this.joint = spec.joint();
        this.self = ClassName.get(spec.packageName(), spec.trainerClassName());
        this.model = ClassName.get(spec.packageName(), spec.modelClassName());
        this.builder = self.nestedClass("Builder");
        this.plan = plan;
        this.parts = new TrainerParts(spec, plan);
    }

    JavaFile write() {
        TypeSpec.Builder type = parts.classStart(TRAINER, javadoc());
        type.addField(parts.defaults("PRETRAIN_DEFAULTS", spec.pretrain(), "The pretraining settings of {@code @Pretrain} (or its defaults).\n"));
        type.addField(parts.defaults("JOINT_DEFAULTS", dbm.joint(), "The joint-training settings of {@code @JointTraining} (or its defaults).\n"));
        type.addField(BoltzmannTrainerWriter.boltzmannDefaults(dbm));
        type.addField(FieldSpec.builder(int[].class, "WIDTHS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Each modality's values in a row of the training data, side by side in this order.\n")
                .initializer("{$L}", spec.modalities().stream().map(m -> CodeBlock.of("$L", Names.modalityInput(m.name())))
                        .collect(CodeBlock.joining(", ")))
                .build());
        type.addField(FieldSpec.builder(int.class, Plan.TOPS, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The units of every pathway's top layer together: the joint RBM's visible units.\n")
                .initializer("$L", spec.modalities().stream().map(m -> CodeBlock.of("$L", Names.constant(m.top())))
                        .collect(CodeBlock.joining(" + ")))
                .build());
        addFields(type);
        type.addMethod(constructor());
        parts.addFactories(type);
        type.addMethod(fit());
        type.addMethod(pretrain());
        type.addMethod(jointTraining());
        type.addMethod(parts.history());
        type.addMethod(TrainerParts.accessor("pretrainConfig", TRAINING_CONFIG, "The pretraining settings in use.\n",
                CodeBlock.of("return pretrainConfig")));
        type.addMethod(TrainerParts.accessor("jointConfig", TRAINING_CONFIG, "The joint-training settings in use.\n",
                CodeBlock.of("return jointConfig")));
        type.addMethod(TrainerParts.accessor("boltzmannConfig", BOLTZMANN_CONFIG,
                "The halving, bias merge, chain and mean-field settings in use.\n", CodeBlock.of("return boltzmannConfig")));
        type.addMethod(split());
        for (ModalitySpec modality : spec.modalities()) {
            for (LayerSpec layer : modality.layers()) {
                type.addMethod(pretrainGradients(modality, layer));
            }
        }
        type.addMethod(pretrainJointGradients());
        for (ModalitySpec modality : spec.modalities()) {
            type.addMethod(upTo(modality));
        }
        type.addMethod(compose());
        type.addMethod(jointGradients());
        type.addMethod(limitNorms());
        type.addMethod(parts.resume(CodeBlock.builder()
                .add("Continues from a checkpoint this trainer's kind wrote: restores the model, the RBMs' own\n")
                .add("parameters, the history and the random generators now, and the optimizer state and the chains\n")
                .add("when {@code fit}, {@code pretrain} or {@code jointTraining} reaches the phase it was taken in;\n")
                .add("phases finished before it are skipped. With the same data, settings and thread count the final\n")
                .add("weights equal an uninterrupted run's.\n\n")
                .build()));
        type.addMethod(parts.checkpointTensors("What a checkpoint keeps of the parameters: the model's, and the RBMs' own.\n"));
        type.addMethod(parts.checkpointShapes());
        return parts.finish(type, builderType(), checkInput());
    }

    private CodeBlock javadoc() {
        return CodeBlock.builder()
                .add("Trains {@link $T} on rows of every modality's values side by side ({@code $T.join}, in the\n",
                        model, MODALITIES)
                .add("order $L): {@link #pretrain} trains each pathway's RBMs greedily, then the joint RBM over the\n",
                        spec.modalities().stream().map(ModalitySpec::name).collect(Collectors.joining(", ")))
                .add("pathways' tops, and composes the machine; {@link #jointTraining} trains it jointly (Srivastava\n")
                .add("and Salakhutdinov 2012): mean-field with every modality clamped for the data-dependent\n")
                .add("statistics and persistent Gibbs chains for the model's. {@link #fit} does both. A trainer holds\n")
                .add("buffers sized for its batches and is not thread-safe; train one model with one trainer at a time.\n")
                .build();
    }

    private ModalitySpec last() {
        return spec.modalities().get(spec.modalities().size() - 1);
    }

    private static String data(ModalitySpec modality) {
        return modality.name() + "Data";
    }

    private void addFields(TypeSpec.Builder type) {
        parts.addStateFields(type, List.of("pretrainConfig", "jointConfig", "boltzmannConfig"),
                Map.of("boltzmannConfig", BOLTZMANN_CONFIG), "Draws the Gibbs samples.\n",
                "Rows the buffers hold: the larger of the two phases' batch sizes.\n");
        type.addField(FieldSpec.builder(float[].class, "input", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The mini-batch, {@code capacity} rows of every modality side by side.\n").build());
        for (ModalitySpec modality : spec.modalities()) {
            FieldSpec.Builder f = FieldSpec.builder(float[].class, data(modality), Modifier.PRIVATE, Modifier.FINAL);
            if (modality == spec.modalities().get(0)) {
                f.addJavadoc("The mini-batch split by modality, and the same arrays as the engine takes them.\n");
            }
            type.addField(f.build());
        }
        type.addField(float[][].class, "modalityData", Modifier.PRIVATE, Modifier.FINAL);
        boolean first = true;
        for (ModalitySpec modality : spec.modalities()) {
            for (LayerSpec layer : modality.layers()) {
                FieldSpec.Builder f = FieldSpec.builder(float[].class, Names.output(layer), Modifier.PRIVATE, Modifier.FINAL);
                if (first) {
                    f.addJavadoc("Each pathway layer's hidden probabilities as its RBM has them: the data of the RBM above.\n");
                    first = false;
                }
                type.addField(f.build());
            }
        }
        type.addField(FieldSpec.builder(float[].class, "tops", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The pathways' top layers side by side, {@code capacity × TOPS}: the joint RBM's data.\n").build());
        for (LayerSpec layer : spec.layers()) {
            type.addField(FieldSpec.builder(CONTRASTIVE_DIVERGENCE, Names.rbm(layer), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc(layer == joint ? "Pretrains $N as an RBM over the pathways' tops.\n"
                            : "Pretrains $N as an RBM of the layer below.\n", layer.name()).build());
        }
        for (Plan.Tensor t : plan.fieldOrder(Plan.Owner.TRAINER)) {
            FieldSpec.Builder f = FieldSpec.builder(float[].class, t.field(), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new float[$L]", t.size());
            if (t.field().equals(Plan.rbmVisibleBias(spec.layers().get(0)))) {
                f.addJavadoc("Each RBM's own biases, which the composed machine merges, and the joint RBM's weights, which\n")
                        .addJavadoc("it splits by pathway.\n");
            }
            type.addField(f.build());
        }
        type.addField(FieldSpec.builder(ENGINE, "boltzmann", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Joint training's mean-field and persistent chains, its buffers sized once.\n").build());
        type.addField(FieldSpec.builder(float[][].class, "weights", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The model's weights and biases, and their gradients, by edge and node of the model's {@code SHAPE}.\n")
                .build());
        type.addField(float[][].class, "biases", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(float[][].class, "weightGrads", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(float[][].class, "biasGrads", Modifier.PRIVATE, Modifier.FINAL);
        TrainerParts.addGradientFields(type, plan.tensors(), "The gradient of each array an optimizer updates.\n");
        parts.addPhaseFields(type);
    }

    /** The model's weight arrays, or their gradients, in the order of the shape's edges. */
    private CodeBlock edges(boolean gradients) {
        List<CodeBlock> all = new ArrayList<>();
        for (ModalitySpec modality : spec.modalities()) {
            for (LayerSpec layer : modality.layers()) {
                all.add(array(Names.weight(layer), gradients));
            }
        }
        for (ModalitySpec modality : spec.modalities()) {
            all.add(array(Plan.jointWeight(joint, modality), gradients));
        }
        return CodeBlock.join(all, ", ");
    }

    /** The model's bias arrays, or their gradients, in the order of the shape's nodes. */
    private CodeBlock nodes(boolean gradients) {
        List<CodeBlock> all = new ArrayList<>();
        for (ModalitySpec modality : spec.modalities()) {
            all.add(array(Plan.visibleBias(modality), gradients));
            for (LayerSpec layer : modality.layers()) {
                all.add(array(Names.bias(layer), gradients));
            }
        }
        all.add(array(Names.bias(joint), gradients));
        return CodeBlock.join(all, ", ");
    }

    private static CodeBlock array(String field, boolean gradient) {
        return gradient ? CodeBlock.of("$N", Names.grad(field)) : CodeBlock.of("model.$N", field);
    }

    private MethodSpec constructor() {
        Map<String, String> configs = new LinkedHashMap<>(Map.of("pretrainConfig", "pretrain"));
        configs.put("jointConfig", "jointTraining");
        configs.put("boltzmannConfig", "boltzmann");
        MethodSpec.Builder m = parts.constructorStart(configs)
                .addCode(TrainerParts.capacity(List.of("pretrainConfig", "jointConfig")))
                .addStatement("this.input = new float[capacity * $L]", Names.INPUT);
        for (ModalitySpec modality : spec.modalities()) {
            m.addStatement("this.$N = new float[capacity * $L]", data(modality), Names.modalityInput(modality.name()));
        }
        m.addStatement("this.modalityData = new float[][] {$L}", spec.modalities().stream()
                .map(mo -> CodeBlock.of("$N", data(mo))).collect(CodeBlock.joining(", ")));
        for (ModalitySpec modality : spec.modalities()) {
            for (LayerSpec layer : modality.layers()) {
                m.addStatement("this.$N = new float[capacity * $L]", Names.output(layer), Names.constant(layer));
            }
        }
        m.addStatement("this.tops = new float[capacity * $L]", Plan.TOPS)
                .addComment("With halving, each pathway's bottom RBM counts its data twice going up and the joint RBM the")
                .addComment("tops twice going down: in the machine every pathway layer hears a layer above it too.")
                .addStatement("float twice = boltzmannConfig.halving() ? 2f : 1f");
        for (ModalitySpec modality : spec.modalities()) {
            for (LayerSpec layer : modality.layers()) {
                String up = layer == modality.layers().get(0) ? "twice" : "1f";
                m.addCode(TrainerParts.rbm(layer, names, CodeBlock.of(".scales($L, 1f)", up)));
            }
        }
        var r = joint.rbm();
        m.addStatement("this.$N = new $T($L, $L, $T.$L, $T.$L, capacity, $L, $L, $L)\n$>$>.scales(1f, twice)$<$<",
                Names.rbm(joint), CONTRASTIVE_DIVERGENCE, Plan.TOPS, Names.constant(joint), RuntimeTypes.UNIT_TYPE, r.visible(),
                RuntimeTypes.UNIT_TYPE, r.hidden(), r.cd(), r.persistent(), r.chains());
        m.addComment("The joint RBM starts from the model's joint weights, side by side as it sees the tops.")
                .addStatement("int at = 0");
        for (ModalitySpec modality : spec.modalities()) {
            String top = Names.constant(modality.top());
            m.beginControlFlow("for (int k = 0; k < $L; k++)", Names.constant(joint))
                    .addStatement("System.arraycopy(model.$N, k * $L, $N, k * $L + at, $L)", Plan.jointWeight(joint, modality),
                            top, Plan.JOINT_RBM_WEIGHT, Plan.TOPS, top)
                    .endControlFlow();
            if (modality != last()) {
                m.addStatement("at += $L", top);
            }
        }
        m.addStatement("this.boltzmann = new $T($T.SHAPE, capacity, boltzmannConfig.chains(), boltzmannConfig.sweeps(),\n$>$>"
                        + "boltzmannConfig.meanFieldIterations(), boltzmannConfig.tolerance())$<$<", ENGINE, model)
                .beginControlFlow("if (boltzmannConfig.sparsityTarget() > 0)")
                .addStatement("boltzmann.sparsity(boltzmannConfig.sparsityTarget(), boltzmannConfig.sparsityCost(), "
                        + "boltzmannConfig.sparsityDamping())")
                .endControlFlow()
                .addStatement("this.weights = new float[][] {$L}", edges(false))
                .addStatement("this.biases = new float[][] {$L}", nodes(false))
                .addStatement("this.weightGrads = new float[][] {$L}", edges(true))
                .addStatement("this.biasGrads = new float[][] {$L}", nodes(true));
        CodeBlock settings = CodeBlock.of("$S + pretrainConfig + $S + jointConfig + $S + boltzmannConfig", "pretrain: ", "; joint: ", "; ");
        m.addCode(parts.runner(settings, CodeBlock.of("this::checkpointTensors"), CodeBlock.of("$T::checkpointShapes", self)));
        for (LayerSpec layer : spec.layers()) {
            Plan.Phase pretrain = plan.pretrainPhase(layer);
            CodeBlock.Builder phase = parts.phase(pretrain);
            if (layer.rbm().persistent()) {
                phase.add(".keeps($S, $N.chainStates())\n", layer.name(), Names.rbm(layer))
                        .add(".whenRestored($N::chainsRestored)\n", Names.rbm(layer));
            }
            m.addCode(TrainerParts.endPhase(pretrain, phase));
        }
        m.addCode(CodeBlock.builder().add("$T.Builder joint = ", RuntimeTypes.PHASE)
                        .add(parts.phase(plan.phase("jointTrainingPhase")).build())
                        .add(".afterUpdate(this::limitNorms)\n")
                        .add(".whenRestored(boltzmann::chainsRestored);\n$<$<").build())
                .beginControlFlow("for (int n = 0; n < $T.SHAPE.nodes(); n++)", model)
                .addStatement("joint.keeps($S + n, boltzmann.chainStates()[n])", "joint.")
                .beginControlFlow("if (boltzmannConfig.sparsityTarget() > 0 && !$T.SHAPE.isVisible(n))", model)
                .addComment("the sparsity targets' running means, so a resumed run pushes as the stopped one would")
                .addStatement("joint.keeps($S + n, boltzmann.sparsityState()[n])", "sparsity.")
                .endControlFlow()
                .endControlFlow()
                .addStatement("this.jointTrainingPhase = joint.build()");
        return m.build();
    }

    private MethodSpec fit() {
        return parts.phaseMethod("fit", "data", true)
                .addJavadoc("Pretrains the RBMs and composes the machine, then trains it jointly.\n")
                .addStatement("return pretrain(data).jointTraining(data)")
                .build();
    }

    private MethodSpec pretrain() {
        MethodSpec.Builder m = parts.phaseMethod("pretrain", "data", true)
                .addJavadoc("Greedy pretraining: each pathway's RBMs in turn, by contrastive divergence, each on the hidden\n")
                .addJavadoc("probabilities of the RBMs below it, which stay fixed; then the joint RBM on the pathways' tops;\n")
                .addJavadoc("then the composition of the machine ({@link $T#halving()}, {@link $T#biasMerge()}).\n\n",
                        BOLTZMANN_CONFIG, BOLTZMANN_CONFIG)
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n",
                        RuntimeTypes.TRAINING_DIVERGED)
                .addStatement("checkInput(data)");
        for (LayerSpec layer : spec.layers().subList(0, spec.layers().size() - 1)) {
            m.addCode(TrainerParts.run(plan.pretrainPhase(layer), "data"));
        }
        return m.addComment("Composed unless the checkpoint resumed from was taken after pretraining, when it already was.")
                .beginControlFlow("if (runner.run($N, data))", plan.pretrainPhase(joint).field())
                .addStatement("compose()")
                .endControlFlow()
                .addStatement("return this")
                .build();
    }

    private MethodSpec jointTraining() {
        return parts.phaseMethod("jointTraining", "data", false)
                .addJavadoc("Joint training of every layer: for each batch the mean-field posteriors with every modality\n")
                .addJavadoc("clamped give the data-dependent statistics and the persistent chains, after their sweeps, the\n")
                .addJavadoc("model's. The chains are kept in the model afterwards, for {@code save}.\n\n")
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n",
                        RuntimeTypes.TRAINING_DIVERGED)
                .addStatement("checkInput(data)")
                .beginControlFlow("if (runner.run(jointTrainingPhase, data))")
                .addStatement("model.keepChains(boltzmann.chainStates(), boltzmannConfig.chains())")
                .endControlFlow()
                .addStatement("return this")
                .build();
    }

    private MethodSpec split() {
        return MethodSpec.methodBuilder("split")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "rows")
                .addJavadoc("The batch in {@code input} split into each modality's buffer.\n")
                .addStatement("$T.split(input, rows, WIDTHS, modalityData)", MODALITIES)
                .build();
    }

    private MethodSpec pretrainGradients(ModalitySpec modality, LayerSpec layer) {
        int l = modality.layers().indexOf(layer);
        MethodSpec.Builder m = MethodSpec.methodBuilder(Plan.pretrainGradients(layer))
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("The gradient of $N's RBM, CD-$L$L: returns the batch's summed squared reconstruction error.\n",
                        layer.name(), layer.rbm().cd(), l == 0 ? ", its data counted twice going up when halving"
                                : ", its weights halved in the composed machine when halving")
                .addStatement("split(rows)");
        String data = data(modality);
        if (l > 0) {
            LayerSpec below = modality.layers().get(l - 1);
            m.addStatement("$N(rows, $L)", up(modality), l - 1);
            data = Names.output(below);
        }
        return m.addCode(TrainerParts.rbmGradient(layer, data, plan.field(Names.weight(layer)),
                plan.field(Plan.rbmVisibleBias(layer)), plan.field(Plan.rbmHiddenBias(layer)))).build();
    }

    private static String up(ModalitySpec modality) {
        return modality.name() + "Up";
    }

    /** {@code imageUp(rows, last)}: the pathway's data through its pretrained RBMs, up to layer {@code last}. */
    private MethodSpec upTo(ModalitySpec modality) {
        boolean deep = modality.layers().size() > 1;
        MethodSpec.Builder m = MethodSpec.methodBuilder(up(modality))
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "rows")
                .addJavadoc(deep ? "$L's data through its RBMs as pretrained, layer 0 to {@code last}, into their output buffers:\n"
                        : "$L's data through its RBM as pretrained, into its output buffer:\n", modality.typeName())
                .addJavadoc("each RBM's hidden probabilities as its gradient has them (the bottom one counting the data twice\n")
                .addJavadoc("when halving).\n");
        if (deep) {
            m.addParameter(int.class, "last");
        }
        for (int l = 0; l < modality.layers().size(); l++) {
            LayerSpec layer = modality.layers().get(l);
            String in = l == 0 ? data(modality) : Names.output(modality.layers().get(l - 1));
            if (l > 0) {
                m.beginControlFlow("if (last < $L)", l).addStatement("return").endControlFlow();
            }
            m.addStatement("$N.hiddenProbabilities($N, rows, model.$N, $N, $N)", Names.rbm(layer), in, Names.weight(layer),
                    Plan.rbmHiddenBias(layer), Names.output(layer));
        }
        return m.build();
    }

    private MethodSpec pretrainJointGradients() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(Plan.pretrainGradients(joint))
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("The gradient of the joint RBM, CD-$L over the pathways' tops side by side, which it counts\n",
                        joint.rbm().cd())
                .addJavadoc("twice going down when halving: returns the batch's summed squared reconstruction error.\n")
                .addStatement("split(rows)")
                .addStatement("int at = 0");
        for (ModalitySpec modality : spec.modalities()) {
            LayerSpec top = modality.top();
            if (modality.layers().size() > 1) {
                m.addStatement("$N(rows, $L)", up(modality), modality.layers().size() - 1);
            } else {
                m.addStatement("$N(rows)", up(modality));
            }
            m.beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("System.arraycopy($N, r * $L, tops, r * $L + at, $L)", Names.output(top), Names.constant(top),
                            Plan.TOPS, Names.constant(top))
                    .endControlFlow();
            if (modality != last()) {
                m.addStatement("at += $L", Names.constant(top));
            }
        }
        return m.addCode(TrainerParts.rbmGradient(joint, "tops", plan.field(Plan.JOINT_RBM_WEIGHT),
                plan.field(Plan.rbmVisibleBias(joint)), plan.field(Plan.rbmHiddenBias(joint)))).build();
    }

    private MethodSpec compose() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("compose")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Composes the machine from the pretrained RBMs: each modality's visible biases from its bottom\n")
                .addJavadoc("RBM, each pathway layer's from the two RBMs that trained it (the one above a pathway's top is\n")
                .addJavadoc("the joint RBM) merged as {@link $T#biasMerge()} says, the joint layer's from the joint RBM,\n",
                        BOLTZMANN_CONFIG)
                .addJavadoc("whose weights split by pathway; with halving, the RBMs above each pathway's bottom one have\n")
                .addJavadoc("their weights halved, since their layers hear from both sides in the machine.\n")
                .addStatement("int at = 0");
        for (ModalitySpec modality : spec.modalities()) {
            List<LayerSpec> layers = modality.layers();
            m.addStatement("System.arraycopy($N, 0, model.$N, 0, $L)", Plan.rbmVisibleBias(layers.get(0)),
                    Plan.visibleBias(modality), Names.modalityInput(modality.name()));
            // above word counts, the first layer's biases are heard D times: the RBM above merges in per word
            CodeBlock scale = modality.length() > 0 ? CodeBlock.of(", $L", Names.modalityLength(modality.name())) : CodeBlock.of("");
            for (int l = 0; l + 1 < layers.size(); l++) {
                LayerSpec layer = layers.get(l);
                m.addStatement("System.arraycopy($T.merge($N, $N, boltzmannConfig.biasMerge()$L), 0, model.$N, 0, $L)", BIAS_MERGE,
                        Plan.rbmHiddenBias(layer), Plan.rbmVisibleBias(layers.get(l + 1)), l == 0 ? scale : CodeBlock.of(""),
                        Names.bias(layer), Names.constant(layer));
            }
            LayerSpec top = modality.top();
            String units = Names.constant(top);
            m.addStatement("System.arraycopy($T.merge($N, $T.copyOfRange($N, at, at + $L), boltzmannConfig.biasMerge()$L), 0,\n"
                            + "$>$>model.$N, 0, $L)$<$<", BIAS_MERGE, Plan.rbmHiddenBias(top), java.util.Arrays.class,
                    Plan.rbmVisibleBias(joint), units, layers.size() == 1 ? scale : CodeBlock.of(""), Names.bias(top), units)
                    .beginControlFlow("for (int k = 0; k < $L; k++)", Names.constant(joint))
                    .addStatement("System.arraycopy($N, k * $L + at, model.$N, k * $L, $L)", Plan.JOINT_RBM_WEIGHT, Plan.TOPS,
                            Plan.jointWeight(joint, modality), units, units)
                    .endControlFlow();
            if (modality != last()) {
                m.addStatement("at += $L", units);
            }
        }
        m.addStatement("System.arraycopy($N, 0, model.$N, 0, $L)", Plan.rbmHiddenBias(joint), Names.bias(joint),
                Names.constant(joint));
        List<LayerSpec> halved = spec.modalities().stream().flatMap(mo -> mo.layers().stream().skip(1)).toList();
        if (!halved.isEmpty()) {
            m.beginControlFlow("if (boltzmannConfig.halving())");
            for (LayerSpec layer : halved) {
                m.beginControlFlow("for (int i = 0; i < model.$N.length; i++)", Names.weight(layer))
                        .addStatement("model.$N[i] *= 0.5f", Names.weight(layer))
                        .endControlFlow();
            }
            m.endControlFlow();
        }
        return m.build();
    }

    private MethodSpec jointGradients() {
        return MethodSpec.methodBuilder("jointGradients")
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("The gradient of every layer: returns the batch's summed squared error of every modality's\n")
                .addJavadoc("visible means given the mean-field posterior of the layer above it.\n")
                .addStatement("split(rows)")
                .addStatement("return boltzmann.gradient(modalityData, rows, weights, biases, noise, (float) jointConfig.weightDecay(),\n"
                        + "$>$>weightGrads, biasGrads)$<$<")
                .build();
    }

    private MethodSpec limitNorms() {
        return MethodSpec.methodBuilder("limitNorms")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("After each update of joint training: no unit's incoming weights, from every layer below it\n")
                .addJavadoc("together, longer than {@code maxNorm}.\n")
                .beginControlFlow("if (boltzmannConfig.maxNorm() > 0)")
                .addStatement("$T.maxNorm($T.SHAPE, weights, (float) boltzmannConfig.maxNorm())", ENGINE, model)
                .endControlFlow()
                .build();
    }

    private MethodSpec checkInput() {
        return MethodSpec.methodBuilder("checkInput")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DATA_SET, "data")
                .beginControlFlow("if (data.cols() != $L)", Names.INPUT)
                .addStatement("throw new $T($S + $L + $S + data.cols() + $S)", IllegalArgumentException.class,
                        spec.sourceName() + " trains on rows of every modality side by side (Modalities.join), ",
                        Names.INPUT, " values, but the data has ", " columns")
                .endControlFlow()
                .build();
    }

    private TypeSpec builderType() {
        List<TrainerParts.PhaseSetting> phases = List.of(
                new TrainerParts.PhaseSetting("pretrain", "pretrain", "PRETRAIN_DEFAULTS",
                        "Changes the pretraining settings, e.g. {@code pretrain(c -> c.epochs(2))}.\n", true),
                new TrainerParts.PhaseSetting("jointTraining", "jointTraining", "JOINT_DEFAULTS",
                        "Changes the joint-training settings, e.g. {@code jointTraining(c -> c.epochs(5))}.\n", false));
        return BoltzmannTrainerWriter.withBoltzmannSettings(parts.builderBase(TRAINER_BUILDER, phases), builder).build();
    }
}
