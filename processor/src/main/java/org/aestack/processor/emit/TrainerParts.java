package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.EPOCH_RECORD;
import static org.aestack.processor.emit.RuntimeTypes.OPTIMIZER;
import static org.aestack.processor.emit.RuntimeTypes.PHASE;
import static org.aestack.processor.emit.RuntimeTypes.PHASE_RUNNER;
import static org.aestack.processor.emit.RuntimeTypes.RNG;
import static org.aestack.processor.emit.RuntimeTypes.TRAINER_OPTIONS;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG_BUILDER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_LISTENER;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.BoltzmannMachineSpec;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.TrainingSpec;

/**
 * What every generated trainer has in common, whatever the model kind: its settings constants and
 * state, the factory methods, its phases built from the {@link Plan} and handed to the runtime's
 * {@code PhaseRunner} (which owns the epochs, listeners, checkpoints and resumption), and the
 * builder. {@link TrainerWriter} and {@link BoltzmannTrainerWriter} add what their kind computes.
 */
final class TrainerParts {
    static final TypeName HISTORY = ParameterizedTypeName.get(ClassName.get(List.class), EPOCH_RECORD);

    private final ModelSpec spec;
    private final Plan plan;
    private final ClassName self;
    private final ClassName model;
    private final ClassName builder;

    TrainerParts(ModelSpec spec, Plan plan) {
        this.spec = spec;
        this.plan = plan;
        this.self = ClassName.get(spec.packageName(), spec.trainerClassName());
        this.model = ClassName.get(spec.packageName(), spec.modelClassName());
        this.builder = self.nestedClass("Builder");
    }

