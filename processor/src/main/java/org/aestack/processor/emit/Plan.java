package org.aestack.processor.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aestack.dsl.Noise;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.Regularization;
import org.aestack.processor.model.BoltzmannMachineSpec;
import org.aestack.processor.model.ConvAutoencoderSpec;
import org.aestack.processor.model.ModalitySpec;
import org.aestack.processor.model.MultimodalSpec;
import org.aestack.processor.model.Unrolled;

/**
 * What a model is made of and how it trains, computed once from the validated declaration: every
 * tensor (its field, its name in model files and checkpoints, its shape, who owns it) and every
 * phase (its number, name, settings and the tensors its optimizer updates). The writers loop over
 * this table for parameter fields, {@code parameters()}, {@code shapes()}, gradient buffers,
 * checkpoint contents and each phase's updates, so none of them re-derives it.
 */
final class Plan {
    /** Who holds a tensor's array: the model (saved in its files) or the trainer (kept in checkpoints only). */
    enum Owner { MODEL, TRAINER }

    /**
     * One tensor.
     *
     * @param field the field holding it
     * @param file its name in model files and checkpoints, PyTorch style ({@code encoder.0.weight})
     * @param dims its shape, as the generated constants ({@code HIDDEN}, {@code INPUT}) or literals
     * @param owner who holds it
     * @param layer the layer it belongs to, or null (a model's visible biases, a classifier head)
     * @param doc the javadoc of its field, or null for none
     * @param engineGradient the name under which a runtime engine the trainer holds keeps its
     *     gradient ({@code DbmClassifier}'s {@code "w1"}), or null when the trainer has a gradient field
     */
    record Tensor(String field, String file, List<String> dims, Owner owner, String layer, CodeBlock doc,
            String engineGradient) {
        /** The field of its gradient in the trainer. */
        String grad() {
            return Names.grad(field);
        }

        /** The expression of its gradient array in the trainer: its field, or the engine's array. */
        CodeBlock gradient() {
            return engineGradient == null ? CodeBlock.of("$N", grad())
                    : CodeBlock.of("$N.gradients().get($S)", Names.CLASSIFIER, engineGradient);
        }

        /** Its element count as an expression: {@code HIDDEN * INPUT}. */
        CodeBlock size() {
            return dims.stream().map(d -> CodeBlock.of("$L", d)).collect(CodeBlock.joining(" * "));
        }

        /** Its shape as an array expression: {@code new int[] {HIDDEN, INPUT}}. */
        CodeBlock shape() {
            return CodeBlock.of("new int[] {$L}", dims.stream().map(d -> CodeBlock.of("$L", d)).collect(CodeBlock.joining(", ")));
        }

        /** The expression for its array in the trainer: {@code model.hiddenWeight}, or the trainer's own field. */
        CodeBlock array() {
            return owner == Owner.MODEL ? CodeBlock.of("model.$N", field) : CodeBlock.of("$N", field);
        }
    }

    /**
     * One training phase.
     *
     * @param field the trainer field holding the phase
     * @param number its place in the order phases run, as checkpoints record it
     * @param name what listeners and errors call it
     * @param config the expression of its settings
     * @param gradients the trainer method computing a batch's loss and gradients
     * @param trains the tensors its optimizer updates
     */
    record Phase(String field, int number, String name, CodeBlock config, String gradients, List<Tensor> trains) {}

    /** A list, not a map by field: two layers whose names make the same field both keep theirs, so the clash shows. */
    private final List<Tensor> tensors = new ArrayList<>();
    /** The suffix of a phase's trainer field: {@code pretrainHiddenPhase}, {@code fineTunePhase}. */
    private static final String PHASE = "Phase";

    private final List<Phase> phases = new ArrayList<>();
    private final List<Buffer> buffers = new ArrayList<>();

    /**
     * A trainer buffer.
     *
     * @param field its field
     * @param size its values per row for a batch buffer ({@code capacity} rows), all of them for scratch
     * @param role how it is sized
     * @param gradient whether the trainer also keeps the loss's gradient with respect to it
     * @param doc its field's javadoc, or null
     */
    record Buffer(String field, CodeBlock size, Role role, boolean gradient, CodeBlock doc) {
        enum Role { BATCH, SCRATCH }
    }

