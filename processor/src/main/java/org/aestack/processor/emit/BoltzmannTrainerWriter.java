package org.aestack.processor.emit;

import static org.aestack.processor.emit.BoltzmannModelWriter.DEEP_BOLTZMANN;
import static org.aestack.processor.emit.RuntimeTypes.CONTRASTIVE_DIVERGENCE;
import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.KERNELS;
import static org.aestack.processor.emit.RuntimeTypes.KERNEL_OPS;
import static org.aestack.processor.emit.RuntimeTypes.RNG;
import static org.aestack.processor.emit.RuntimeTypes.TRAINER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG;
import static org.aestack.processor.emit.RuntimeTypes.UNIT_TYPE;
import static org.aestack.processor.emit.RuntimeTypes.UPDATER;
import static org.aestack.processor.emit.RuntimeTypes.UPDATERS;

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
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.BoltzmannSpec;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;

/**
 * Writes {@code <Name>Trainer} for a {@code @BoltzmannMachine}: greedy pretraining of the RBM stack
 * by contrastive divergence, with the weight-halving trick by default, then the composition of the
 * DBM, then joint training (mean-field and persistent chains, on the runtime's
 * {@code DeepBoltzmann}). Checkpoints keep the RBMs' own biases during pretraining and every
 * persistent chain, so a stopped run resumes to the weights an uninterrupted one reaches.
 */
final class BoltzmannTrainerWriter {
    private static final ClassName BOLTZMANN_CONFIG = ClassName.get("org.aestack.runtime.train", "BoltzmannConfig");
    private static final ClassName BIAS_MERGE = ClassName.get("org.aestack.runtime.train", "BiasMerge");
    private static final TypeName FLOAT_MAP = ParameterizedTypeName.get(Map.class, String.class, float[].class);
    private static final TypeName SHAPE_MAP = ParameterizedTypeName.get(Map.class, String.class, int[].class);

    private final ModelSpec spec;
    private final BoltzmannSpec dbm;
    private final Names names;
    private final List<LayerSpec> layers;
    private final ClassName self;
    private final ClassName model;
    private final ClassName builder;
    private final int joint;
    private final TrainerParts parts;

    BoltzmannTrainerWriter(ModelSpec spec) {
        this.spec = spec;
        this.dbm = spec.boltzmann();
        this.names = new Names(spec);
        this.layers = spec.layers();
        this.self = ClassName.get(spec.packageName(), spec.trainerClassName());
        this.model = ClassName.get(spec.packageName(), spec.modelClassName());
        this.builder = self.nestedClass("Builder");
        this.joint = layers.size();
        this.parts = new TrainerParts(spec);
    }

    private static String visibleBias(LayerSpec layer) {
        return layer.name() + "VisibleBias";
    }

    private static String hiddenBias(LayerSpec layer) {
        return layer.name() + "HiddenBias";
    }

    private static String step(LayerSpec layer) {
        return "pretrain" + Names.capitalize(layer.name()) + "Step";
    }

    private boolean top(LayerSpec layer) {
        return layer.index() == layers.size() - 1;
    }

    /** What the RBM of a layer trains: its weights (the model's) and its own two bias vectors (the trainer's). */
    private List<String[]> rbmTensors(LayerSpec layer) {
        return List.of(new String[] {"model." + Names.weight(layer), Names.weight(layer)},
                new String[] {visibleBias(layer), visibleBias(layer)},
                new String[] {hiddenBias(layer), hiddenBias(layer)});
    }

    /** What joint training trains: every weight matrix and bias vector of the model. */
    private List<String> jointTensors() {
        List<String> tensors = new ArrayList<>();
        tensors.add(BoltzmannModelWriter.VISIBLE_BIAS);
        for (LayerSpec layer : layers) {
            tensors.add(Names.weight(layer));
            tensors.add(Names.bias(layer));
        }
        return tensors;
    }

