package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.ACTIVATION;
import static org.aestack.processor.emit.RuntimeTypes.CONTRASTIVE_DIVERGENCE;
import static org.aestack.processor.emit.RuntimeTypes.SOFTMAX;
import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.KERNELS;
import static org.aestack.processor.emit.RuntimeTypes.KERNEL_OPS;
import static org.aestack.processor.emit.RuntimeTypes.AUTOENCODER_TRAINER;
import static org.aestack.processor.emit.RuntimeTypes.AUTOENCODER_TRAINER_BUILDER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_DIVERGED;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.aestack.dsl.Activation;
import org.aestack.dsl.Loss;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.Unrolled;
import org.aestack.processor.model.Regularization;

/**
 * Writes {@code <Name>Trainer}: greedy layerwise pretraining and fine-tuning for one model, with
 * every buffer sized once, the forward pass through the model's per-layer methods, and the backward
 * pass unrolled layer by layer. The epoch loop itself is the runtime's {@code TrainingLoop}.
 */
final class TrainerWriter {
    private static final TypeName FLOATS = TypeName.get(float[].class);


    private final Unrolled spec;
    private final Names names;
    private final ClassName self;
    private final ClassName model;
    private final ClassName builder;
    private final Plan plan;
    private final TrainerParts parts;

    TrainerWriter(Unrolled spec, Plan plan) {
        this.spec = spec;
        this.names = new Names(spec);
        this.self = ClassName.get(spec.packageName(), spec.trainerClassName());
        this.model = ClassName.get(spec.packageName(), spec.modelClassName());
        this.builder = self.nestedClass("Builder");
        this.plan = plan;
        this.parts = new TrainerParts(spec, plan);
    }