    private Plan() {}

    /** The plan of an autoencoder or belief net (a tied autoencoder whose layers are all RBMs). */
    static Plan autoencoder(Unrolled spec, Names names) {
        Plan plan = new Plan();
        for (LayerSpec layer : spec.layers()) {
            String units = Names.constant(layer);
            String inputs = names.inputsConstant(layer);
            plan.add(Names.weight(layer), names.tensor(layer, false, true), Owner.MODEL, layer,
                    CodeBlock.of("$L's encoder weights, {@code $L × $L}.\n", layer.name(), units, inputs), units, inputs);
            plan.add(Names.bias(layer), names.tensor(layer, false, false), Owner.MODEL, layer, null, units);
        }
        for (int l = names.last(); l >= 0; l--) {
            LayerSpec layer = names.layer(l);
            String units = Names.constant(layer);
            String inputs = names.inputsConstant(layer);
            if (!spec.tied()) {
                plan.add(Names.decoderWeight(layer), names.tensor(layer, true, true), Owner.MODEL, layer,
                        CodeBlock.of("$L's decoder weights, {@code $L × $L}.\n", layer.name(), inputs, units), inputs, units);
            }
            plan.add(Names.decoderBias(layer), names.tensor(layer, true, false), Owner.MODEL, layer, null, inputs);
        }
        if (spec.supervised() != null) {
            String code = Names.constant(spec.code());
            plan.add(Names.HEAD_WEIGHT, Names.HEAD_WEIGHT_TENSOR, Owner.MODEL, null,
                    CodeBlock.of("The classifier head's weights, {@code $L × $L}, and biases.\n", Names.CLASSES, code),
                    Names.CLASSES, code);
            plan.add(Names.HEAD_BIAS, Names.HEAD_BIAS_TENSOR, Owner.MODEL, null, null, Names.CLASSES);
        }
        // the mini-batch, each layer's outputs, then each decoder's reconstruction, the code layer's first
        plan.batch("input", Names.INPUT, false, null);
        for (LayerSpec layer : spec.layers()) {
            plan.batch(Names.output(layer), Names.constant(layer), true, null);
        }
        for (int l = names.last(); l >= 0; l--) {
            LayerSpec layer = names.layer(l);
            plan.batch(names.reconstruction(layer), names.inputsConstant(layer), true, null);
        }
        plan.regularizationBuffers(spec, names);
        int count = spec.layers().size();
        for (LayerSpec layer : spec.layers()) {
            List<Tensor> trains = new ArrayList<>();
            trains.add(plan.field(Names.weight(layer)));
            trains.add(plan.field(Names.bias(layer)));
            if (!layer.isRbm() && !spec.tied()) {
                trains.add(plan.field(Names.decoderWeight(layer)));
            }
            trains.add(plan.field(Names.decoderBias(layer)));
            CodeBlock config = layer.isRbm() && layer.rbm().learningRate() > 0
                    ? CodeBlock.of("pretrainConfig.toBuilder().learningRate($L).build()", layer.rbm().learningRate())
                    : CodeBlock.of("pretrainConfig");
            String name = "pretrain " + layer.name() + " (" + (layer.index() + 1) + "/" + count + ")"
                    + (layer.isRbm() ? " as an RBM" : "");
            plan.phases.add(new Phase(pretrainField(layer) + PHASE, layer.index(), name, config,
                    pretrainGradients(layer), trains));
        }
        List<Tensor> fineTune = new ArrayList<>();
        for (LayerSpec layer : spec.layers()) {
            fineTune.add(plan.field(Names.weight(layer)));
            fineTune.add(plan.field(Names.bias(layer)));
            if (!spec.tied()) {
                fineTune.add(plan.field(Names.decoderWeight(layer)));
            }
            fineTune.add(plan.field(Names.decoderBias(layer)));
        }
        plan.phases.add(new Phase("fineTunePhase", count, "fine-tune", CodeBlock.of("fineTuneConfig"), "fineTuneGradients", fineTune));
        if (spec.supervised() != null) {
            List<Tensor> supervise = new ArrayList<>();
            for (LayerSpec layer : spec.layers()) {
                supervise.add(plan.field(Names.weight(layer)));
                supervise.add(plan.field(Names.bias(layer)));
            }
            supervise.add(plan.field(Names.HEAD_WEIGHT));
            supervise.add(plan.field(Names.HEAD_BIAS));
            plan.phases.add(new Phase("supervisePhase", count + 1, "supervise", CodeBlock.of("supervisedConfig"),
                    "superviseGradients", supervise));
        }
        return plan;
    }