    /** Every array an optimizer updates, by field name: the model's tensors and the RBMs' own biases. */
    private List<String> updated() {
        List<String> all = new ArrayList<>(jointTensors());
        for (LayerSpec layer : layers) {
            all.add(visibleBias(layer));
            all.add(hiddenBias(layer));
        }
        return all;
    }

    JavaFile write() {
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Sources.generated(spec))
                .addSuperinterface(ParameterizedTypeName.get(TRAINER, self))
                .addJavadoc(javadoc());
        type.addField(FieldSpec.builder(KERNEL_OPS, "OPS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.ops()", KERNELS).build());
        type.addField(parts.defaults("PRETRAIN_DEFAULTS", spec.pretrain(), "The pretraining settings of {@code @Pretrain} (or its defaults).\n"));
        type.addField(parts.defaults("JOINT_DEFAULTS", dbm.joint(), "The joint-training settings of {@code @JointTraining} (or its defaults).\n"));
        type.addField(boltzmannDefaults());
        addFields(type);
        type.addMethod(constructor());
        type.addMethod(parts.of());
        type.addMethod(parts.builderFactory());
        type.addMethod(parts.listener());
        type.addMethod(fit());
        type.addMethod(pretrain());
        type.addMethod(fineTune());
        type.addMethod(parts.history());
        type.addMethod(TrainerParts.accessor("pretrainConfig", TRAINING_CONFIG, "The pretraining settings in use.\n",
                CodeBlock.of("return pretrainConfig")));
        type.addMethod(TrainerParts.accessor("jointConfig", TRAINING_CONFIG, "The joint-training settings in use.\n",
                CodeBlock.of("return jointConfig")));
        type.addMethod(TrainerParts.accessor("boltzmannConfig", BOLTZMANN_CONFIG,
                "The halving, bias merge, chain and mean-field settings in use.\n", CodeBlock.of("return boltzmannConfig")));
        for (LayerSpec layer : layers) {
            type.addMethod(pretrainStep(layer));
        }
        type.addMethod(compose());
        type.addMethod(jointStep());
        type.addMethod(parts.resume(CodeBlock.builder()
                        .add("Continues from a checkpoint this trainer's kind wrote: restores the model, the RBMs' biases,\n")
                        .add("the history and the random generators now, and the optimizer state and the chains when\n")
                        .add("{@code fit}, {@code pretrain} or {@code fineTune} reaches the phase it was taken in; phases\n")
                        .add("finished before it are skipped. With the same data, settings and thread count the final\n")
                        .add("weights equal an uninterrupted run's.\n\n")
                        .build(),
                CodeBlock.of("checkpoint.restoreParameters(checkpointTensors(), checkpointShapes())")));
        type.addMethod(parts.runPhase(layers.size() + " pretraining phases, numbered by layer, then joint training", true,
                CodeBlock.of("")));
        type.addMethod(parts.checkpoint(CodeBlock.of("checkpointTensors()"), CodeBlock.of("checkpointShapes()"), "chains()"));
        type.addMethod(checkpointTensors());
        type.addMethod(checkpointShapes());
        type.addMethod(MethodSpec.methodBuilder("settings")
                .addModifiers(Modifier.PRIVATE)
                .returns(String.class)
                .addJavadoc("The settings a checkpoint must have been taken with to resume here.\n")
                .addStatement("return \"pretrain: \" + pretrainConfig + \"; joint: \" + jointConfig + \"; \" + boltzmannConfig")
                .build());
        type.addMethod(chains());
        type.addMethod(restoreChains());
        type.addMethod(updaters());
        type.addMethod(createUpdaters());
        type.addMethod(parts.checkInput());
        type.addType(builderType());
        return Sources.fileWithShapes(spec, type.build());
    }

    private CodeBlock javadoc() {
        return CodeBlock.builder()
                .add("Trains {@link $T}: {@link #pretrain} trains the stack of RBMs greedily by contrastive divergence\n", model)
                .add("and composes them into a deep Boltzmann machine; {@link #fineTune} is joint training\n")
                .add("(Salakhutdinov and Hinton 2009): mean-field posteriors for the data-dependent statistics and\n")
                .add("persistent Gibbs chains for the model's. {@link #fit} does both. A trainer holds buffers sized\n")
                .add("for its batches and is not thread-safe; train one model with one trainer at a time.\n")
                .build();
    }

    private FieldSpec boltzmannDefaults() {
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
        parts.addStateFields(type, List.of("pretrainConfig", "jointConfig", "boltzmannConfig"),
                Map.of("boltzmannConfig", BOLTZMANN_CONFIG), "Draws the Gibbs samples.\n",
                "Rows the buffers hold: the larger of the two phases' batch sizes.\n");
        type.addField(FieldSpec.builder(float[].class, "input", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The mini-batch, {@code capacity} rows.\n").build());
        for (LayerSpec layer : layers) {
            if (!top(layer)) {
                type.addField(FieldSpec.builder(float[].class, Names.output(layer), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("$N's hidden probabilities as its RBM has them: the data of the RBM above.\n", layer.name())
                        .build());
            }
        }
        for (LayerSpec layer : layers) {
            type.addField(FieldSpec.builder(CONTRASTIVE_DIVERGENCE, Names.rbm(layer), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Pretrains $N as an RBM of the layer below.\n", layer.name()).build());
            type.addField(FieldSpec.builder(float[].class, visibleBias(layer), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The visible and hidden biases of $N's RBM, which the composed DBM merges.\n", layer.name())
                    .build());
            type.addField(float[].class, hiddenBias(layer), Modifier.PRIVATE, Modifier.FINAL);
        }
        type.addField(FieldSpec.builder(DEEP_BOLTZMANN, "boltzmann", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Joint training's mean-field and persistent chains, its buffers sized once.\n").build());
        type.addField(FieldSpec.builder(float[][].class, "weights", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The model's weights and biases, and their gradients, as {@code boltzmann} takes them.\n").build());
        type.addField(float[][].class, "biases", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(float[][].class, "weightGrads", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(float[][].class, "biasGrads", Modifier.PRIVATE, Modifier.FINAL);
        List<FieldSpec> grads = new ArrayList<>();
        for (String tensor : updated()) {
            grads.add(FieldSpec.builder(float[].class, Names.grad(tensor), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        grads.set(0, grads.get(0).toBuilder().addJavadoc("The gradient of each array an optimizer updates.\n").build());
        grads.forEach(type::addField);
        List<FieldSpec> updaters = new ArrayList<>();
        for (String tensor : updated()) {
            updaters.add(FieldSpec.builder(UPDATER, Names.updater(tensor), Modifier.PRIVATE).build());
        }
        updaters.set(0, updaters.get(0).toBuilder().addJavadoc("The optimizer state of each of them, made anew for each phase.\n").build());
        updaters.forEach(type::addField);
    }

    private String size(String tensor) {
        if (tensor.equals(BoltzmannModelWriter.VISIBLE_BIAS)) {
            return Names.INPUT;
        }
        for (LayerSpec layer : layers) {
            if (tensor.equals(Names.weight(layer))) {
                return Names.constant(layer) + " * " + names.inputsConstant(layer);
            }
            if (tensor.equals(Names.bias(layer)) || tensor.equals(hiddenBias(layer))) {
                return Names.constant(layer);
            }
            if (tensor.equals(visibleBias(layer))) {
                return names.inputsConstant(layer);
            }
        }
        throw new AssertionError(tensor);
    }

    private MethodSpec constructor() {
        MethodSpec.Builder m = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(builder, "builder")
                .addStatement("this.model = builder.model")
                .addStatement("this.pretrainConfig = builder.pretrain")
                .addStatement("this.jointConfig = builder.fineTune")
                .addStatement("this.boltzmannConfig = builder.boltzmann")
                .addStatement("this.seed = builder.seed")
                .addStatement("this.rng = new $T(builder.seed)", RNG)
                .addStatement("this.noise = rng.split()")
                .addStatement("this.checkpointFile = builder.checkpointFile")
                .addStatement("this.checkpointEvery = builder.checkpointEvery")
                .addStatement("this.listeners = new $T<>(builder.listeners)", ArrayList.class)
                .addStatement("this.capacity = Math.max(pretrainConfig.batchSize(), jointConfig.batchSize())")
                .addStatement("this.input = new float[capacity * $L]", Names.INPUT);
        for (LayerSpec layer : layers) {
            if (!top(layer)) {
                m.addStatement("this.$N = new float[capacity * $L]", Names.output(layer), Names.constant(layer));
            }
        }
        m.addComment("With halving, the bottom RBM counts its input twice going up and the top RBM its hidden")
                .addComment("layer twice going down, as the composed DBM's middle layers will hear from both sides.")
                .addStatement("float twice = boltzmannConfig.halving() ? 2f : 1f");
        for (LayerSpec layer : layers) {
            var r = layer.rbm();
            String up = layer.index() == 0 ? "twice" : "1f";
            String down = top(layer) ? "twice" : "1f";
            m.addStatement("this.$N = new $T($L, $L, $T.BERNOULLI, $T.BERNOULLI, capacity, $L, $L, $L)\n$>$>.scales($L, $L)$<$<",
                    Names.rbm(layer), CONTRASTIVE_DIVERGENCE, names.inputsConstant(layer), Names.constant(layer), UNIT_TYPE, UNIT_TYPE,
                    r.cd(), r.persistent(), r.chains(), up, down);
            m.addStatement("this.$N = new float[$L]", visibleBias(layer), names.inputsConstant(layer));
            m.addStatement("this.$N = new float[$L]", hiddenBias(layer), Names.constant(layer));
        }
        for (String tensor : updated()) {
            m.addStatement("this.$N = new float[$L]", Names.grad(tensor), size(tensor));
        }
        m.addStatement("this.boltzmann = new $T(new int[] {$L, $L}, capacity, boltzmannConfig.chains(),\n$>$>"
                        + "boltzmannConfig.sweeps(), boltzmannConfig.meanFieldIterations(), boltzmannConfig.tolerance())$<$<",
                DEEP_BOLTZMANN, Names.INPUT, layers.stream().map(Names::constant).collect(Collectors.joining(", ")))
                .beginControlFlow("if (boltzmannConfig.sparsityTarget() > 0)")
                .addStatement("boltzmann.sparsity(boltzmannConfig.sparsityTarget(), boltzmannConfig.sparsityCost(), "
                        + "boltzmannConfig.sparsityDamping())")
                .endControlFlow()
                .addStatement("this.weights = new float[][] {$L}",
                        layers.stream().map(l -> "model." + Names.weight(l)).collect(Collectors.joining(", ")))
                .addStatement("this.biases = new float[][] {model.$N, $L}", BoltzmannModelWriter.VISIBLE_BIAS,
                        layers.stream().map(l -> "model." + Names.bias(l)).collect(Collectors.joining(", ")))
                .addStatement("this.weightGrads = new float[][] {$L}",
                        layers.stream().map(l -> Names.grad(Names.weight(l))).collect(Collectors.joining(", ")))
                .addStatement("this.biasGrads = new float[][] {$N, $L}", Names.grad(BoltzmannModelWriter.VISIBLE_BIAS),
                        layers.stream().map(l -> Names.grad(Names.bias(l))).collect(Collectors.joining(", ")));
        return m.build();
    }

    private MethodSpec fit() {
        return MethodSpec.methodBuilder("fit")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(DATA_SET, "data")
                .addJavadoc("Pretrains the RBMs and composes the machine, then trains it jointly.\n")
                .addStatement("return pretrain(data).fineTune(data)")
                .build();
    }

    private MethodSpec pretrain() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("pretrain")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(DATA_SET, "data")
                .addJavadoc("Greedy layerwise pretraining: each RBM in turn, by contrastive divergence, on the hidden\n")
                .addJavadoc("probabilities of the RBMs below it, which stay fixed; then the composition of the DBM from\n")
                .addJavadoc("them ({@link $T#halving()}, {@link $T#biasMerge()}).\n\n", BOLTZMANN_CONFIG, BOLTZMANN_CONFIG)
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n",
                        RuntimeTypes.TRAINING_DIVERGED)
                .addStatement("checkInput(data)");
        for (LayerSpec layer : layers) {
            String phase = "pretrain " + layer.name() + " (" + (layer.index() + 1) + "/" + layers.size() + ") as an RBM";
            String config = "pretrainConfig";
            if (layer.rbm().learningRate() > 0) {
                config = "pretrainConfig.toBuilder().learningRate(" + layer.rbm().learningRate() + ").build()";
            }
            String params = rbmTensors(layer).stream().map(t -> t[0]).collect(Collectors.joining(", "));
            if (!top(layer)) {
                m.addStatement("runPhase($L, $S, $L, data, this::$N,\n$>$>$L)$<$<", layer.index(), phase, config,
                        step(layer), params);
            } else {
                m.addComment("Composed unless the checkpoint resumed from was taken after pretraining, when it already was.")
                        .beginControlFlow("if (runPhase($L, $S, $L, data, this::$N,\n$>$>$L))$<$<", layer.index(), phase, config,
                                step(layer), params)
                        .addStatement("compose()")
                        .endControlFlow();
            }
        }
        return m.addStatement("return this").build();
    }

    private MethodSpec fineTune() {
        String params = jointTensors().stream().map(t -> "model." + t).collect(Collectors.joining(", "));
        return MethodSpec.methodBuilder("fineTune")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(DATA_SET, "data")
                .addJavadoc("Joint training of every layer (Salakhutdinov and Hinton 2009): for each batch the mean-field\n")
                .addJavadoc("posteriors give the data-dependent statistics and the persistent chains, after their sweeps,\n")
                .addJavadoc("the model's. The chains are kept in the model afterwards, for {@code sample} and {@code save}.\n\n")
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n",
                        RuntimeTypes.TRAINING_DIVERGED)
                .addStatement("checkInput(data)")
                .beginControlFlow("if (runPhase($L, $S, jointConfig, data, this::jointStep,\n$>$>$L))$<$<", joint,
                        "joint training", params)
                .addStatement("model.keepChains(boltzmann.chainStates(), boltzmannConfig.chains())")
                .endControlFlow()
                .addStatement("return this")
                .build();
    }

    private MethodSpec pretrainStep(LayerSpec layer) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(step(layer))
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("One update of $N's RBM, $L: returns the batch's summed squared reconstruction error.\n",
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
                m.addStatement("OPS.sigmoidWithBias($N, $N, rows, $L)", Names.output(below), hiddenBias(below), Names.constant(below));
            }
            data = Names.output(layers.get(layer.index() - 1));
        }
        m.addStatement("double loss = $N.gradient($N, rows, model.$N, $N, $N, noise, (float) pretrainConfig.weightDecay(),\n$>$>"
                        + "$N, $N, $N)$<$<", Names.rbm(layer), data, Names.weight(layer), visibleBias(layer), hiddenBias(layer),
                Names.grad(Names.weight(layer)), Names.grad(visibleBias(layer)), Names.grad(hiddenBias(layer)));
        for (String[] t : rbmTensors(layer)) {
            m.addStatement("$N.update($L, $N)", Names.updater(t[1]), t[0], Names.grad(t[1]));
        }
        return m.addStatement("return loss").build();
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
                .addStatement("System.arraycopy($N, 0, model.$N, 0, $L)", visibleBias(layers.get(0)),
                        BoltzmannModelWriter.VISIBLE_BIAS, Names.INPUT);
        for (int l = 0; l < layers.size() - 1; l++) {
            LayerSpec layer = layers.get(l);
            m.addStatement("System.arraycopy($T.merge($N, $N, boltzmannConfig.biasMerge()), 0, model.$N, 0, $L)", BIAS_MERGE,
                    hiddenBias(layer), visibleBias(layers.get(l + 1)), Names.bias(layer), Names.constant(layer));
        }
        LayerSpec last = layers.get(layers.size() - 1);
        m.addStatement("System.arraycopy($N, 0, model.$N, 0, $L)", hiddenBias(last), Names.bias(last), Names.constant(last));
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

    private MethodSpec jointStep() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("jointStep")
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("One update of every layer: returns the batch's summed squared error of the visible means\n")
                .addJavadoc("given the first hidden layer's mean-field posterior.\n")
                .addStatement("double loss = boltzmann.gradient(input, rows, weights, biases, noise, (float) jointConfig.weightDecay(),\n"
                        + "$>$>weightGrads, biasGrads)$<$<");
        for (String tensor : jointTensors()) {
            m.addStatement("$N.update(model.$N, $N)", Names.updater(tensor), tensor, Names.grad(tensor));
        }
        m.beginControlFlow("if (boltzmannConfig.maxNorm() > 0)")
                .addStatement("float limit = (float) boltzmannConfig.maxNorm()");
        for (LayerSpec layer : layers) {
            m.addStatement("$T.maxNorm(model.$N, $L, $L, limit)", DEEP_BOLTZMANN, Names.weight(layer), Names.constant(layer),
                    names.inputsConstant(layer));
        }
        return m.endControlFlow().addStatement("return loss").build();
    }

    /** The checkpoint name of an RBM's own bias: {@code pretrain.0.visible.bias}. */
    private static String rbmTensor(LayerSpec layer, boolean visible) {
        return "pretrain." + layer.index() + (visible ? ".visible.bias" : ".hidden.bias");
    }

    private MethodSpec checkpointTensors() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("checkpointTensors")
                .addModifiers(Modifier.PRIVATE)
                .returns(FLOAT_MAP)
                .addJavadoc("What a checkpoint keeps of the parameters: the model's, and the RBMs' own biases.\n")
                .addStatement("$T tensors = new $T<>(model.parameters())", FLOAT_MAP, LinkedHashMap.class);
        for (LayerSpec layer : layers) {
            m.addStatement("tensors.put($S, $N)", rbmTensor(layer, true), visibleBias(layer));
            m.addStatement("tensors.put($S, $N)", rbmTensor(layer, false), hiddenBias(layer));
        }
        return m.addStatement("return tensors").build();
    }

    private MethodSpec checkpointShapes() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("checkpointShapes")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(SHAPE_MAP)
                .addJavadoc("The shapes of {@link #checkpointTensors()}.\n")
                .addStatement("$T shapes = new $T<>($T.shapes())", SHAPE_MAP, LinkedHashMap.class, model);
        for (LayerSpec layer : layers) {
            m.addStatement("shapes.put($S, new int[] {$L})", rbmTensor(layer, true), names.inputsConstant(layer));
            m.addStatement("shapes.put($S, new int[] {$L})", rbmTensor(layer, false), Names.constant(layer));
        }
        return m.addStatement("return shapes").build();
    }

    private MethodSpec chains() {
        MethodSpec.Builder m = parts.chainsStart(
                "The persistent chains of every phase, and the sparsity targets' running means, for checkpoints.\n");
        m.addStatement("float[][] states = boltzmann.chainStates()")
                .beginControlFlow("for (int l = 0; l < states.length; l++)")
                .addStatement("chains.put($S + l, states[l])", "joint.")
                .endControlFlow()
                .addStatement("float[][] activity = boltzmann.sparsityState()")
                .beginControlFlow("for (int l = 1; activity != null && l < activity.length; l++)")
                .addStatement("chains.put($S + l, activity[l])", "sparsity.")
                .endControlFlow();
        return m.addStatement("return chains").build();
    }

    private MethodSpec restoreChains() {
        MethodSpec.Builder m = parts.restoreChainsStart();
        m.addCode("case $L:\n$>", joint)
                .addStatement("float[][] states = boltzmann.chainStates()")
                .beginControlFlow("for (int l = 0; l < states.length; l++)")
                .addStatement("checkpoint.restoreState($S + l, states[l])", "joint.")
                .endControlFlow()
                .addStatement("boltzmann.chainsRestored()")
                .addStatement("float[][] activity = boltzmann.sparsityState()")
                .beginControlFlow("for (int l = 1; activity != null && l < activity.length; l++)")
                .addStatement("checkpoint.restoreState($S + l, activity[l])", "sparsity.")
                .endControlFlow()
                .addStatement("break")
                .addCode("$<");
        return TrainerParts.endSwitch(m);
    }

    private MethodSpec updaters() {
        TypeName map = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), UPDATER);
        MethodSpec.Builder m = MethodSpec.methodBuilder("updaters")
                .addModifiers(Modifier.PRIVATE)
                .returns(map)
                .addJavadoc("The optimizer of each array, by the names of {@link #checkpointTensors()}.\n")
                .addStatement("$T updaters = new $T<>()", map, LinkedHashMap.class)
                .addStatement("updaters.put($S, $N)", "visible.bias", Names.updater(BoltzmannModelWriter.VISIBLE_BIAS));
        for (LayerSpec layer : layers) {
            m.addStatement("updaters.put($S, $N)", BoltzmannModelWriter.tensor(layer, true), Names.updater(Names.weight(layer)));
            m.addStatement("updaters.put($S, $N)", BoltzmannModelWriter.tensor(layer, false), Names.updater(Names.bias(layer)));
        }
        for (LayerSpec layer : layers) {
            m.addStatement("updaters.put($S, $N)", rbmTensor(layer, true), Names.updater(visibleBias(layer)));
            m.addStatement("updaters.put($S, $N)", rbmTensor(layer, false), Names.updater(hiddenBias(layer)));
        }
        return m.addStatement("return updaters").build();
    }

    private MethodSpec createUpdaters() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("createUpdaters")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TRAINING_CONFIG, "config");
        for (String tensor : updated()) {
            m.addStatement("$N = $T.create(config, $N.length)", Names.updater(tensor), UPDATERS, Names.grad(tensor));
        }
        return m.build();
    }

    private TypeSpec builderType() {
        TypeName change = ParameterizedTypeName.get(ClassName.get(UnaryOperator.class), BOLTZMANN_CONFIG.nestedClass("Builder"));
        return parts.builderBase(
                        "Changes the joint-training settings, e.g. {@code fineTune(c -> c.epochs(5))}: for a DBM,\n"
                                + "joint training is the phase after pretraining.\n",
                        "The seed of the shuffling and the Gibbs sampling; default 42.\n")
                .addField(FieldSpec.builder(BOLTZMANN_CONFIG, "boltzmann", Modifier.PRIVATE).initializer("BOLTZMANN_DEFAULTS").build())
                .addMethod(MethodSpec.methodBuilder("boltzmann")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(change, "change")
                        .addJavadoc("Changes the halving, bias merge, chain, mean-field, sparsity or max-norm settings, e.g.\n")
                        .addJavadoc("{@code boltzmann(b -> b.halving(false))} for naive stacking.\n")
                        .addStatement("boltzmann = change.apply(boltzmann.toBuilder()).build()")
                        .addStatement("return this")
                        .build())
                .build();
    }
}
