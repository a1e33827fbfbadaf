package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.AUTOENCODER_TRAINER;
import static org.aestack.processor.emit.RuntimeTypes.AUTOENCODER_TRAINER_BUILDER;
import static org.aestack.processor.emit.RuntimeTypes.CONVOLUTION;
import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.KERNELS;
import static org.aestack.processor.emit.RuntimeTypes.KERNEL_OPS;
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
import org.aestack.processor.model.ConvAutoencoderSpec;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.Regularization;

/**
 * Writes {@code <Name>Trainer} for an autoencoder of convolutions: a {@code Convolution} workspace
 * per convolution, sized once for the largest batch; fine-tuning by backpropagation through the
 * decoder and the encoder, unrolled convolution by convolution; with a mirrored decoder, greedy
 * pretraining of each encoder layer with its mirror; the regularizers of the encoder's layers
 * (input noise, dropout, sparsity). The phases run on the runtime's {@code PhaseRunner}, as every
 * trainer's do.
 */
final class ConvTrainerWriter {
    private static final TypeName FLOATS = TypeName.get(float[].class);

    private final ConvAutoencoderSpec spec;
    private final Plan plan;
    private final ConvSteps steps;
    private final TrainerParts parts;
    private final ClassName model;
    private final Names names;

    ConvTrainerWriter(ConvAutoencoderSpec spec, Plan plan, ConvSteps steps) {
        this.spec = spec;
        this.plan = plan;
        this.steps = steps;
        this.parts = new TrainerParts(spec, plan);
        this.model = ClassName.get(spec.packageName(), spec.modelClassName());
        this.names = new Names(spec);
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
        parts.addStateFields(type, List.of("pretrainConfig", "fineTuneConfig"), Map.of(),
                "Draws corruption and dropout masks.\n", "Images the buffers hold: the largest of the phases' batch sizes.\n");
        addFields(type);
        type.addMethod(constructor());
        parts.addFactories(type);
        type.addMethod(fit());
        type.addMethod(pretrain());
        type.addMethod(parts.fineTune("Fine-tuning: backpropagation of the reconstruction loss through every convolution.\n\n"));
        type.addMethod(parts.history());
        type.addMethod(TrainerParts.accessor("pretrainConfig", TRAINING_CONFIG, "The pretraining settings in use.\n",
                CodeBlock.of("return pretrainConfig")));
        type.addMethod(TrainerParts.accessor("fineTuneConfig", TRAINING_CONFIG, "The fine-tuning settings in use.\n",
                CodeBlock.of("return fineTuneConfig")));
        type.addMethod(TrainerParts.computeGradients("image"));
        if (spec.mirrored()) {
            type.addMethod(parts.computePretrainGradients("that layer's and its mirror's"));
        }
        type.addMethod(parts.gradients());
        if (spec.mirrored()) {
            for (LayerSpec layer : spec.layers()) {
                type.addMethod(pretrainGradients(layer));
            }
        }
        type.addMethod(parts.resume(CodeBlock.builder()
                .add("Continues from a checkpoint this trainer's kind wrote: restores the model, the history and\n")
                .add("the random generators now, and the optimizer state when {@code fit}$L or\n",
                        spec.mirrored() ? ", {@code pretrain}" : "")
                .add("{@code fineTune} reaches the phase it was taken in; phases finished before it are skipped. With\n")
                .add("the same data, settings and thread count the final weights equal an uninterrupted run's.\n\n")
                .build()));
        type.addMethod(fineTuneGradients());
        type.addMethod(TrainerParts.loadBatch(spec.paired() ? "pairs" : "input", "images"));
        return spec.paired() ? parts.finish(type, builderType(), checkPairs()) : parts.finish(type, builderType());
    }

    private CodeBlock javadoc() {
        return CodeBlock.builder()
                .add("Trains a {@link $T}$L by backpropagation through every\n", model,
                        spec.mirrored() ? ": greedy layerwise pretraining, each convolution with its mirror as a shallow\n"
                                + "autoencoder of the feature maps of the layers below, then fine-tuning of the whole stack"
                                : ": fine-tuning of the whole stack")
                .add("convolution and transposed convolution.\n\n")
                .add("<pre>{@code\n")
                .add("$T.builder(model)\n", ClassName.get(spec.packageName(), spec.trainerClassName()))
                .add("        .fineTune(c -> c.epochs(5))\n")
                .add("        .listener(Progress.console())\n")
                .add("        .build()\n")
                .add("        .fit(train);\n")
                .add("}</pre>\n\n")
                .add(spec.paired() ? "<p>It trains on pairs: each row of the data is an input image's {@code INPUT} values followed by\n"
                        + "its target's {@code TARGET} (the model's {@code pair} puts them side by side).\n" : "")
                .add("<p>Buffers and convolution workspaces for a mini-batch are allocated once, so a training step\n")
                .add("allocates nothing. A trainer is not thread-safe; the same seed and thread count give the same weights.\n")
                .build();
    }