    /**
     * The plan of an autoencoder of convolutions: each step's weights and biases (the encoder's,
     * then the decoder's in the order it runs), a buffer for each step's outputs and their
     * gradients, the regularizers' buffers; with a mirrored decoder a pretraining phase per encoder
     * layer (it and its mirror), then fine-tuning.
     */
    static Plan convAutoencoder(ConvAutoencoderSpec spec, ConvSteps steps) {
        Plan plan = new Plan();
        for (ConvSteps.Step step : steps.all()) {
            String what = step.decoder() ? (step.transposed() ? "transposed convolution" : "convolution") : "convolution";
            String owner = step.decoder() && spec.mirrored() ? step.layer().name() + "'s mirror" : step.layer().name();
            plan.tensors.add(new Tensor(step.weight(), step.weightTensor(), step.weightDims(), Owner.MODEL,
                    step.layer().name(),
                    CodeBlock.of("$L's $L weights, {@code $L} ($L × $L × $L × $L).\n", owner, what,
                            String.join(" × ", step.weightDims()), step.transposed() ? "inputs" : "filters",
                            step.transposed() ? "outputs" : "channels", "kernel", "kernel"), null));
            plan.tensors.add(new Tensor(step.bias(), step.biasTensor(), List.of(Integer.toString(step.biases())), Owner.MODEL,
                    step.layer().name(), null, null));
        }
        if (spec.paired()) {
            plan.batch("pairs", "(" + Names.INPUT + " + " + ConvSteps.TARGET + ")", false, null);
            plan.batch("input", Names.INPUT, false, null);
            plan.batch("target", ConvSteps.TARGET, false, null);
        } else {
            plan.batch("input", Names.INPUT, false, null);
        }
        for (ConvSteps.Step step : steps.all()) {
            plan.batch(step.output(), step.units(), true, null);
        }
        List<String> noisyWidths = new ArrayList<>();
        for (ConvSteps.Step step : steps.encoder()) {
            LayerSpec layer = step.layer();
            if (anyPhase(layer, r -> r.noise() != null)) {
                plan.scratch(Names.corrupted(layer), CodeBlock.of("capacity * $L", step.inputs()));
            }
            if (anyPhase(layer, Plan::drawsIntoBuffer)) {
                noisyWidths.add(step.inputs());
            }
            if (anyPhase(layer, r -> r.dropout() > 0)) {
                plan.scratch(Names.mask(layer), CodeBlock.of("capacity * $L", step.units()));
                plan.scratch(Names.dropped(layer), CodeBlock.of("capacity * $L", step.units()));
            }
            if (anyPhase(layer, r -> r.sparsity() != null && r.sparsity().kl())) {
                plan.scratch(Names.penaltyScratch(layer), CodeBlock.of("2 * $L", step.units()));
            }
        }
        if (!noisyWidths.isEmpty()) {
            CodeBlock widest = CodeBlock.of("$L", noisyWidths.get(0));
            for (String w : noisyWidths.subList(1, noisyWidths.size())) {
                widest = CodeBlock.of("Math.max($L, $L)", widest, w);
            }
            plan.scratch("noiseBuffer", CodeBlock.of("capacity * $L", widest));
        }
        int count = spec.layers().size();
        if (spec.mirrored()) {
            for (ConvSteps.Step step : steps.encoder()) {
                LayerSpec layer = step.layer();
                ConvSteps.Step mirror = steps.mirror(layer);
                plan.phases.add(new Phase(pretrainField(layer) + PHASE, layer.index(),
                        "pretrain " + layer.name() + " (" + (layer.index() + 1) + "/" + count + ")", CodeBlock.of("pretrainConfig"),
                        pretrainGradients(layer), List.of(plan.field(step.weight()), plan.field(step.bias()),
                                plan.field(mirror.weight()), plan.field(mirror.bias()))));
            }
        }
        plan.phases.add(new Phase("fineTunePhase", spec.mirrored() ? count : 0, "fine-tune", CodeBlock.of("fineTuneConfig"),
                "fineTuneGradients", plan.owned(Owner.MODEL)));
        return plan;
    }

