package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.BIAS_MERGE;
import static org.aestack.processor.emit.RuntimeTypes.BOLTZMANN_CONFIG;
import static org.aestack.processor.emit.RuntimeTypes.CONTRASTIVE_DIVERGENCE;
import static org.aestack.processor.emit.RuntimeTypes.DBM_CLASSIFIER;
import static org.aestack.processor.emit.RuntimeTypes.DEEP_BOLTZMANN;
import static org.aestack.processor.emit.RuntimeTypes.KERNELS;
import static org.aestack.processor.emit.RuntimeTypes.KERNEL_OPS;
import static org.aestack.processor.emit.RuntimeTypes.TRAINER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINER_BUILDER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG;

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
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.BoltzmannMachineSpec;
import org.aestack.processor.model.BoltzmannSettings;
import org.aestack.processor.model.LayerSpec;

/**
 * Writes {@code <Name>Trainer} for a {@code @BoltzmannMachine}: greedy pretraining of the RBM stack
 * by contrastive divergence, with the weight-halving trick by default, then the composition of the
 * DBM, then joint training (mean-field and persistent chains, on the runtime's
 * {@code DeepBoltzmann}). Checkpoints keep the RBMs' own biases during pretraining and every
 * persistent chain, so a stopped run resumes to the weights an uninterrupted one reaches.
 */
final class BoltzmannTrainerWriter {

    private final BoltzmannMachineSpec spec;
    private final BoltzmannSettings dbm;
    private final Names names;
    private final List<LayerSpec> layers;
    private final ClassName self;
    private final ClassName model;
    private final ClassName builder;
    private final Plan plan;
    private final TrainerParts parts;

    BoltzmannTrainerWriter(BoltzmannMachineSpec spec, Plan plan) {
        this.spec = spec;
        this.dbm = spec.boltzmann();
        this.names = new Names(spec);
        this.layers = spec.layers();
        this.self = ClassName.get(spec.packageName(), spec.trainerClassName());
        this.model = ClassName.get(spec.packageName(), spec.modelClassName());
        this.builder = self.nestedClass("Builder");
        this.plan = plan;
        this.parts = new TrainerParts(spec, plan);
    }

    private boolean top(LayerSpec layer) {
        return layer.index() == layers.size() - 1;
    }

    JavaFile write() {
        TypeSpec.Builder type = parts.classStart(TRAINER, javadoc());
        type.addField(FieldSpec.builder(KERNEL_OPS, "OPS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.ops()", KERNELS).build());
        type.addField(parts.defaults("PRETRAIN_DEFAULTS", spec.pretrain(), "The pretraining settings of {@code @Pretrain} (or its defaults).\n"));
        type.addField(parts.defaults("JOINT_DEFAULTS", dbm.joint(), "The joint-training settings of {@code @JointTraining} (or its defaults).\n"));
        type.addField(boltzmannDefaults(dbm));
        if (spec.supervised() != null) {
            type.addField(parts.defaults("SUPERVISED_DEFAULTS", spec.supervised().training(),
                    "The supervised settings of {@code @Supervised}.\n"));
        }
        addFields(type);
        type.addMethod(constructor());
        parts.addFactories(type);
        type.addMethod(fit());
        type.addMethod(pretrain());
        type.addMethod(jointTraining());
        if (spec.supervised() != null) {
            type.addMethod(parts.supervise(plan.phase("supervisePhase"), CodeBlock.builder()
                    .add("Supervised fine-tuning of the classifier the DBM starts (Salakhutdinov and Hinton 2009,\n")
                    .add("section 4): as the phase starts, its net takes the DBM's weights and U = W₂ᵀ, its input the\n")
                    .add("data and the second layer's mean-field posterior under the DBM, which stays as it is; then\n")
                    .add("backpropagation of the softmax head's cross-entropy, with {@code @Supervised}'s settings.\n\n")
                    .build()));
        }
        type.addMethod(parts.history());
        type.addMethod(TrainerParts.accessor("pretrainConfig", TRAINING_CONFIG, "The pretraining settings in use.\n",
                CodeBlock.of("return pretrainConfig")));
        type.addMethod(TrainerParts.accessor("jointConfig", TRAINING_CONFIG, "The joint-training settings in use.\n",
                CodeBlock.of("return jointConfig")));
        type.addMethod(TrainerParts.accessor("boltzmannConfig", BOLTZMANN_CONFIG,
                "The halving, bias merge, chain and mean-field settings in use.\n", CodeBlock.of("return boltzmannConfig")));
        for (LayerSpec layer : layers) {
            type.addMethod(pretrainGradients(layer));
        }
        type.addMethod(compose());
        type.addMethod(jointGradients());
        type.addMethod(limitNorms());
        if (spec.supervised() != null) {
            type.addMethod(MethodSpec.methodBuilder("superviseGradients")
                    .addModifiers(Modifier.PRIVATE)
                    .returns(double.class)
                    .addParameter(int.class, "rows")
                    .addJavadoc("The classifier's gradient for the labeled batch: returns its summed cross-entropy.\n")
                    .addStatement("return $N.gradient(input, batchLabels, rows)", Names.CLASSIFIER)
                    .build());
        }
        type.addMethod(parts.resume(CodeBlock.builder()
                .add("Continues from a checkpoint this trainer's kind wrote: restores the model, the RBMs' biases,\n")
                .add("the history and the random generators now, and the optimizer state and the chains when\n")
                .add("{@code fit}, {@code pretrain} or {@code jointTraining} reaches the phase it was taken in; phases\n")
                .add("finished before it are skipped. With the same data, settings and thread count the final\n")
                .add("weights equal an uninterrupted run's.\n\n")
                .build()));
        type.addMethod(parts.checkpointTensors("What a checkpoint keeps of the parameters: the model's, and the RBMs' own biases.\n"));
        type.addMethod(parts.checkpointShapes());
        return parts.finish(type, builderType());
    }