    /** The start of a generated trainer: public, final, {@code @Generated}, implementing {@code trainerInterface}. */
    TypeSpec.Builder classStart(ClassName trainerInterface, CodeBlock javadoc) {
        return TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(trainerInterface, self))
                .addAnnotation(Sources.generated(spec))
                .addJavadoc(javadoc);
    }

    /** {@code of(model)}, {@code builder(model)} and {@code listener(listener)}. */
    void addFactories(TypeSpec.Builder type) {
        type.addMethod(of()).addMethod(builderFactory()).addMethod(listener());
    }

    /** The end of a generated trainer: the input check and the builder; the file, with the shape constants imported. */
    JavaFile finish(TypeSpec.Builder type, TypeSpec builderType) {
        return finish(type, builderType, checkInput());
    }

    /** {@link #finish(TypeSpec.Builder, TypeSpec)} with the kind's own input check. */
    JavaFile finish(TypeSpec.Builder type, TypeSpec builderType, MethodSpec checkInput) {
        return Sources.fileWithShapes(spec, type.addMethod(checkInput).addType(builderType).build());
    }

    /** The start of the constructor: the model and the settings of each phase from the builder ({@code configs}: field, builder field). */
    MethodSpec.Builder constructorStart(Map<String, String> configs) {
        MethodSpec.Builder m = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(builder, "builder")
                .addStatement("this.model = builder.model");
        configs.forEach((field, from) -> m.addStatement("this.$N = builder.$N", field, from));
        return m;
    }

    /** {@code this.capacity = …}: the largest batch size of the phases' settings {@code configs}. */
    static CodeBlock capacity(List<String> configs) {
        CodeBlock largest = CodeBlock.of("$N.batchSize()", configs.get(0));
        for (String config : configs.subList(1, configs.size())) {
            largest = CodeBlock.of("Math.max($L, $N.batchSize())", largest, config);
        }
        return CodeBlock.builder().addStatement("this.capacity = $L", largest).build();
    }

    /**
     * The start of a public phase method, {@code name(DataSet parameter)} returning the trainer;
     * {@code inherited} if a runtime interface declares it.
     */
    MethodSpec.Builder phaseMethod(String name, String parameter, boolean inherited) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(DATA_SET, parameter);
        return inherited ? m.addAnnotation(Override.class) : m;
    }

    /** A {@code TrainingConfig} constant holding a phase's declared settings. */
    FieldSpec defaults(String name, TrainingSpec t, String doc) {
        CodeBlock.Builder init = CodeBlock.builder()
                .add("$T.builder()\n$>$>.epochs($L)\n.batchSize($L)\n.optimizer($T.$L)\n.learningRate($L)\n.momentum($L)",
                        TRAINING_CONFIG, t.epochs(), t.batch(), OPTIMIZER, t.optimizer(), t.learningRate(), t.momentum());
        if (t.weightDecay() != 0) {
            init.add("\n.weightDecay($L)", t.weightDecay());
        }
        if (t.learningRateDecay() != 0) {
            init.add("\n.learningRateDecay($L)", t.learningRateDecay());
        }
        return FieldSpec.builder(TRAINING_CONFIG, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc)
                .initializer(init.add("\n.build()$<$<").build())
                .build();
    }

    /**
     * The model, the settings in use ({@code configs}: field names, each a {@code TrainingConfig}
     * unless {@code otherConfigs} gives its type), the phase runner, the noise generator and the
     * buffers' capacity.
     */
    void addStateFields(TypeSpec.Builder type, List<String> configs, Map<String, TypeName> otherConfigs, String noiseDoc,
            String capacityDoc) {
        type.addField(model, "model", Modifier.PRIVATE, Modifier.FINAL);
        for (String config : configs) {
            type.addField(otherConfigs.getOrDefault(config, TRAINING_CONFIG), config, Modifier.PRIVATE, Modifier.FINAL);
        }
        type.addField(FieldSpec.builder(PHASE_RUNNER, "runner", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Runs the phases: their epochs, the listeners, the checkpoints and resumption.\n").build());
        type.addField(FieldSpec.builder(RNG, "noise", Modifier.PRIVATE, Modifier.FINAL).addJavadoc(noiseDoc).build());
        type.addField(FieldSpec.builder(int.class, "capacity", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(capacityDoc).build());
    }

    /** A gradient buffer for each of {@code all} whose gradient an engine does not keep, the first field carrying {@code doc}. */
    static void addGradientFields(TypeSpec.Builder type, List<Plan.Tensor> all, String doc) {
        List<Plan.Tensor> tensors = all.stream().filter(t -> t.engineGradient() == null).toList();
        for (int i = 0; i < tensors.size(); i++) {
            FieldSpec.Builder f = FieldSpec.builder(float[].class, tensors.get(i).grad(), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new float[$L]", tensors.get(i).size());
            type.addField(i == 0 ? f.addJavadoc(doc).build() : f.build());
        }
    }

    /** A {@code Phase} field for each phase of the plan. */
    void addPhaseFields(TypeSpec.Builder type) {
        List<Plan.Phase> phases = plan.phases();
        for (int i = 0; i < phases.size(); i++) {
            FieldSpec.Builder f = FieldSpec.builder(PHASE, phases.get(i).field(), Modifier.PRIVATE, Modifier.FINAL);
            if (i == 0) {
                f.addJavadoc("The phases, in the order they run, each with the tensors its optimizer updates.\n");
            }
            type.addField(f.build());
        }
    }

    /**
     * In the constructor: the runner, with the checkpoint {@code settings} and the tensors checkpoints
     * keep ({@code tensors}, {@code shapes}: supplier expressions), and the noise generator from it.
     */
    CodeBlock runner(CodeBlock settings, CodeBlock tensors, CodeBlock shapes) {
        return runner("input", settings, tensors, shapes);
    }

    /** {@link #runner(CodeBlock, CodeBlock, CodeBlock)}, the runner filling the batch buffer {@code batch}. */
    CodeBlock runner(String batch, CodeBlock settings, CodeBlock tensors, CodeBlock shapes) {
        return CodeBlock.builder()
                .add("this.runner = $T.builder(builder.options, $T.DECLARATION)\n$>$>", PHASE_RUNNER, model)
                .add(".settings($L)\n", settings)
                .add(".input($N)\n", batch)
                .add(".tensors($L, $L)\n", tensors, shapes)
                .add(".provenance(model::recordProvenance)\n")
                .add(".build();\n$<$<")
                .addStatement("this.noise = runner.noise()")
                .build();
    }

    /**
     * The start of a phase's construction: {@code Phase.of(…)} and a {@code trains} call for each
     * tensor it updates; the caller adds what else the phase has, then {@link #endPhase}.
     */
    CodeBlock.Builder phase(Plan.Phase p) {
        CodeBlock.Builder b = CodeBlock.builder()
                .add("$T.of($L, $S, $L, this::$N)\n$>$>", PHASE, p.number(), p.name(), p.config(), p.gradients());
        for (Plan.Tensor t : p.trains()) {
            b.add(".trains($S, $L, $L)\n", t.file(), t.array(), t.gradient());
        }
        return b;
    }

    /** {@code this.field = phase.build();}: ends a phase begun by {@link #phase}. */
    static CodeBlock endPhase(Plan.Phase p, CodeBlock.Builder phase) {
        return CodeBlock.builder().add("this.$N = ", p.field()).add(phase.add(".build();\n$<$<").build()).build();
    }

    /**
     * {@code supervise(labeled)}: the labels checked against {@code CLASSES}, then the supervised
     * phase; {@code doc} says what it trains.
     */
    MethodSpec supervise(Plan.Phase phase, CodeBlock doc) {
        return phaseMethod("supervise", "labeled", false)
                .addJavadoc(doc)
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}, it has no labels,\n")
                .addJavadoc("    or a label is outside 0 to {@code CLASSES - 1}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n",
                        RuntimeTypes.TRAINING_DIVERGED)
                .addStatement("checkInput(labeled)")
                .beginControlFlow("if (!labeled.hasLabels())")
                .addStatement("throw new $T($S + labeled)", IllegalArgumentException.class,
                        "supervised training needs labels, but there are none in ")
                .endControlFlow()
                .beginControlFlow("for (int label : labeled.labels())")
                .beginControlFlow("if (label < 0 || label >= $L)", Names.CLASSES)
                .addStatement("throw new $T($S + label + $S + $L + $S)", IllegalArgumentException.class,
                        "label ", " is outside the ", Names.CLASSES, " classes of @Supervised")
                .endControlFlow()
                .endControlFlow()
                .addCode(run(phase, "labeled"))
                .addStatement("return this")
                .build();
    }

    /**
     * The greedy RBM stack, written once for every kind that pretrains RBMs: a layer's contrastive
     * divergence, sized for the trainer's batches, with {@code scales} (a DBM's halving:
     * {@code .scales(up, down)}) or null for plain CD.
     */
    static CodeBlock rbm(LayerSpec layer, Names names, CodeBlock scales) {
        var r = layer.rbm();
        CodeBlock create = CodeBlock.of("new $T($L, $L, $T.$L, $T.$L, capacity, $L, $L, $L)", RuntimeTypes.CONTRASTIVE_DIVERGENCE,
                names.inputsConstant(layer), Names.constant(layer), RuntimeTypes.UNIT_TYPE, r.visible(), RuntimeTypes.UNIT_TYPE,
                r.hidden(), r.cd(), r.persistent(), r.chains());
        return scales == null ? CodeBlock.builder().addStatement("this.$N = $L", Names.rbm(layer), create).build()
                : CodeBlock.builder().addStatement("this.$N = $L\n$>$>$L$<$<", Names.rbm(layer), create, scales).build();
    }

    /** The gradient step of a layer's RBM on {@code data}, whose weights and biases are these tensors of the plan. */
    static CodeBlock rbmGradient(LayerSpec layer, String data, Plan.Tensor w, Plan.Tensor visible, Plan.Tensor hidden) {
        return CodeBlock.builder().addStatement("return $N.gradient($N, rows, $L, $L, $L, noise, (float) pretrainConfig.weightDecay(),\n"
                        + "$>$>$L, $L, $L)$<$<", Names.rbm(layer), data, w.array(), visible.array(), hidden.array(), w.gradient(),
                        visible.gradient(), hidden.gradient()).build();
    }

    /** {@code runner.run(phase, data)} as a statement. */
    static CodeBlock run(Plan.Phase p, String data) {
        return CodeBlock.of("runner.run($N, $N);\n", p.field(), data);
    }

    MethodSpec of() {
        return MethodSpec.methodBuilder("of")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(model, "model")
                .addJavadoc("A trainer for {@code model} with the declaration's settings and seed 42.\n")
                .addStatement("return builder(model).build()")
                .build();
    }

    MethodSpec builderFactory() {
        return MethodSpec.methodBuilder("builder")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builder)
                .addParameter(model, "model")
                .addJavadoc("A builder that starts from the declaration's settings; override any of them before {@code build()}.\n")
                .addStatement("return new $T(model)", builder)
                .build();
    }

    MethodSpec listener() {
        return MethodSpec.methodBuilder("listener")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(TRAINING_LISTENER, "listener")
                .addJavadoc("Adds a listener that hears every phase, batch and epoch from now on.\n")
                .addStatement("runner.listener(listener)")
                .addStatement("return this")
                .build();
    }

    MethodSpec history() {
        return accessor("history", HISTORY, "Every epoch trained so far, in order.\n", CodeBlock.of("return runner.history()"))
                .toBuilder().addAnnotation(Override.class).build();
    }

    static MethodSpec accessor(String name, TypeName type, String doc, CodeBlock body) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type).addJavadoc(doc)
                .addStatement(body).build();
    }

    /** {@code resume(file)}, which the runner does; {@code javadoc} says what it restores when. */
    MethodSpec resume(CodeBlock javadoc) {
        return MethodSpec.methodBuilder("resume")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(java.nio.file.Path.class, "file")
                .addException(java.io.IOException.class)
                .addJavadoc(javadoc)
                .addJavadoc("@throws $T if the file is not such a checkpoint or was taken with other settings\n",
                        ClassName.get("org.aestack.runtime.io", "ModelFormatException"))
                .addStatement("runner.resume(file)")
                .addStatement("return this")
                .build();
    }

    MethodSpec checkInput() {
        return MethodSpec.methodBuilder("checkInput")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DATA_SET, "data")
                .beginControlFlow("if (data.cols() != $L)", Names.INPUT)
                .addStatement("throw new $T($S + $L + $S + data.cols() + $S)", IllegalArgumentException.class,
                        spec.sourceName() + " takes ", Names.INPUT, " inputs, but the data has ", " columns")
                .endControlFlow()
                .build();
    }

    /**
     * The builder every trainer has: the settings of each phase ({@code phases}: the builder method,
     * its field, the defaults constant and the method's javadoc; pretraining's first), and the
     * seed, checkpoints and listeners of the runtime's {@code TrainerOptions}.
     */
    TypeSpec.Builder builderBase(ClassName builderInterface, List<PhaseSetting> phases) {
        TypeName change = ParameterizedTypeName.get(ClassName.get(UnaryOperator.class), TRAINING_CONFIG_BUILDER);
        TypeSpec.Builder type = TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(builderInterface, self))
                .addJavadoc("Overrides the declaration's settings at run time.\n")
                .addField(model, "model", Modifier.PRIVATE, Modifier.FINAL);
        for (PhaseSetting p : phases) {
            type.addField(FieldSpec.builder(TRAINING_CONFIG, p.field(), Modifier.PRIVATE).initializer("$N", p.defaults()).build());
        }
        type.addField(FieldSpec.builder(TRAINER_OPTIONS, "options", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T()", TRAINER_OPTIONS).build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(model, "model")
                        .addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model")
                        .build());
        for (PhaseSetting p : phases) {
            MethodSpec.Builder m = MethodSpec.methodBuilder(p.method())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builder)
                    .addParameter(change, "change")
                    .addJavadoc(p.doc())
                    .addStatement("$N = change.apply($N.toBuilder()).build()", p.field(), p.field())
                    .addStatement("return this");
            if (p.inherited()) {
                m.addAnnotation(Override.class);
            }
            type.addMethod(m.build());
        }
        return type
                .addMethod(delegate("seed", seedDoc(), long.class, "seed"))
                .addMethod(MethodSpec.methodBuilder("checkpoint")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(java.nio.file.Path.class, "file")
                        .addParameter(int.class, "everyEpochs")
                        .addJavadoc("Writes a checkpoint to {@code file} every {@code everyEpochs} epochs and at the end of each\n")
                        .addJavadoc("phase, atomically; {@link #resume} continues from it.\n")
                        .addStatement("options.checkpoint(file, everyEpochs)")
                        .addStatement("return this")
                        .build())
                .addMethod(delegate("listener", "Adds a listener that hears every phase, batch and epoch.\n",
                        TRAINING_LISTENER, "listener"))
                .addMethod(MethodSpec.methodBuilder("build")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(self)
                        .addStatement("return new $T(this)", self)
                        .build());
    }

    /**
     * A builder method that sets a phase's settings.
     *
     * @param method the builder method ({@code fineTune})
     * @param field the builder's field of the settings
     * @param defaults the trainer's constant of the declared settings
     * @param inherited whether a runtime builder interface declares the method
     */
    record PhaseSetting(String method, String field, String defaults, String doc, boolean inherited) {}

    private String seedDoc() {
        return spec instanceof BoltzmannMachineSpec ? "The seed of the shuffling and the Gibbs sampling; default 42.\n"
                : "The seed of the shuffling, the noise and the dropout masks; default 42.\n";
    }

    /** A builder method handing its one argument to the same method of {@code options}. */
    private MethodSpec delegate(String name, String doc, java.lang.reflect.Type type, String parameter) {
        return delegate(name, doc, TypeName.get(type), parameter);
    }

    private MethodSpec delegate(String name, String doc, TypeName type, String parameter) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(builder)
                .addParameter(type, parameter)
                .addJavadoc(doc)
                .addStatement("options.$N($N)", name, parameter)
                .addStatement("return this")
                .build();
    }

    /**
     * {@code computeGradients(batch)}: the fine-tuning loss of a batch, mean per {@code unit} (row,
     * image), with the same noise every call, for gradient checks.
     */
    static MethodSpec computeGradients(String unit) {
        return MethodSpec.methodBuilder("computeGradients")
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(DATA_SET, "batch")
                .addJavadoc("The fine-tuning loss of {@code batch} (mean per $L) and, in {@link #gradients()}, its gradient\n", unit)
                .addJavadoc("with respect to every parameter; the model is not changed. For diagnostics such as gradient checks:\n")
                .addJavadoc("every call draws the same noise and dropout masks, so repeated calls see one function.\n")
                .addStatement("noise.copyFrom(new $T(DIAGNOSTIC_SEED))", RNG)
                .addStatement("return fineTuneGradients(loadBatch(batch)) / batch.rows()")
                .build();
    }

    /** {@code gradients()}: the trainer's gradient buffers by the model's tensor names. */
    MethodSpec gradients() {
        TypeName map = ParameterizedTypeName.get(Map.class, String.class, float[].class);
        MethodSpec.Builder m = MethodSpec.methodBuilder("gradients")
                .addModifiers(Modifier.PUBLIC)
                .returns(map)
                .addJavadoc("The gradient buffers, by the names of {@link $T#parameters()}; live, read-only by contract.\n", model)
                .addStatement("$T gradients = new $T<>()", map, java.util.LinkedHashMap.class);
        for (Plan.Tensor t : plan.owned(Plan.Owner.MODEL)) {
            m.addStatement("gradients.put($S, $N)", t.file(), t.grad());
        }
        return m.addStatement("return $T.unmodifiableMap(gradients)", java.util.Collections.class).build();
    }

    /** {@code loadBatch(batch)}: a whole small data set into the batch buffer {@code buffer}; {@code unit}s it counts. */
    static MethodSpec loadBatch(String buffer, String unit) {
        return MethodSpec.methodBuilder("loadBatch")
                .addModifiers(Modifier.PRIVATE)
                .returns(int.class)
                .addParameter(DATA_SET, "batch")
                .addJavadoc("Copies a whole small data set into the input buffer; returns its $L.\n", unit)
                .addStatement("checkInput(batch)")
                .beginControlFlow("if (batch.rows() == 0 || batch.rows() > capacity)")
                .addStatement("throw new $T($S + capacity + $S + batch.rows())", IllegalArgumentException.class,
                        "a batch must have 1 to ", " " + unit + ", not ")
                .endControlFlow()
                .addStatement("batch.copyRows(0, batch.rows(), $N)", buffer)
                .addStatement("return batch.rows()")
                .build();
    }

    /**
     * {@code computePretrainGradients(layer, batch)}: like {@code computeGradients}, for the pretraining
     * loss of one layer; {@code written} says which gradients that writes.
     */
    MethodSpec computePretrainGradients(String written) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("computePretrainGradients")
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(int.class, "layer")
                .addParameter(DATA_SET, "batch")
                .addJavadoc("Like {@link #computeGradients}, for the pretraining loss of layer {@code layer} (from 0); only\n")
                .addJavadoc("$L gradients are written.\n", written)
                .addStatement("noise.copyFrom(new $T(DIAGNOSTIC_SEED))", RNG)
                .addStatement("int rows = loadBatch(batch)")
                .beginControlFlow("switch (layer)");
        for (LayerSpec layer : spec.layers()) {
            m.addStatement("case $L: return $N(rows) / rows", layer.index(), Plan.pretrainGradients(layer));
        }
        return ModelParts.endLayerSwitch(m, spec.layers().size());
    }

    /** {@code fineTune(data)}: the input check, then the fine-tuning phase; {@code doc} says what it trains. */
    MethodSpec fineTune(String doc) {
        return phaseMethod("fineTune", "data", true)
                .addJavadoc(doc)
                .addJavadoc("@throws IllegalArgumentException if the data's width is not {@code INPUT}\n")
                .addJavadoc("@throws $T if the loss stops being finite; the model keeps its last good epoch\n",
                        RuntimeTypes.TRAINING_DIVERGED)
                .addStatement("checkInput(data)")
                .addCode(run(plan.phase("fineTunePhase"), "data"))
                .addStatement("return this")
                .build();
    }

    /**
     * {@code checkpointTensors()}: the model's parameters and the trainer's own tensors of the plan
     * (an RBM's biases before composition), as checkpoints keep them; {@code doc} says which.
     */
    MethodSpec checkpointTensors(String doc) {
        TypeName map = ParameterizedTypeName.get(Map.class, String.class, float[].class);
        MethodSpec.Builder m = MethodSpec.methodBuilder("checkpointTensors")
                .addModifiers(Modifier.PRIVATE)
                .returns(map)
                .addJavadoc(doc)
                .addStatement("$T tensors = new $T<>(model.parameters())", map, java.util.LinkedHashMap.class);
        for (Plan.Tensor t : plan.owned(Plan.Owner.TRAINER)) {
            m.addStatement("tensors.put($S, $N)", t.file(), t.field());
        }
        return m.addStatement("return tensors").build();
    }

    /** {@code checkpointShapes()}: the shapes of {@link #checkpointTensors}. */
    MethodSpec checkpointShapes() {
        TypeName map = ParameterizedTypeName.get(Map.class, String.class, int[].class);
        MethodSpec.Builder m = MethodSpec.methodBuilder("checkpointShapes")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(map)
                .addJavadoc("The shapes of {@link #checkpointTensors()}.\n")
                .addStatement("$T shapes = new $T<>($T.shapes())", map, java.util.LinkedHashMap.class, model);
        for (Plan.Tensor t : plan.owned(Plan.Owner.TRAINER)) {
            m.addStatement("shapes.put($S, $L)", t.file(), t.shape());
        }
        return m.addStatement("return shapes").build();
    }
}