    /**
     * The plan of a deep Boltzmann machine: the model's visible bias and each layer's weights and
     * bias; the trainer's two bias vectors of each pretrained RBM, composed into the model's after
     * pretraining.
     */
    static Plan boltzmannMachine(BoltzmannMachineSpec spec, Names names) {
        Plan plan = new Plan();
        plan.add(BoltzmannModelWriter.VISIBLE_BIAS, "visible.bias", Owner.MODEL, null,
                CodeBlock.of("The visible biases, {@code $L}.\n", Names.INPUT), Names.INPUT);
        for (LayerSpec layer : spec.layers()) {
            String units = Names.constant(layer);
            String inputs = names.inputsConstant(layer);
            plan.add(Names.weight(layer), BoltzmannModelWriter.tensor(layer, true), Owner.MODEL, layer,
                    CodeBlock.of("$N's weights from the layer below, {@code $L × $L}.\n", layer.name(), units, inputs), units, inputs);
            plan.add(Names.bias(layer), BoltzmannModelWriter.tensor(layer, false), Owner.MODEL, layer, null, units);
        }
        for (LayerSpec layer : spec.layers()) {
            plan.add(rbmVisibleBias(layer), "pretrain." + layer.index() + ".visible.bias", Owner.TRAINER, layer, null,
                    names.inputsConstant(layer));
            plan.add(rbmHiddenBias(layer), "pretrain." + layer.index() + ".hidden.bias", Owner.TRAINER, layer, null,
                    Names.constant(layer));
        }
        plan.batch("input", Names.INPUT, false, CodeBlock.of("The mini-batch, {@code capacity} rows.\n"));
        for (LayerSpec layer : spec.layers().subList(0, spec.layers().size() - 1)) {
            plan.batch(Names.output(layer), Names.constant(layer), false,
                    CodeBlock.of("$N's hidden probabilities as its RBM has them: the data of the RBM above.\n", layer.name()));
        }
        int count = spec.layers().size();
        for (LayerSpec layer : spec.layers()) {
            boolean ownRate = layer.rbm().learningRate() > 0;
            plan.phases.add(new Phase(pretrainField(layer) + PHASE, layer.index(),
                    "pretrain " + layer.name() + " (" + (layer.index() + 1) + "/" + count + ") as an RBM",
                    ownRate ? CodeBlock.of("pretrainConfig.toBuilder().learningRate($L).build()", layer.rbm().learningRate())
                            : CodeBlock.of("pretrainConfig"),
                    pretrainGradients(layer),
                    List.of(plan.field(Names.weight(layer)), plan.field(rbmVisibleBias(layer)), plan.field(rbmHiddenBias(layer)))));
        }
        List<Tensor> machine = plan.owned(Owner.MODEL);
        plan.phases.add(new Phase("jointTrainingPhase", count, "joint training", CodeBlock.of("jointConfig"), "jointGradients",
                machine));
        if (spec.supervised() != null) {
            // The classifier the DBM starts: its own weights (w1, U, b1, w2, b2, …) and a softmax head.
            List<LayerSpec> layers = spec.layers();
            for (LayerSpec layer : layers) {
                String l = Integer.toString(layer.index() + 1);
                plan.addClassifier(Names.classifierWeight(layer), "w" + l, layer.index() == 0
                        ? CodeBlock.of("The classifier's weights, started from the DBM's: $N's, {@code $L × $L}, and the rest.\n",
                                layer.name(), Names.constant(layer), names.inputsConstant(layer))
                        : null, Names.constant(layer), names.inputsConstant(layer));
                if (layer.index() == 0) {
                    plan.addClassifier(Names.CLASSIFIER_U, "u", CodeBlock.of(
                            "U, from the second hidden layer's posterior into the first, {@code $L × $L}; W₂ᵀ at the start.\n",
                            Names.constant(layer), Names.constant(layers.get(1))), Names.constant(layer), Names.constant(layers.get(1)));
                }
                plan.addClassifier(Names.classifierBias(layer), "b" + l, null, Names.constant(layer));
            }
            String top = Names.constant(spec.code());
            plan.tensors.add(new Tensor(Names.HEAD_WEIGHT, Names.HEAD_WEIGHT_TENSOR, List.of(Names.CLASSES, top),
                    Owner.MODEL, null, CodeBlock.of("The classifier's softmax head, {@code $L × $L}, and biases.\n", Names.CLASSES, top),
                    "head.weight"));
            plan.tensors.add(new Tensor(Names.HEAD_BIAS, Names.HEAD_BIAS_TENSOR, List.of(Names.CLASSES), Owner.MODEL,
                    null, null, "head.bias"));
            List<Tensor> classifier = plan.tensors.stream().filter(t -> t.engineGradient() != null).toList();
            plan.phases.add(new Phase("supervisePhase", count + 1, "supervise", CodeBlock.of("supervisedConfig"),
                    "superviseGradients", classifier));
        }
        return plan;
    }