    JavaFile write() {
        TypeSpec.Builder type = parts.classStart(AUTOENCODER_TRAINER, javadoc());
        type.addField(FieldSpec.builder(KERNEL_OPS, "OPS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.ops()", KERNELS).build());
        type.addField(FieldSpec.builder(long.class, "DIAGNOSTIC_SEED", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Seeds the noise of {@link #computeGradients}, so each call draws the same.\n")
                .initializer("0x5EEDL").build());
        type.addField(parts.defaults("PRETRAIN_DEFAULTS", spec.pretrain(),
                spec.pretrainDeclared() ? "The pretraining settings of {@code @Pretrain}.\n"
                        : "The pretraining settings: {@code @Pretrain}'s defaults, since the declaration has none.\n"));
        type.addField(parts.defaults("FINE_TUNE_DEFAULTS", spec.fineTune(),
                "The fine-tuning settings of {@code @FineTune} (or its defaults).\n"));
        if (spec.supervised() != null) {
            type.addField(parts.defaults("SUPERVISED_DEFAULTS", spec.supervised().training(),
                    "The supervised settings of {@code @Supervised}.\n"));
        }
        addStateFields(type);
        addBufferFields(type);
        type.addMethod(constructor());
        parts.addFactories(type);
        type.addMethod(fit());
        type.addMethod(pretrain());
        type.addMethod(parts.fineTune(spec.beliefNet()
                ? "Fine-tuning of the unrolled net as a tied autoencoder: backpropagation of the reconstruction loss\nthrough the up-pass and the top-down pass. Not part of {@link #fit}: it trades the generative model for\na better encoder.\n\n"
                : "Fine-tuning: backpropagation of the reconstruction loss through every encoder and decoder layer.\n\n"));
        if (spec.supervised() != null) {
            type.addMethod(supervise());
        }
        type.addMethod(parts.history());
        type.addMethod(TrainerParts.accessor("pretrainConfig", TRAINING_CONFIG, "The pretraining settings in use.\n",
                CodeBlock.of("return pretrainConfig")));
        type.addMethod(TrainerParts.accessor("fineTuneConfig", TRAINING_CONFIG, "The fine-tuning settings in use.\n",
                CodeBlock.of("return fineTuneConfig")));
        type.addMethod(TrainerParts.computeGradients("row"));
        type.addMethod(parts.computePretrainGradients("that layer's encoder and decoder"));
        if (spec.supervised() != null) {
            type.addMethod(computeSupervisedGradients());
        }
        type.addMethod(parts.gradients());
        for (LayerSpec layer : spec.layers()) {
            type.addMethod(pretrainGradients(layer));
        }
        type.addMethod(parts.resume(CodeBlock.builder()
                        .add("Continues from a checkpoint this trainer's kind wrote: restores the model, the history and\n")
                        .add("the random generators now, and the optimizer state when {@code fit}, {@code pretrain} or\n")
                        .add("{@code fineTune} reaches the phase it was taken in; phases finished before it are skipped. With\n")
                        .add("the same data, settings and thread count the final weights equal an uninterrupted run's.\n\n")
                        .build()));
        type.addMethod(fineTuneGradients());
        if (spec.supervised() != null) {
            type.addMethod(superviseGradients());
        }
        if (spec.hasRbmLayers() && !spec.tied()) {
            type.addMethod(unroll());
        }
        type.addMethod(TrainerParts.loadBatch("input", "rows"));
        return parts.finish(type, builderType());
    }

    private CodeBlock javadoc() {
        if (spec.beliefNet()) {
            return CodeBlock.builder()
                    .add("Trains a {@link $T}: greedy layerwise contrastive divergence, each RBM on the hidden\n", model)
                    .add("probabilities of the ones below it, which stay fixed (Hinton, Osindero and Teh 2006).\n\n")
                    .add("<pre>{@code\n")
                    .add("$T.builder(model)\n", self)
                    .add("        .pretrain(c -> c.epochs(5))\n")
                    .add("        .listener(Progress.console())\n")
                    .add("        .build()\n")
                    .add("        .fit(train);\n")
                    .add("}</pre>\n\n")
                    .add("<p>{@code fineTune} is there too: it trains the unrolled stack as a tied autoencoder by\n")
                    .add("backpropagation, which makes the net a better encoder and a worse generative model.\n")
                    .add("Buffers for a mini-batch are allocated once, so a training step allocates nothing. A trainer is\n")
                    .add("not thread-safe; the same seed and thread count give the same weights.\n")
                    .build();
        }
        return CodeBlock.builder()
                .add("Trains a {@link $T}: greedy layerwise pretraining, each encoder layer with its mirror decoder layer\n", model)
                .add(spec.hasRbmLayers()
                        ? "as a shallow autoencoder, or as an RBM where it is declared {@code @RBMLayer}, of the codes of the\nlayers below, then fine-tuning of the whole stack by backpropagation.\n\n"
                        : "as a shallow autoencoder of the codes of the layers below, then fine-tuning of the whole stack by\nbackpropagation.\n\n")
                .add("<pre>{@code\n")
                .add("$T.builder(model)\n", self)
                .add("        .fineTune(c -> c.epochs(5))\n")
                .add("        .listener(Progress.console())\n")
                .add("        .build()\n")
                .add("        .fit(train);\n")
                .add("}</pre>\n\n")
                .add("<p>Buffers for a mini-batch are allocated once, so a training step allocates nothing. A trainer is\n")
                .add("not thread-safe; the same seed and thread count give the same weights.\n")
                .build();
    }

    private void addStateFields(TypeSpec.Builder type) {
        List<String> configs = new ArrayList<>(List.of("pretrainConfig", "fineTuneConfig"));
        if (spec.supervised() != null) {
            configs.add("supervisedConfig");
        }
        parts.addStateFields(type, configs, Map.of(), "Draws corruption and dropout masks.\n",
                "Rows the buffers hold: the largest of the phases' batch sizes.\n");
        boolean first = true;
        for (LayerSpec layer : spec.layers()) {
            if (layer.isRbm()) {
                FieldSpec.Builder f = FieldSpec.builder(CONTRASTIVE_DIVERGENCE, Names.rbm(layer), Modifier.PRIVATE, Modifier.FINAL);
                if (first) {
                    f.addJavadoc("Contrastive divergence for each layer pretrained as an RBM, its buffers sized once.\n");
                    first = false;
                }
                type.addField(f.build());
            }
        }
    }

    private void addBufferFields(TypeSpec.Builder type) {
        List<FieldSpec> fields = new ArrayList<>();
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.BATCH)) {
            fields.add(FieldSpec.builder(FLOATS, buffer.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        addDocumented(type, fields, "The mini-batch, each layer's outputs and each decoder's reconstruction, "
                + "{@code capacity} rows each.\n");
        fields.clear();
        for (Plan.Buffer buffer : plan.gradientBuffers()) {
            fields.add(FieldSpec.builder(FLOATS, Names.grad(buffer.field()), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        addDocumented(type, fields, "The loss's gradient with respect to each buffer above; taken in place to "
                + "the pre-activation.\n");
        fields.clear();
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.SCRATCH)) {
            fields.add(FieldSpec.builder(FLOATS, buffer.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        addDocumented(type, fields, "What the regularizers need: noise, corrupted inputs, dropout masks, penalty scratch.\n");
        fields.clear();
        TrainerParts.addGradientFields(type, plan.owned(Plan.Owner.MODEL),
                "The loss's gradient with respect to each parameter of the model.\n");
        if (spec.supervised() != null) {
            type.addField(FieldSpec.builder(FLOATS, "headOutput", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The classifier head's logits, then class probabilities, and their gradient; {@code capacity} rows.\n")
                    .build());
            type.addField(FieldSpec.builder(FLOATS, "headOutputGrad", Modifier.PRIVATE, Modifier.FINAL).build());
            type.addField(FieldSpec.builder(int[].class, "batchLabels", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The labels of the mini-batch in {@code input}, in the supervised phase.\n").build());
        }
        parts.addPhaseFields(type);
    }

    /** Adds the fields, the first carrying the javadoc for the group. */
    private static void addDocumented(TypeSpec.Builder type, List<FieldSpec> fields, String doc) {
        for (int i = 0; i < fields.size(); i++) {
            type.addField(i == 0 ? fields.get(i).toBuilder().addJavadoc(doc).build() : fields.get(i));
        }
    }

    private MethodSpec constructor() {
        Map<String, String> configs = new LinkedHashMap<>(Map.of("pretrainConfig", "pretrain"));
        configs.put("fineTuneConfig", "fineTune");
        if (spec.supervised() != null) {
            configs.put("supervisedConfig", "supervised");
        }
        MethodSpec.Builder m = parts.constructorStart(configs)
                .addCode(TrainerParts.capacity(List.copyOf(configs.keySet())));
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.BATCH)) {
            m.addStatement("this.$N = new float[capacity * $L]", buffer.field(), buffer.size());
        }
        for (Plan.Buffer buffer : plan.gradientBuffers()) {
            m.addStatement("this.$N = new float[capacity * $L]", Names.grad(buffer.field()), buffer.size());
        }
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.SCRATCH)) {
            m.addStatement("this.$N = new float[$L]", buffer.field(), buffer.size());
        }
        if (spec.supervised() != null) {
            m.addStatement("this.headOutput = new float[capacity * $L]", Names.CLASSES);
            m.addStatement("this.headOutputGrad = new float[capacity * $L]", Names.CLASSES);
            m.addStatement("this.batchLabels = new int[capacity]");
        }
        for (LayerSpec layer : spec.layers()) {
            if (layer.isRbm()) {
                m.addCode(TrainerParts.rbm(layer, names, null));
            }
        }
        m.addCode(parts.runner(settings(), CodeBlock.of("model::parameters"), CodeBlock.of("$T::shapes", model)));
        for (LayerSpec layer : spec.layers()) {
            CodeBlock.Builder phase = parts.phase(plan.pretrainPhase(layer));
            if (layer.isRbm() && layer.rbm().persistent()) {
                phase.add(".keeps($S, $N.chainStates())\n", layer.name(), Names.rbm(layer))
                        .add(".whenRestored($N::chainsRestored)\n", Names.rbm(layer));
            }
            m.addCode(TrainerParts.endPhase(plan.pretrainPhase(layer), phase));
        }
        Plan.Phase fineTune = plan.phase("fineTunePhase");
        m.addCode(TrainerParts.endPhase(fineTune, parts.phase(fineTune)));
        if (spec.supervised() != null) {
            Plan.Phase supervise = plan.phase("supervisePhase");
            m.addCode(TrainerParts.endPhase(supervise, parts.phase(supervise).add(".labels(batchLabels)\n")));
        }
        return m.build();
    }

    /** The settings a checkpoint must have been taken with to resume. */
    private CodeBlock settings() {
        return spec.supervised() != null
                ? CodeBlock.of("$S + pretrainConfig + $S + fineTuneConfig + $S + supervisedConfig", "pretrain: ", "; fine-tune: ",
                        "; supervised: ")
                : CodeBlock.of("$S + pretrainConfig + $S + fineTuneConfig", "pretrain: ", "; fine-tune: ");
    }

    private MethodSpec fit() {
        MethodSpec.Builder m = parts.phaseMethod("fit", "data", true);
        if (spec.beliefNet()) {
            m.addJavadoc("Trains the belief net: its RBMs greedily, layer by layer.\n")
                    .addStatement("return pretrain(data)");
        } else if (spec.pretrainDeclared()) {
            m.addJavadoc("Pretrains layer by layer, as {@code @Pretrain} asks, then fine-tunes.\n")
                    .addStatement("return pretrain(data).fineTune(data)");
        } else {
            m.addJavadoc("Fine-tunes from the current parameters (the declaration has no {@code @Pretrain}).\n")
                    .addStatement("return fineTune(data)");
        }
        return m.build();
    }

    private MethodSpec pretrain() {
        MethodSpec.Builder m = parts.phaseMethod("pretrain", "data", true)
                .addJavadoc(spec.beliefNet()
                        ? "Greedy layerwise training: each RBM in turn, by contrastive divergence, on the hidden probabilities\nof the RBMs below it, which stay fixed.\n\n"
                        : spec.hasRbmLayers()
                        ? "Greedy layerwise pretraining: each encoder layer in turn learns from the codes of the layers below it,\nwhich stay fixed: as an RBM where it is declared {@code @RBMLayer}, else with its decoder layer as a\nshallow autoencoder.\n\n"
                        : "Greedy layerwise pretraining: each encoder layer in turn, with its decoder layer, learns to\nreconstruct the codes of the layers below it, which stay fixed.\n\n")
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n", TRAINING_DIVERGED)
                .addStatement("checkInput(data)");
        for (LayerSpec layer : spec.layers()) {
            Plan.Phase phase = plan.pretrainPhase(layer);
            if (layer.isRbm() && !spec.tied()) {
                m.beginControlFlow("if (runner.run($N, data))", phase.field())
                        .addComment("Unroll: the decoder starts from the RBM's top-down weights.")
                        .addStatement("transpose(model.$N, $L, $L, model.$N)", Names.weight(layer), Names.constant(layer),
                                names.inputsConstant(layer), Names.decoderWeight(layer))
                        .endControlFlow();
            } else {
                m.addCode(TrainerParts.run(phase, "data"));
            }
        }
        return m.addStatement("return this").build();
    }

    private MethodSpec unroll() {
        return MethodSpec.methodBuilder("transpose")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(FLOATS, "from")
                .addParameter(int.class, "rows")
                .addParameter(int.class, "cols")
                .addParameter(FLOATS, "to")
                .addJavadoc("{@code to = fromᵀ}, for a {@code rows × cols} matrix.\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .beginControlFlow("for (int c = 0; c < cols; c++)")
                .addStatement("to[c * rows + r] = from[r * cols + c]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** The pretraining loss of a layer: the model's loss for the first, else cross-entropy on sigmoid codes. */
    private Loss pretrainLoss(LayerSpec layer) {
        if (layer.index() == 0) {
            return spec.loss();
        }
        return names.layer(layer.index() - 1).activation() == Activation.SIGMOID ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
    }

    private MethodSpec pretrainGradients(LayerSpec layer) {
        if (layer.isRbm()) {
            return rbmGradients(layer);
        }
        Pass pass = Pass.pretrain(names, layer);
        String target = pass.cleanInput(layer);
        MethodSpec.Builder m = MethodSpec.methodBuilder(Plan.pretrainGradients(layer))
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("$L as a shallow autoencoder of {@code $L}: returns the batch's summed loss and fills the\n",
                        layer.name(), target)
                .addJavadoc("gradients of $L's parameters.\n", layer.name());
        if (layer.index() > 0) {
            m.addComment("The layers below, as trained so far, give this layer's input.");
        }
        for (int l = 0; l < layer.index(); l++) {
            forward(m, pass, names.layer(l));
        }
        forward(m, pass, layer);
        m.addStatement("model.$N($N, rows, $N)", Names.decoderForward(layer), pass.emitted(layer), names.reconstruction(layer));
        lossStatement(m, names.reconstruction(layer), target, names.inputsConstant(layer), pretrainLoss(layer),
                names.decoderActivation(layer, spec.output()));
        decoderBackward(m, layer, pass.emitted(layer), false);
        encoderBackward(m, pass, layer, false);
        return m.addStatement("return loss").build();
    }

    private MethodSpec rbmGradients(LayerSpec layer) {
        Pass pass = Pass.pretrain(names, layer);
        String data = pass.cleanInput(layer);
        MethodSpec.Builder m = MethodSpec.methodBuilder(Plan.pretrainGradients(layer))
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("$L as an RBM of {@code $L}, CD-$L$L: returns the batch's summed squared reconstruction error\n",
                        layer.name(), data, layer.rbm().cd(), layer.rbm().persistent() ? " with persistent chains" : "")
                .addJavadoc("and fills the gradients of its weights, hidden biases (the encoder's) and visible biases (the\n")
                .addJavadoc("decoder's).\n");
        if (layer.index() > 0) {
            m.addComment("The layers below, as trained so far, give this RBM's data: their probabilities.");
        }
        for (int l = 0; l < layer.index(); l++) {
            forward(m, pass, names.layer(l));
        }
        return m.addCode(TrainerParts.rbmGradient(layer, data, plan.field(Names.weight(layer)),
                plan.field(Names.decoderBias(layer)), plan.field(Names.bias(layer)))).build();
    }

    private MethodSpec supervise() {
        return parts.supervise(plan.phase("supervisePhase"), CodeBlock.builder()
                .add("Supervised fine-tuning: backpropagation of the classifier head's cross-entropy through the\n")
                .add("head and every encoder layer, with {@code @Supervised}'s settings. Pretrain (on unlabeled data,\n")
                .add("as much as there is) first, and a few labels go a long way.\n\n")
                .build());
    }

    private MethodSpec computeSupervisedGradients() {
        return MethodSpec.methodBuilder("computeSupervisedGradients")
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(DATA_SET, "batch")
                .addJavadoc("Like {@link #computeGradients}, for the supervised loss of a labeled {@code batch}: the mean\n")
                .addJavadoc("cross-entropy of the head's class probabilities; the encoder and head gradients are written.\n")
                .addStatement("int rows = loadBatch(batch)")
                .addStatement("$T.arraycopy(batch.labels(), 0, batchLabels, 0, rows)", System.class)
                .addStatement("return superviseGradients(rows) / rows")
                .build();
    }

    private MethodSpec superviseGradients() {
        Pass pass = Pass.supervised(names);
        LayerSpec code = spec.code();
        String codeUnits = Names.constant(code);
        MethodSpec.Builder m = MethodSpec.methodBuilder("superviseGradients")
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("Forward through the encoders and the head, then backward: returns the batch's summed\n")
                .addJavadoc("cross-entropy and fills the encoder and head gradients.\n");
        for (LayerSpec layer : spec.layers()) {
            forward(m, pass, layer);
        }
        m.addStatement("OPS.gemmNT(rows, $L, $L, 1f, $N, $L, model.$N, $L, 0f, headOutput, $L)", Names.CLASSES, codeUnits,
                Names.output(code), codeUnits, Names.HEAD_WEIGHT, codeUnits, Names.CLASSES);
        m.addStatement("OPS.addBias(headOutput, model.$N, rows, $L)", Names.HEAD_BIAS, Names.CLASSES);
        m.addComment("Softmax cross-entropy: the gradient at the logits is (p - onehot(label)) / rows.");
        m.addStatement("double loss = $T.crossEntropyWithGradient(headOutput, batchLabels, rows, $L, headOutputGrad, 1f / rows)",
                SOFTMAX, Names.CLASSES);
        m.addComment("the head");
        m.addStatement("OPS.columnSums(headOutputGrad, rows, $L, $N)", Names.CLASSES, Names.grad(Names.HEAD_BIAS));
        m.addStatement("OPS.gemmNN(rows, $L, $L, 1f, headOutputGrad, $L, model.$N, $L, 0f, $N, $L)", codeUnits, Names.CLASSES,
                Names.CLASSES, Names.HEAD_WEIGHT, codeUnits, Names.grad(Names.output(code)), codeUnits);
        stepInBackward(m);
        m.addStatement("OPS.gemmTN($L, $L, rows, 1f, headOutputGrad, $L, $N, $L, 0f, $N, $L, runner.updateOf($N))", Names.CLASSES,
                codeUnits, Names.CLASSES, Names.output(code), codeUnits, Names.grad(Names.HEAD_WEIGHT), codeUnits,
                Names.grad(Names.HEAD_WEIGHT));
        for (int l = names.last(); l >= 0; l--) {
            encoderBackward(m, pass, names.layer(l), l > 0);
        }
        return m.addStatement("return loss").build();
    }

    private MethodSpec fineTuneGradients() {
        Pass pass = Pass.fineTune(names);
        MethodSpec.Builder m = MethodSpec.methodBuilder("fineTuneGradients")
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("Forward through the encoders and decoders, then backward: returns the batch's summed loss\n")
                .addJavadoc("and fills every parameter gradient.\n");
        for (LayerSpec layer : spec.layers()) {
            forward(m, pass, layer);
        }
        for (int l = names.last(); l >= 0; l--) {
            LayerSpec layer = names.layer(l);
            String in = l == names.last() ? pass.emitted(layer) : names.reconstruction(names.layer(l + 1));
            m.addStatement("model.$N($N, rows, $N)", Names.decoderForward(layer), in, names.reconstruction(layer));
        }
        lossStatement(m, "reconstructedInput", "input", Names.INPUT, spec.loss(), spec.output());
        for (int l = 0; l <= names.last(); l++) {
            LayerSpec layer = names.layer(l);
            boolean top = l == names.last();
            decoderBackward(m, layer, top ? pass.emitted(layer) : names.reconstruction(names.layer(l + 1)), !top);
        }
        for (int l = names.last(); l >= 0; l--) {
            encoderBackward(m, pass, names.layer(l), l > 0);
        }
        return m.addStatement("return loss").build();
    }

    /** A layer's forward step in a pass: corrupt its input if noised, run it, drop outputs if it drops. */
    private void forward(MethodSpec.Builder m, Pass pass, LayerSpec layer) {
        Regularization r = pass.regularization(layer);
        String units = Names.constant(layer);
        String inputs = names.inputsConstant(layer);
        if (r.noise() != null) {
            corrupt(m, model, r.noise(), pass.cleanInput(layer), Names.corrupted(layer), inputs);
        }
        m.addStatement("model.$N($N, rows, $N)", Names.forward(layer), pass.reads(layer), Names.output(layer));
        if (r.dropout() > 0) {
            dropout(m, layer, r.dropout(), units);
        }
    }

    /** Inverted dropout of a layer's {@code units} outputs per row into its dropped buffer, with a fresh mask. */
    static void dropout(MethodSpec.Builder m, LayerSpec layer, double p, String units) {
        m.addComment("Inverted dropout: each output kept with probability $L and scaled by 1/$L.", 1 - p, 1 - p);
        m.addStatement("noise.fillUniform($N, rows * $L, 0f, 1f)", Names.mask(layer), units);
        m.addStatement("OPS.dropoutMask($N, rows * $L, $Lf)", Names.mask(layer), units, (float) p);
        m.addStatement("OPS.multiply($N, $N, $N, rows * $L)", Names.output(layer), Names.mask(layer), Names.dropped(layer), units);
    }

    static void corrupt(MethodSpec.Builder m, ClassName model, Regularization.Corruption c, String clean, String corrupted,
            String width) {
        switch (c.kind()) {
            case BLOCKS:
                m.addComment("Inpainting: square blocks blanked over about $L of each image, as $T.NOISE draws them.", c.p(), model);
                m.addStatement("$T.NOISE.apply($N, $N, rows * $L, noiseBuffer, noise)", model, clean, corrupted, width);
                break;
            case MASKING:
                m.addComment("Masking noise: each input zeroed with probability $L.", c.p());
                m.addStatement("noise.mask($N, $N, rows * $L, $Lf)", clean, corrupted, width, (float) c.p());
                break;
            case SALT_AND_PEPPER:
                m.addComment("Salt-and-pepper noise: each input set to 0 or 1 with probability $L.", c.p());
                m.addStatement("noise.fillUniform(noiseBuffer, rows * $L, 0f, 1f)", width);
                m.addStatement("OPS.saltAndPepper($N, noiseBuffer, $N, rows * $L, $Lf)", clean, corrupted, width, (float) c.p());
                break;
            case GAUSSIAN:
                m.addComment("Gaussian noise of standard deviation $L added to each input.", c.p());
                m.addStatement("noise.fillGaussian(noiseBuffer, rows * $L, 0f, $Lf)", width, (float) c.p());
                m.addStatement("OPS.add($N, noiseBuffer, $N, rows * $L)", clean, corrupted, width);
                break;
            default:
                throw new AssertionError(c.kind());
        }
    }

    /** Declares {@code loss} and writes its gradient with respect to {@code output}'s pre-activation. */
    static void lossStatement(MethodSpec.Builder m, String output, String target, String width, Loss loss, Activation activation) {
        if (loss == Loss.CROSS_ENTROPY) {
            m.addComment("Cross-entropy of a sigmoid output: the gradient at the pre-activation is (y - x) / rows.");
            m.addStatement("double loss = OPS.crossEntropyWithGradient($N, $N, $N, rows * $L, 1f / rows)",
                    output, target, Names.grad(output), width);
        } else {
            m.addStatement("double loss = OPS.squaredErrorWithGradient($N, $N, $N, rows * $L, 1f / rows)",
                    output, target, Names.grad(output), width);
            activationBackward(m, activation, output, width);
        }
    }

    static void activationBackward(MethodSpec.Builder m, Activation activation, String buffer, String width) {
        String kernel = Names.backward(activation);
        if (kernel != null) {
            m.addStatement("OPS.$L($N, $N, rows * $L)", kernel, buffer, Names.grad(buffer), width);
        }
    }

    /**
     * Backward through a layer's decoder, whose output gradient (at the pre-activation) is ready: its
     * bias gradient, the gradient at what it read, then its weight gradient, whose product takes the
     * optimizer's step ({@code PhaseRunner.updateOf}; with tied weights the encoder's product, which
     * adds to it, does). When what it read is another decoder's output, its gradient is taken on to
     * that decoder's pre-activation here; when it is the encoder's output, {@link #encoderBackward}
     * takes it from there, into the gradient of the layer's outputs.
     */
    private void decoderBackward(MethodSpec.Builder m, LayerSpec layer, String in, boolean fromDecoder) {
        String units = Names.constant(layer);
        String inputs = names.inputsConstant(layer);
        String gz = Names.grad(names.reconstruction(layer));
        String gin = Names.grad(fromDecoder ? in : Names.output(layer));
        m.addComment("$L's decoder", layer.name());
        m.addStatement("OPS.columnSums($N, rows, $L, $N)", gz, inputs, Names.grad(Names.decoderBias(layer)));
        if (spec.tied()) {
            // The encoder's product adds to this gradient and takes the step.
            m.addStatement("OPS.gemmTN($L, $L, rows, 1f, $N, $L, $N, $L, 0f, $N, $L)",
                    units, inputs, in, units, gz, inputs, Names.grad(Names.weight(layer)), inputs);
            m.addStatement("OPS.gemmNT(rows, $L, $L, 1f, $N, $L, model.$N, $L, 0f, $N, $L)",
                    units, inputs, gz, inputs, Names.weight(layer), inputs, gin, units);
        } else {
            String weightGrad = Names.grad(Names.decoderWeight(layer));
            m.addStatement("OPS.gemmNN(rows, $L, $L, 1f, $N, $L, model.$N, $L, 0f, $N, $L)",
                    units, inputs, gz, inputs, Names.decoderWeight(layer), units, gin, units);
            stepInBackward(m);
            m.addStatement("OPS.gemmTN($L, $L, rows, 1f, $N, $L, $N, $L, 0f, $N, $L, runner.updateOf($N))",
                    inputs, units, gz, inputs, in, units, weightGrad, units, weightGrad);
        }
        if (fromDecoder) {
            activationBackward(m, layer.activation(), in, units);
        }
    }

    /**
     * Backward through a layer's encoder, from the gradient at its outputs: through dropout, plus the
     * sparsity penalty's, to the pre-activation, plus the contractive penalty's; then its bias
     * gradient, with {@code propagate} the gradient at the outputs of the layer below, and last its
     * weight gradient, whose product takes the optimizer's step, unless the contractive penalty's
     * gradient is still to be added. Tied weights add to the gradient the decoder wrote.
     */
    private void encoderBackward(MethodSpec.Builder m, Pass pass, LayerSpec layer, boolean propagate) {
        Regularization r = pass.regularization(layer);
        String units = Names.constant(layer);
        String inputs = names.inputsConstant(layer);
        String out = Names.output(layer);
        String gz = Names.grad(out);
        m.addComment(spec.tied() && !pass.supervised() ? "$L's encoder (its weight gradient adds to the decoder's)" : "$L's encoder",
                layer.name());
        if (r.dropout() > 0) {
            m.addComment("Back through dropout: only the kept outputs, scaled as they were.");
            m.addStatement("OPS.multiply($N, $N, $N, rows * $L)", gz, Names.mask(layer), gz, units);
        }
        if (r.sparsity() != null && r.sparsity().lambda() > 0) {
            double lambda = r.sparsity().lambda();
            if (r.sparsity().kl()) {
                m.addComment("Sparsity: $L times the KL divergence from mean activation $L, per unit.", lambda, r.sparsity().target());
                m.addStatement("loss += rows * $Lf * OPS.klPenalty($N, rows, $L, $Lf, $N, $N, $Lf / rows)",
                        (float) lambda, out, units, (float) r.sparsity().target(), Names.penaltyScratch(layer), gz, (float) lambda);
            } else {
                m.addComment("Sparsity: $L times the L1 norm of each code.", lambda);
                m.addStatement("loss += $Lf * OPS.l1Penalty($N, $N, rows * $L, $Lf / rows)",
                        (float) lambda, out, gz, units, (float) lambda);
            }
        }
        activationBackward(m, layer.activation(), out, units);
        boolean contractive = r.contractive() > 0;
        if (contractive) {
            m.addComment("Contractive penalty: $L times the squared Frobenius norm of the layer's Jacobian.", r.contractive());
            m.addStatement("loss += $Lf * OPS.contractivePenalty($T.$L, $N, model.$N, rows, $L, $L, $N, $N, $Lf / rows)",
                    (float) r.contractive(), ACTIVATION, layer.activation(), out, Names.weight(layer), units, inputs,
                    Names.penaltyScratch(layer), gz, (float) r.contractive());
        }
        String weightGrad = Names.grad(Names.weight(layer));
        String beta = spec.tied() && !pass.supervised() ? "1f" : "0f";
        m.addStatement("OPS.columnSums($N, rows, $L, $N)", gz, units, Names.grad(Names.bias(layer)));
        if (propagate) {
            String below = Names.output(names.layer(layer.index() - 1));
            m.addStatement("OPS.gemmNN(rows, $L, $L, 1f, $N, $L, model.$N, $L, 0f, $N, $L)",
                    inputs, units, gz, units, Names.weight(layer), inputs, Names.grad(below), inputs);
        }
        if (contractive) {
            // The penalty's gradient adds to the product's: the runner takes the step after the batch.
            m.addStatement("OPS.gemmTN($L, $L, rows, 1f, $N, $L, $N, $L, $L, $N, $L)",
                    units, inputs, gz, units, pass.reads(layer), inputs, beta, weightGrad, inputs);
            m.addStatement("OPS.contractiveWeightGradient(model.$N, $N, $L, $L, $N, $Lf / rows)", Names.weight(layer),
                    Names.penaltyScratch(layer), units, inputs, weightGrad, (float) r.contractive());
        } else {
            stepInBackward(m);
            m.addStatement("OPS.gemmTN($L, $L, rows, 1f, $N, $L, $N, $L, $L, $N, $L, runner.updateOf($N))",
                    units, inputs, gz, units, pass.reads(layer), inputs, beta, weightGrad, inputs, weightGrad);
        }
    }

    /**
     * The comment above a weight gradient's product that takes the optimizer's step: it comes after
     * every read of the weight in the step, and nothing adds to the gradient after it.
     */
    private static void stepInBackward(MethodSpec.Builder m) {
        m.addComment("Nothing reads the weight after this: its gradient's product takes the optimizer's step as it goes.");
    }

    private TypeSpec builderType() {
        List<TrainerParts.PhaseSetting> phases = new ArrayList<>(List.of(
                new TrainerParts.PhaseSetting("pretrain", "pretrain", "PRETRAIN_DEFAULTS",
                        "Changes the pretraining settings, e.g. {@code pretrain(c -> c.epochs(2))}.\n", true),
                new TrainerParts.PhaseSetting("fineTune", "fineTune", "FINE_TUNE_DEFAULTS",
                        "Changes the fine-tuning settings, e.g. {@code fineTune(c -> c.learningRate(3e-4))}.\n", true)));
        if (spec.supervised() != null) {
            phases.add(new TrainerParts.PhaseSetting("supervised", "supervised", "SUPERVISED_DEFAULTS",
                    "Changes the supervised settings, e.g. {@code supervised(c -> c.epochs(100))}.\n", false));
        }
        return parts.builderBase(AUTOENCODER_TRAINER_BUILDER, phases).build();
    }
}