    private void addFields(TypeSpec.Builder type) {
        List<FieldSpec> fields = new ArrayList<>();
        for (ConvSteps.Step step : steps.all()) {
            fields.add(FieldSpec.builder(CONVOLUTION, step.convolution(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        addDocumented(type, fields, "Each convolution's workspace (its patches, kept from the forward pass for the backward one),\n"
                + "{@code capacity} images each.\n");
        fields.clear();
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.BATCH)) {
            fields.add(FieldSpec.builder(FLOATS, buffer.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        addDocumented(type, fields, "The mini-batch and each convolution's outputs, {@code capacity} images each.\n");
        fields.clear();
        for (Plan.Buffer buffer : plan.gradientBuffers()) {
            fields.add(FieldSpec.builder(FLOATS, Names.grad(buffer.field()), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        addDocumented(type, fields, "The loss's gradient with respect to each buffer above; taken in place to the pre-activation.\n");
        fields.clear();
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.SCRATCH)) {
            fields.add(FieldSpec.builder(FLOATS, buffer.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        addDocumented(type, fields, "What the regularizers need: noise, corrupted inputs, dropout masks, penalty scratch.\n");
        TrainerParts.addGradientFields(type, plan.owned(Plan.Owner.MODEL),
                "The loss's gradient with respect to each parameter of the model.\n");
        parts.addPhaseFields(type);
    }

    private static void addDocumented(TypeSpec.Builder type, List<FieldSpec> fields, String doc) {
        for (int i = 0; i < fields.size(); i++) {
            type.addField(i == 0 ? fields.get(i).toBuilder().addJavadoc(doc).build() : fields.get(i));
        }
    }

    private MethodSpec constructor() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("pretrainConfig", "pretrain");
        configs.put("fineTuneConfig", "fineTune");
        MethodSpec.Builder m = parts.constructorStart(configs)
                .addCode(TrainerParts.capacity(List.copyOf(configs.keySet())));
        for (ConvSteps.Step step : steps.all()) {
            m.addStatement("this.$N = new $T($T.$N, capacity)", step.convolution(), CONVOLUTION, model, step.geometry());
        }
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.BATCH)) {
            m.addStatement("this.$N = new float[capacity * $L]", buffer.field(), buffer.size());
        }
        for (Plan.Buffer buffer : plan.gradientBuffers()) {
            m.addStatement("this.$N = new float[capacity * $L]", Names.grad(buffer.field()), buffer.size());
        }
        for (Plan.Buffer buffer : plan.buffers(Plan.Buffer.Role.SCRATCH)) {
            m.addStatement("this.$N = new float[$L]", buffer.field(), buffer.size());
        }
        m.addCode(parts.runner(spec.paired() ? "pairs" : "input",
                CodeBlock.of("$S + pretrainConfig + $S + fineTuneConfig", "pretrain: ", "; fine-tune: "),
                CodeBlock.of("model::parameters"), CodeBlock.of("$T::shapes", model)));
        for (Plan.Phase phase : plan.phases()) {
            m.addCode(TrainerParts.endPhase(phase, parts.phase(phase)));
        }
        return m.build();
    }

    private MethodSpec fit() {
        MethodSpec.Builder m = parts.phaseMethod("fit", "data", true);
        if (spec.pretrainDeclared()) {
            return m.addJavadoc("Pretrains layer by layer, as {@code @Pretrain} asks, then fine-tunes.\n")
                    .addStatement("return pretrain(data).fineTune(data)").build();
        }
        return m.addJavadoc("Fine-tunes from the current parameters (the declaration has no {@code @Pretrain}).\n")
                .addStatement("return fineTune(data)").build();
    }

    private MethodSpec pretrain() {
        MethodSpec.Builder m = parts.phaseMethod("pretrain", "data", true);
        if (!spec.mirrored()) {
            return m.addJavadoc("Not available: the declaration declares its decoder, so its encoder layers have no mirrors to be\n")
                    .addJavadoc("pretrained with; {@link #fit} fine-tunes the whole model.\n\n")
                    .addJavadoc("@throws UnsupportedOperationException always\n")
                    .addStatement("throw new $T($S)", UnsupportedOperationException.class, spec.sourceName()
                            + " declares its decoder, so its layers have no mirrors to pretrain with; fit fine-tunes the whole model")
                    .build();
        }
        m.addJavadoc("Greedy layerwise pretraining: each encoder layer in turn, with its mirror in the decoder, learns to\n")
                .addJavadoc("reconstruct the feature maps of the layers below it, which stay fixed.\n\n")
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n", TRAINING_DIVERGED)
                .addStatement("checkInput(data)");
        for (LayerSpec layer : spec.layers()) {
            m.addCode(TrainerParts.run(plan.pretrainPhase(layer), "data"));
        }
        return m.addStatement("return this").build();
    }

    /** The regularization of a step in a pass: an encoder layer's as the pass has it, none in the decoder. */
    private static Regularization regularization(ConvSteps.Step step, Pass pass) {
        return step.decoder() ? Regularization.NONE : pass.regularization(step.layer());
    }

    /** What a step passes on in a pass: its outputs, or them after dropout. */
    private static String emitted(ConvSteps.Step step, Pass pass) {
        return step.decoder() ? step.output() : pass.emitted(step.layer());
    }

    /** The clean input of a step: an encoder layer's as the pass has it; a decoder step's, what the step before passed on. */
    private String cleanInput(ConvSteps.Step step, Pass pass) {
        if (!step.decoder()) {
            return pass.cleanInput(step.layer());
        }
        List<ConvSteps.Step> all = steps.all();
        return emitted(all.get(all.indexOf(step) - 1), pass);
    }

    /** What a step reads: its clean input, or a corrupted copy when its input is noised in this pass. */
    private String reads(ConvSteps.Step step, Pass pass) {
        return step.decoder() ? cleanInput(step, pass) : pass.reads(step.layer());
    }

    /** A step's forward pass: corrupt its input if noised, run it, drop outputs if it drops. */
    private void forward(MethodSpec.Builder m, ConvSteps.Step step, Pass pass) {
        Regularization r = regularization(step, pass);
        if (r.noise() != null) {
            TrainerWriter.corrupt(m, model, r.noise(), cleanInput(step, pass), Names.corrupted(step.layer()), step.inputs());
        }
        m.addStatement("model.$N($N, $N, rows, $N)", step.forward(), step.convolution(), reads(step, pass), step.output());
        if (r.dropout() > 0) {
            TrainerWriter.dropout(m, step.layer(), r.dropout(), step.units());
        }
    }

    /**
     * Backward through a decoder step whose output gradient (at the pre-activation) is ready: its
     * weight and bias gradients and, into {@code inputGradient}, the gradient at what it read
     * ({@code read}).
     */
    private void decoderBackward(MethodSpec.Builder m, ConvSteps.Step step, String read, String inputGradient) {
        m.addComment("$L", spec.mirrored() ? step.layer().name() + "'s mirror" : step.layer().name());
        String dy = Names.grad(step.output());
        if (step.transposed()) {
            m.addStatement("$N.transposedBackward($N, $N, rows, model.$N, $N, $N, $N)", step.convolution(), read, dy, step.weight(),
                    Names.grad(step.weight()), Names.grad(step.bias()), inputGradient);
        } else {
            m.addStatement("$N.backward($N, rows, model.$N, $N, $N, $N)", step.convolution(), dy, step.weight(),
                    Names.grad(step.weight()), Names.grad(step.bias()), inputGradient);
        }
    }

    /**
     * Backward through an encoder step from the gradient at its outputs: through dropout, plus the
     * sparsity penalty's, to the pre-activation; then its weight and bias gradients and, with
     * {@code below}, the gradient at the outputs of the layer below.
     */
    private void encoderBackward(MethodSpec.Builder m, ConvSteps.Step step, Pass pass, String below) {
        LayerSpec layer = step.layer();
        Regularization r = regularization(step, pass);
        String out = step.output();
        String gz = Names.grad(out);
        m.addComment("$L", layer.name());
        if (r.dropout() > 0) {
            m.addComment("Back through dropout: only the kept outputs, scaled as they were.");
            m.addStatement("OPS.multiply($N, $N, $N, rows * $L)", gz, Names.mask(layer), gz, step.units());
        }
        if (r.sparsity() != null && r.sparsity().lambda() > 0) {
            double lambda = r.sparsity().lambda();
            if (r.sparsity().kl()) {
                m.addComment("Sparsity: $L times the KL divergence from mean activation $L, per output.", lambda, r.sparsity().target());
                m.addStatement("loss += rows * $Lf * OPS.klPenalty($N, rows, $L, $Lf, $N, $N, $Lf / rows)",
                        (float) lambda, out, step.units(), (float) r.sparsity().target(), Names.penaltyScratch(layer), gz, (float) lambda);
            } else {
                m.addComment("Sparsity: $L times the L1 norm of each image's feature maps.", lambda);
                m.addStatement("loss += $Lf * OPS.l1Penalty($N, $N, rows * $L, $Lf / rows)", (float) lambda, out, gz, step.units(),
                        (float) lambda);
            }
        }
        TrainerWriter.activationBackward(m, step.activation(), out, step.units());
        m.addStatement("$N.backward($N, rows, model.$N, $N, $N, $L)", step.convolution(), gz, step.weight(), Names.grad(step.weight()),
                Names.grad(step.bias()), below == null ? "null" : below);
    }

    private MethodSpec fineTuneGradients() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("fineTuneGradients")
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("Forward through the encoder and the decoder, then backward: returns the batch's summed loss and\n")
                .addJavadoc("fills every parameter gradient.\n");
        List<ConvSteps.Step> all = steps.all();
        if (spec.paired()) {
            m.addStatement("$T.split(pairs, rows, $L, $L, input, target)", RuntimeTypes.PAIRS, Names.INPUT, ConvSteps.TARGET);
        }
        Pass pass = Pass.fineTune(names);
        for (ConvSteps.Step step : all) {
            forward(m, step, pass);
        }
        ConvSteps.Step last = all.get(all.size() - 1);
        TrainerWriter.lossStatement(m, last.output(), spec.paired() ? "target" : "input", steps.outputSize(), spec.loss(), spec.output());
        List<ConvSteps.Step> decoder = steps.decoder();
        for (int j = decoder.size() - 1; j >= 0; j--) {
            ConvSteps.Step step = decoder.get(j);
            String read = cleanInput(step, pass);
            // The gradient at what the first decoder step read lands on the code layer's outputs, before dropout.
            String gradient = Names.grad(j == 0 ? steps.encoder().get(steps.encoder().size() - 1).output() : read);
            decoderBackward(m, step, read, gradient);
            if (j > 0) {
                TrainerWriter.activationBackward(m, decoder.get(j - 1).activation(), read, decoder.get(j - 1).units());
            }
        }
        List<ConvSteps.Step> encoder = steps.encoder();
        for (int l = encoder.size() - 1; l >= 0; l--) {
            encoderBackward(m, encoder.get(l), pass, l > 0 ? Names.grad(encoder.get(l - 1).output()) : null);
        }
        return m.addStatement("return loss").build();
    }

    private Loss pretrainLoss(LayerSpec layer) {
        if (layer.index() == 0) {
            return spec.loss();
        }
        return spec.layers().get(layer.index() - 1).activation() == Activation.SIGMOID ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
    }

    private MethodSpec pretrainGradients(LayerSpec layer) {
        ConvSteps.Step step = steps.encoder().get(layer.index());
        ConvSteps.Step mirror = steps.mirror(layer);
        Pass pass = Pass.pretrain(names, layer);
        String target = cleanInput(step, pass);
        MethodSpec.Builder m = MethodSpec.methodBuilder(Plan.pretrainGradients(layer))
                .addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addParameter(int.class, "rows")
                .addJavadoc("$L and its mirror as a shallow autoencoder of {@code $L}: returns the batch's summed loss and\n",
                        layer.name(), target)
                .addJavadoc("fills the gradients of their parameters.\n");
        if (layer.index() > 0) {
            m.addComment("The layers below, as trained so far, give this layer's input.");
        }
        for (int l = 0; l < layer.index(); l++) {
            ConvSteps.Step below = steps.encoder().get(l);
            forward(m, below, pass);
        }
        forward(m, step, pass);
        m.addStatement("model.$N($N, $N, rows, $N)", mirror.forward(), mirror.convolution(), emitted(step, pass), mirror.output());
        TrainerWriter.lossStatement(m, mirror.output(), target, step.inputs(), pretrainLoss(layer), mirror.activation());
        decoderBackward(m, mirror, emitted(step, pass), Names.grad(step.output()));
        encoderBackward(m, step, pass, null);
        return m.addStatement("return loss").build();
    }

    /** A paired model's input check: rows of an input image and its target side by side. */
    private MethodSpec checkPairs() {
        return MethodSpec.methodBuilder("checkInput")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DATA_SET, "data")
                .beginControlFlow("if (data.cols() != $L + $L)", Names.INPUT, ConvSteps.TARGET)
                .addStatement("throw new $T($S + $L + $S + $L + $S + data.cols() + $S)", IllegalArgumentException.class,
                        spec.sourceName() + " trains on pairs, rows of ", Names.INPUT, " input values and ", ConvSteps.TARGET,
                        " target values, but the data has ", " columns")
                .endControlFlow()
                .build();
    }

    private TypeSpec builderType() {
        List<TrainerParts.PhaseSetting> phases = List.of(
                new TrainerParts.PhaseSetting("pretrain", "pretrain", "PRETRAIN_DEFAULTS",
                        "Changes the pretraining settings, e.g. {@code pretrain(c -> c.epochs(2))}.\n", true),
                new TrainerParts.PhaseSetting("fineTune", "fineTune", "FINE_TUNE_DEFAULTS",
                        "Changes the fine-tuning settings, e.g. {@code fineTune(c -> c.learningRate(3e-4))}.\n", true));
        return parts.builderBase(AUTOENCODER_TRAINER_BUILDER, phases).build();
    }
}