    /**
     * The plan of a multimodal machine: each pathway's visible biases and layers, the joint layer's
     * weights from each pathway's top and its biases (the model's); each RBM's own biases and the
     * joint RBM's weights over the tops side by side (the trainer's, until composition); a
     * pretraining phase per RBM, pathway by pathway, then the joint RBM, then joint training.
     */
    static Plan multimodal(MultimodalSpec spec) {
        Plan plan = new Plan();
        Names names = new Names(spec);
        LayerSpec joint = spec.joint();
        for (ModalitySpec modality : spec.modalities()) {
            String input = Names.modalityInput(modality.name());
            plan.add(visibleBias(modality), modality.name() + ".visible.bias", Owner.MODEL, null,
                    CodeBlock.of("$L's visible biases, {@code $L}.\n", modality.typeName(), input), input);
            for (int l = 0; l < modality.layers().size(); l++) {
                LayerSpec layer = modality.layers().get(l);
                String units = Names.constant(layer);
                String inputs = names.inputsConstant(layer);
                String stem = modality.name() + ".hidden." + l;
                plan.add(Names.weight(layer), stem + ".weight", Owner.MODEL, layer,
                        CodeBlock.of("$L.$L()'s weights from the layer below, {@code $L × $L}.\n", modality.typeName(),
                                modality.method(layer), units, inputs), units, inputs);
                plan.add(Names.bias(layer), stem + ".bias", Owner.MODEL, layer, null, units);
            }
        }
        String jointUnits = Names.constant(joint);
        for (ModalitySpec modality : spec.modalities()) {
            String top = Names.constant(modality.top());
            plan.add(jointWeight(joint, modality), "joint." + modality.name() + ".weight", Owner.MODEL, joint,
                    CodeBlock.of("The joint layer's weights from $L's top layer, {@code $L × $L}.\n", modality.typeName(),
                            jointUnits, top), jointUnits, top);
        }
        plan.add(Names.bias(joint), "joint.bias", Owner.MODEL, joint, null, jointUnits);
        for (ModalitySpec modality : spec.modalities()) {
            for (int l = 0; l < modality.layers().size(); l++) {
                LayerSpec layer = modality.layers().get(l);
                String stem = "pretrain." + modality.name() + "." + l;
                plan.add(rbmVisibleBias(layer), stem + ".visible.bias", Owner.TRAINER, layer, null, names.inputsConstant(layer));
                plan.add(rbmHiddenBias(layer), stem + ".hidden.bias", Owner.TRAINER, layer, null, Names.constant(layer));
            }
        }
        plan.add(JOINT_RBM_WEIGHT, "pretrain.joint.weight", Owner.TRAINER, joint, null, jointUnits, TOPS);
        plan.add(rbmVisibleBias(joint), "pretrain.joint.visible.bias", Owner.TRAINER, joint, null, TOPS);
        plan.add(rbmHiddenBias(joint), "pretrain.joint.hidden.bias", Owner.TRAINER, joint, null, jointUnits);

        int number = 0;
        int count = spec.layers().size();
        for (LayerSpec layer : spec.layers()) {
            boolean ownRate = layer.rbm().learningRate() > 0;
            boolean isJoint = layer == joint;
            plan.phases.add(new Phase(pretrainField(layer) + PHASE, number++,
                    "pretrain " + layer.name() + " (" + number + "/" + count + ") as an RBM",
                    ownRate ? CodeBlock.of("pretrainConfig.toBuilder().learningRate($L).build()", layer.rbm().learningRate())
                            : CodeBlock.of("pretrainConfig"),
                    pretrainGradients(layer),
                    List.of(plan.field(isJoint ? JOINT_RBM_WEIGHT : Names.weight(layer)), plan.field(rbmVisibleBias(layer)),
                            plan.field(rbmHiddenBias(layer)))));
        }
        plan.phases.add(new Phase("jointTrainingPhase", number, "joint training", CodeBlock.of("jointConfig"), "jointGradients",
                plan.owned(Owner.MODEL)));
        return plan;
    }