    private CodeBlock javadoc() {
        return CodeBlock.builder()
                .add("Trains {@link $T}: {@link #pretrain} trains the stack of RBMs greedily by contrastive divergence\n", model)
                .add("and composes them into a deep Boltzmann machine; {@link #jointTraining} trains it jointly\n")
                .add("(Salakhutdinov and Hinton 2009): mean-field posteriors for the data-dependent statistics and\n")
                .add("persistent Gibbs chains for the model's. {@link #fit} does both. A trainer holds buffers sized\n")
                .add("for its batches and is not thread-safe; train one model with one trainer at a time.\n")
                .build();
    }

    /** {@code BOLTZMANN_DEFAULTS}: the declared halving, chain, mean-field, sparsity and max-norm settings; shared with the multimodal machine. */
    static FieldSpec boltzmannDefaults(BoltzmannSettings dbm) {
        CodeBlock.Builder init = CodeBlock.builder()
                .add("$T.builder()\n$>$>", BOLTZMANN_CONFIG)
                .add(".halving($L)\n", dbm.halving())
                .add(".biasMerge($T.SUM)\n", BIAS_MERGE)
                .add(".chains($L)\n", dbm.chains())
                .add(".sweeps($L)\n", dbm.sweeps())
                .add(".meanFieldIterations($L)\n", dbm.meanFieldIterations())
                .add(".tolerance($L)\n", dbm.tolerance());
        if (dbm.sparsityTarget() > 0) {
            init.add(".sparsityTarget($L)\n", dbm.sparsityTarget())
                    .add(".sparsityCost($L)\n", dbm.sparsityCost())
                    .add(".sparsityDamping($L)\n", dbm.sparsityDamping());
        }
        if (dbm.maxNorm() > 0) {
            init.add(".maxNorm($L)\n", dbm.maxNorm());
        }
        init.add(".build()$<$<");
        return FieldSpec.builder(BOLTZMANN_CONFIG, "BOLTZMANN_DEFAULTS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("How pretraining composes the DBM and joint training gathers statistics: {@code @Pretrain(halving)}\n")
                .addJavadoc("and {@code @JointTraining}; biases two RBMs trained are summed, as in Salakhutdinov's code.\n")
                .initializer(init.build())
                .build();
    }

    private void addFields(TypeSpec.Builder type) {
        List<String> configs = new ArrayList<>(List.of("pretrainConfig", "jointConfig", "boltzmannConfig"));
        if (spec.supervised() != null) {
            configs.add("supervisedConfig");
        }
        parts.addStateFields(type, configs,
                Map.of("boltzmannConfig", BOLTZMANN_CONFIG), "Draws the Gibbs samples.\n",
                "Rows the buffers hold: the larger of the two phases' batch sizes.\n");
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.BATCH)) {
            type.addField(FieldSpec.builder(float[].class, buffer.field(), Modifier.PRIVATE, Modifier.FINAL).addJavadoc(buffer.doc())
                    .build());
        }
        for (LayerSpec layer : layers) {
            type.addField(FieldSpec.builder(CONTRASTIVE_DIVERGENCE, Names.rbm(layer), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Pretrains $N as an RBM of the layer below.\n", layer.name()).build());
            type.addField(FieldSpec.builder(float[].class, Plan.rbmVisibleBias(layer), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The visible and hidden biases of $N's RBM, which the composed DBM merges.\n", layer.name())
                    .build());
            type.addField(float[].class, Plan.rbmHiddenBias(layer), Modifier.PRIVATE, Modifier.FINAL);
        }
        type.addField(FieldSpec.builder(DEEP_BOLTZMANN, "boltzmann", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Joint training's mean-field and persistent chains, its buffers sized once.\n").build());
        type.addField(FieldSpec.builder(float[][].class, "weights", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The model's weights and biases, and their gradients, as {@code boltzmann} takes them.\n").build());
        type.addField(float[][].class, "biases", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(float[][].class, "weightGrads", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(float[][].class, "biasGrads", Modifier.PRIVATE, Modifier.FINAL);
        TrainerParts.addGradientFields(type, plan.tensors(), "The gradient of each array an optimizer updates.\n");
        if (spec.supervised() != null) {
            type.addField(FieldSpec.builder(DBM_CLASSIFIER, Names.CLASSIFIER, Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The classifier of {@code @Supervised} over the model's arrays, and its gradients.\n").build());
            type.addField(FieldSpec.builder(int[].class, "batchLabels", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The labels of the mini-batch in {@code input}, in the supervised phase.\n").build());
        }
        parts.addPhaseFields(type);
    }

    private MethodSpec constructor() {
        Map<String, String> configs = new LinkedHashMap<>(Map.of("pretrainConfig", "pretrain"));
        configs.put("jointConfig", "jointTraining");
        configs.put("boltzmannConfig", "boltzmann");
        if (spec.supervised() != null) {
            configs.put("supervisedConfig", "supervised");
        }
        MethodSpec.Builder m = parts.constructorStart(configs)
                .addCode(TrainerParts.capacity(spec.supervised() != null
                        ? List.of("pretrainConfig", "jointConfig", "supervisedConfig") : List.of("pretrainConfig", "jointConfig")));
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.BATCH)) {
            m.addStatement("this.$N = new float[capacity * $L]", buffer.field(), buffer.size());
        }
        m.addComment("With halving, the bottom RBM counts its input twice going up and the top RBM its hidden")
                .addComment("layer twice going down, as the composed DBM's middle layers will hear from both sides.")
                .addStatement("float twice = boltzmannConfig.halving() ? 2f : 1f");
        for (LayerSpec layer : layers) {
            String up = layer.index() == 0 ? "twice" : "1f";
            String down = top(layer) ? "twice" : "1f";
            m.addCode(TrainerParts.rbm(layer, names, CodeBlock.of(".scales($L, $L)", up, down)));
            m.addStatement("this.$N = new float[$L]", Plan.rbmVisibleBias(layer), names.inputsConstant(layer));
            m.addStatement("this.$N = new float[$L]", Plan.rbmHiddenBias(layer), Names.constant(layer));
        }
        m.addStatement("this.boltzmann = new $T(new int[] {$L, $L}, capacity, boltzmannConfig.chains(),\n$>$>"
                        + "boltzmannConfig.sweeps(), boltzmannConfig.meanFieldIterations(), boltzmannConfig.tolerance())$<$<",
                DEEP_BOLTZMANN, Names.INPUT, joined(layers, l -> CodeBlock.of("$L", Names.constant(l))))
                .beginControlFlow("if (boltzmannConfig.sparsityTarget() > 0)")
                .addStatement("boltzmann.sparsity(boltzmannConfig.sparsityTarget(), boltzmannConfig.sparsityCost(), "
                        + "boltzmannConfig.sparsityDamping())")
                .endControlFlow()
                .addStatement("this.weights = new float[][] {$L}", joined(layers, l -> CodeBlock.of("model.$N", Names.weight(l))))
                .addStatement("this.biases = new float[][] {model.$N, $L}", BoltzmannModelWriter.VISIBLE_BIAS,
                        joined(layers, l -> CodeBlock.of("model.$N", Names.bias(l))))
                .addStatement("this.weightGrads = new float[][] {$L}", joined(layers, l -> CodeBlock.of("$N", Names.grad(Names.weight(l)))))
                .addStatement("this.biasGrads = new float[][] {$N, $L}", Names.grad(BoltzmannModelWriter.VISIBLE_BIAS),
                        joined(layers, l -> CodeBlock.of("$N", Names.grad(Names.bias(l)))));
        if (spec.supervised() != null) {
            m.addStatement("this.batchLabels = new int[capacity]")
                    .addStatement("this.$N = $T.over(new int[] {$L, $L}, weights, biases,\n$>$>new float[][] {$L},\n"
                                    + "new float[][] {null, $L},\nmodel.$N, model.$N, model.$N, $L, $T.MEAN_FIELD_ITERATIONS)$<$<",
                            Names.CLASSIFIER, DBM_CLASSIFIER, Names.INPUT, joined(layers, l -> CodeBlock.of("$L", Names.constant(l))),
                            joined(layers, l -> CodeBlock.of("model.$N", Names.classifierWeight(l))),
                            joined(layers, l -> CodeBlock.of("model.$N", Names.classifierBias(l))),
                            Names.CLASSIFIER_U, Names.HEAD_WEIGHT, Names.HEAD_BIAS, Names.CLASSES, model);
        }
        CodeBlock settings = CodeBlock.of("$S + pretrainConfig + $S + jointConfig + $S + boltzmannConfig", "pretrain: ", "; joint: ", "; ");
        if (spec.supervised() != null) {
            settings = CodeBlock.of("$L + $S + supervisedConfig", settings, "; supervised: ");
        }
        m.addCode(parts.runner(settings,
                CodeBlock.of("this::checkpointTensors"), CodeBlock.of("$T::checkpointShapes", self)));
        for (LayerSpec layer : layers) {
            Plan.Phase pretrain = plan.pretrainPhase(layer);
            CodeBlock.Builder phase = parts.phase(pretrain);
            if (layer.rbm().persistent()) {
                phase.add(".keeps($S, $N.chainStates())\n", layer.name(), Names.rbm(layer))
                        .add(".whenRestored($N::chainsRestored)\n", Names.rbm(layer));
            }
            m.addCode(TrainerParts.endPhase(pretrain, phase));
        }
        CodeBlock.Builder joint = CodeBlock.builder().add("$T.Builder joint = ", RuntimeTypes.PHASE)
                .add(parts.phase(plan.phase("jointTrainingPhase")).build())
                .add(".afterUpdate(this::limitNorms)\n");
        for (int l = 0; l <= layers.size(); l++) {
            joint.add(".keeps($S, boltzmann.chainStates()[$L])\n", "joint." + l, l);
        }
        m.addCode(joint.add(".whenRestored(boltzmann::chainsRestored);\n$<$<").build())
                .beginControlFlow("if (boltzmannConfig.sparsityTarget() > 0)")
                .addComment("The sparsity targets' running means, so a resumed run pushes as the stopped one would.");
        for (LayerSpec layer : layers) {
            m.addStatement("joint.keeps($S, boltzmann.sparsityState()[$L])", "sparsity." + (layer.index() + 1), layer.index() + 1);
        }
        m.endControlFlow().addStatement("this.jointTrainingPhase = joint.build()");
        if (spec.supervised() != null) {
            Plan.Phase supervise = plan.phase("supervisePhase");
            m.addCode(TrainerParts.endPhase(supervise, parts.phase(supervise)
                    .add(".labels(batchLabels)\n")
                    .add(".whenStarted(() -> $N.startFromDbm(noise))\n", Names.CLASSIFIER)));
        }
        return m.build();
    }

    /** The expressions {@code each} gives for {@code layers}, joined by commas. */
    private static CodeBlock joined(List<LayerSpec> layers, java.util.function.Function<LayerSpec, CodeBlock> each) {
        return layers.stream().map(each).collect(CodeBlock.joining(", "));
    }

    private MethodSpec fit() {
        return parts.phaseMethod("fit", "data", true)
                .addJavadoc("Pretrains the RBMs and composes the machine, then trains it jointly.\n")
                .addStatement("return pretrain(data).jointTraining(data)")
                .build();
    }

    private MethodSpec pretrain() {
        MethodSpec.Builder m = parts.phaseMethod("pretrain", "data", true)
                .addJavadoc("Greedy layerwise pretraining: each RBM in turn, by contrastive divergence, on the hidden\n")
                .addJavadoc("probabilities of the RBMs below it, which stay fixed; then the composition of the DBM from\n")
                .addJavadoc("them ({@link $T#halving()}, {@link $T#biasMerge()}).\n\n", BOLTZMANN_CONFIG, BOLTZMANN_CONFIG)
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n",
                        RuntimeTypes.TRAINING_DIVERGED)
                .addStatement("checkInput(data)");
        for (LayerSpec layer : layers) {
            Plan.Phase phase = plan.pretrainPhase(layer);
            if (!top(layer)) {
                m.addCode(TrainerParts.run(phase, "data"));
            } else {
                m.addComment("Composed unless the checkpoint resumed from was taken after pretraining, when it already was.")
                        .beginControlFlow("if (runner.run($N, data))", phase.field())
                        .addStatement("compose()")
                        .endControlFlow();
            }
        }
        return m.addStatement("return this").build();
    }

    private MethodSpec jointTraining() {
        return parts.phaseMethod("jointTraining", "data", false)
                .addJavadoc("Joint training of every layer (Salakhutdinov and Hinton 2009): for each batch the mean-field\n")
                .addJavadoc("posteriors give the data-dependent statistics and the persistent chains, after their sweeps,\n")
                .addJavadoc("the model's. The chains are kept in the model afterwards, for {@code sample} and {@code save}.\n\n")
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

    private MethodSpec pretrainGradients(LayerSpec layer) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(plan.pretrainPhase(layer).gradients())
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("The gradient of $N's RBM, $L: returns the batch's summed squared reconstruction error.\n",
                        layer.name(), describe(layer));
        String data = "input";
        if (layer.index() > 0) {
            m.addComment("The RBMs below, as pretrained, give this one its data: their hidden probabilities.");
            for (int l = 0; l < layer.index(); l++) {
                LayerSpec below = layers.get(l);
                String in = l == 0 ? "input" : Names.output(layers.get(l - 1));
                String width = names.inputsConstant(below);
                m.addStatement("OPS.gemmNT(rows, $L, $L, $L, $N, $L, model.$N, $L, 0f, $N, $L)", Names.constant(below), width,
                        l == 0 ? "boltzmannConfig.halving() ? 2f : 1f" : "1f", in, width, Names.weight(below), width,
                        Names.output(below), Names.constant(below));
                m.addStatement("OPS.sigmoidWithBias($N, $N, rows, $L)", Names.output(below), Plan.rbmHiddenBias(below), Names.constant(below));
            }
            data = Names.output(layers.get(layer.index() - 1));
        }
        return m.addCode(TrainerParts.rbmGradient(layer, data, plan.field(Names.weight(layer)),
                plan.field(Plan.rbmVisibleBias(layer)), plan.field(Plan.rbmHiddenBias(layer)))).build();
    }

    private String describe(LayerSpec layer) {
        var r = layer.rbm();
        String cd = "CD-" + r.cd() + (r.persistent() ? " with persistent chains" : "");
        if (layers.size() == 1) {
            return cd;
        }
        if (layer.index() == 0) {
            return cd + ", its input counted twice going up when halving";
        }
        if (top(layer)) {
            return cd + ", its hidden layer counted twice going down when halving";
        }
        return cd + ", its weights halved in the composed DBM when halving";
    }

    private MethodSpec compose() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("compose")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Composes the DBM from the pretrained RBMs: the visible biases from the bottom RBM, the top\n")
                .addJavadoc("layer's from the top RBM, and each layer between from the two RBMs that trained it, merged\n")
                .addJavadoc("as {@link $T#biasMerge()} says; with halving, the RBMs between the bottom and the top have\n",
                        BOLTZMANN_CONFIG)
                .addJavadoc("their weights halved, since their layers hear from both sides in the DBM.\n")
                .addStatement("System.arraycopy($N, 0, model.$N, 0, $L)", Plan.rbmVisibleBias(layers.get(0)),
                        BoltzmannModelWriter.VISIBLE_BIAS, Names.INPUT);
        for (int l = 0; l < layers.size() - 1; l++) {
            LayerSpec layer = layers.get(l);
            m.addStatement("System.arraycopy($T.merge($N, $N, boltzmannConfig.biasMerge()), 0, model.$N, 0, $L)", BIAS_MERGE,
                    Plan.rbmHiddenBias(layer), Plan.rbmVisibleBias(layers.get(l + 1)), Names.bias(layer), Names.constant(layer));
        }
        LayerSpec last = layers.get(layers.size() - 1);
        m.addStatement("System.arraycopy($N, 0, model.$N, 0, $L)", Plan.rbmHiddenBias(last), Names.bias(last), Names.constant(last));
        if (layers.size() > 2) {
            m.beginControlFlow("if (boltzmannConfig.halving())");
            for (LayerSpec layer : layers.subList(1, layers.size() - 1)) {
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
                .addJavadoc("The gradient of every layer: returns the batch's summed squared error of the visible means\n")
                .addJavadoc("given the first hidden layer's mean-field posterior.\n")
                .addStatement("return boltzmann.gradient(input, rows, weights, biases, noise, (float) jointConfig.weightDecay(),\n"
                        + "$>$>weightGrads, biasGrads)$<$<")
                .build();
    }

    private MethodSpec limitNorms() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("limitNorms")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("After each update of joint training: no unit's incoming weights longer than {@code maxNorm}.\n")
                .beginControlFlow("if (boltzmannConfig.maxNorm() > 0)")
                .addStatement("float limit = (float) boltzmannConfig.maxNorm()");
        for (LayerSpec layer : layers) {
            m.addStatement("$T.maxNorm(model.$N, $L, $L, limit)", DEEP_BOLTZMANN, Names.weight(layer), Names.constant(layer),
                    names.inputsConstant(layer));
        }
        return m.endControlFlow().build();
    }

    private TypeSpec builderType() {
        List<TrainerParts.PhaseSetting> phases = new ArrayList<>(List.of(
                new TrainerParts.PhaseSetting("pretrain", "pretrain", "PRETRAIN_DEFAULTS",
                        "Changes the pretraining settings, e.g. {@code pretrain(c -> c.epochs(2))}.\n", true),
                new TrainerParts.PhaseSetting("jointTraining", "jointTraining", "JOINT_DEFAULTS",
                        "Changes the joint-training settings, e.g. {@code jointTraining(c -> c.epochs(5))}.\n", false)));
        if (spec.supervised() != null) {
            phases.add(new TrainerParts.PhaseSetting("supervised", "supervised", "SUPERVISED_DEFAULTS",
                    "Changes the supervised settings, e.g. {@code supervised(c -> c.epochs(100))}.\n", false));
        }
        return withBoltzmannSettings(parts.builderBase(TRAINER_BUILDER, phases), builder).build();
    }

    /** A builder's {@code boltzmann} settings, from {@code BOLTZMANN_DEFAULTS}, and the method that changes them. */
    static TypeSpec.Builder withBoltzmannSettings(TypeSpec.Builder type, ClassName builder) {
        TypeName change = ParameterizedTypeName.get(ClassName.get(UnaryOperator.class), BOLTZMANN_CONFIG.nestedClass("Builder"));
        return type
                .addField(FieldSpec.builder(BOLTZMANN_CONFIG, "boltzmann", Modifier.PRIVATE).initializer("BOLTZMANN_DEFAULTS").build())
                .addMethod(MethodSpec.methodBuilder("boltzmann")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(change, "change")
                        .addJavadoc("Changes the halving, bias merge, chain, mean-field, sparsity or max-norm settings, e.g.\n")
                        .addJavadoc("{@code boltzmann(b -> b.halving(false))} for naive stacking.\n")
                        .addStatement("boltzmann = change.apply(boltzmann.toBuilder()).build()")
                        .addStatement("return this")
                        .build());
    }
}