    /** The trainer's field of the joint RBM's weights, over every pathway's top layer side by side. */
    static final String JOINT_RBM_WEIGHT = "jointRbmWeight";

    /** The constant of the tops' units together, the joint RBM's visible units. */
    static final String TOPS = "TOPS";

    /** A multimodal model's field of a modality's visible biases: {@code imageVisibleBias}. */
    static String visibleBias(ModalitySpec modality) {
        return modality.name() + "VisibleBias";
    }

    /** A multimodal model's field of the joint layer's weights from a pathway's top: {@code jointImageWeight}. */
    static String jointWeight(LayerSpec joint, ModalitySpec modality) {
        return joint.name() + Names.capitalize(modality.name()) + "Weight";
    }

    private void batch(String field, String width, boolean gradient, CodeBlock doc) {
        buffers.add(new Buffer(field, CodeBlock.of("$L", width), Buffer.Role.BATCH, gradient, doc));
    }

    /** Whether a layer has the regularizer in either phase. */
    private static boolean anyPhase(LayerSpec layer, java.util.function.Predicate<Regularization> has) {
        return has.test(layer.pretrain()) || has.test(layer.fineTune());
    }

    /**
     * The regularizers' buffers, with their full sizes: corrupted inputs and the noise they are made
     * from, dropout masks and dropped outputs, and per-unit scratch for the penalties.
     */
    private void regularizationBuffers(Unrolled spec, Names names) {
        List<String> noisyWidths = new ArrayList<>();
        for (LayerSpec layer : spec.layers()) {
            String units = Names.constant(layer);
            String inputs = names.inputsConstant(layer);
            if (anyPhase(layer, r -> r.noise() != null)) {
                scratch(Names.corrupted(layer), CodeBlock.of("capacity * $L", inputs));
            }
            if (anyPhase(layer, Plan::drawsIntoBuffer)) {
                noisyWidths.add(inputs);
            }
            if (anyPhase(layer, r -> r.dropout() > 0)) {
                scratch(Names.mask(layer), CodeBlock.of("capacity * $L", units));
                scratch(Names.dropped(layer), CodeBlock.of("capacity * $L", units));
            }
            if (anyPhase(layer, r -> r.contractive() > 0 || (r.sparsity() != null && r.sparsity().kl()))) {
                scratch(Names.penaltyScratch(layer), CodeBlock.of("2 * $L", units));
            }
        }
        if (!noisyWidths.isEmpty()) {
            CodeBlock widest = noisyWidths.size() == 1 ? CodeBlock.of("$L", noisyWidths.get(0))
                    : CodeBlock.of("Math.max($L, $L)", noisyWidths.get(0), noisyWidths.get(1));
            for (String w : noisyWidths.subList(Math.min(2, noisyWidths.size()), noisyWidths.size())) {
                widest = CodeBlock.of("Math.max($L, $L)", widest, w);
            }
            scratch("noiseBuffer", CodeBlock.of("capacity * $L", widest));
        }
    }

    /**
     * Whether a phase's corruption draws its noise into {@code noiseBuffer} first: all but masking
     * noise, whose uniforms {@code Rng.mask} compares as it draws them.
     */
    private static boolean drawsIntoBuffer(Regularization r) {
        return r.noise() != null && r.noise().kind() != Noise.MASKING;
    }

    private void scratch(String field, CodeBlock size) {
        buffers.add(new Buffer(field, size, Buffer.Role.SCRATCH, false, null));
    }

    /** The trainer's buffers of one role, in order. */
    List<Buffer> buffers(Buffer.Role role) {
        return buffers.stream().filter(b -> b.role() == role).toList();
    }

    /** The batch buffers whose gradients the trainer keeps too. */
    List<Buffer> gradientBuffers() {
        return buffers.stream().filter(Buffer::gradient).toList();
    }

    /** The stem of a layer's pretraining members: {@code pretrainHidden1Phase}, {@code pretrainHidden1Gradients}. */
    static String pretrainField(LayerSpec layer) {
        return "pretrain" + Names.capitalize(layer.name());
    }

    /** The trainer's method computing a layer's pretraining gradients: {@code pretrainHidden1Gradients}. */
    static String pretrainGradients(LayerSpec layer) {
        return pretrainField(layer) + "Gradients";
    }

    /** A DBM trainer's visible biases of a layer's RBM, before composition. */
    static String rbmVisibleBias(LayerSpec layer) {
        return layer.name() + "VisibleBias";
    }

    /** A DBM trainer's hidden biases of a layer's RBM, before composition. */
    static String rbmHiddenBias(LayerSpec layer) {
        return layer.name() + "HiddenBias";
    }

    private void add(String field, String file, Owner owner, LayerSpec layer, CodeBlock doc, String... dims) {
        tensors.add(new Tensor(field, file, List.of(dims), owner, layer == null ? null : layer.name(), doc, null));
    }

    /** A tensor whose gradient the trainer's classifier engine keeps under {@code engineGradient}. */
    private void addClassifier(String field, String engineGradient, CodeBlock doc, String... dims) {
        tensors.add(new Tensor(field, "classifier." + engineGradient, List.of(dims), Owner.MODEL, null, doc, engineGradient));
    }

    /** The tensor held in {@code field}. */
    Tensor field(String field) {
        return tensors.stream().filter(t -> t.field().equals(field)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor in field " + field));
    }

    /** Every tensor, in file order: the model's, then the trainer's. */
    List<Tensor> tensors() {
        return List.copyOf(tensors);
    }

    /** The tensors one owner holds, in file order. */
    List<Tensor> owned(Owner owner) {
        return tensors.stream().filter(t -> t.owner() == owner).toList();
    }

    /**
     * The tensors one owner holds in the order their fields are declared: each layer's together,
     * where the layer's first tensor comes in file order, and the others (visible biases, the head)
     * where they come.
     */
    List<Tensor> fieldOrder(Owner owner) {
        Map<String, List<Tensor>> groups = new LinkedHashMap<>();
        for (Tensor t : owned(owner)) {
            groups.computeIfAbsent(t.layer() == null ? "/" + t.field() : t.layer(), k -> new ArrayList<>()).add(t);
        }
        return groups.values().stream().flatMap(List::stream).toList();
    }

    /** Every phase, in the order they run. */
    List<Phase> phases() {
        return List.copyOf(phases);
    }

    /** The phase that pretrains {@code layer}. */
    Phase pretrainPhase(LayerSpec layer) {
        return phase(pretrainField(layer) + PHASE);
    }

    /** The phase held in {@code field}. */
    Phase phase(String field) {
        return phases.stream().filter(p -> p.field().equals(field)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no phase in field " + field));
    }
}
