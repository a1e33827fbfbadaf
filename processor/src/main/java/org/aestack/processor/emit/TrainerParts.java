package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.BATCH_STEP;
import static org.aestack.processor.emit.RuntimeTypes.CHECKPOINT;
import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.EPOCH_RECORD;
import static org.aestack.processor.emit.RuntimeTypes.OPTIMIZER;
import static org.aestack.processor.emit.RuntimeTypes.RNG;
import static org.aestack.processor.emit.RuntimeTypes.TRAINER_BUILDER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_CONFIG_BUILDER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_LISTENER;
import static org.aestack.processor.emit.RuntimeTypes.TRAINING_LOOP;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.LayerSpec;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.TrainingSpec;

/**
 * What every generated trainer has in common, whatever the model kind: its settings constants and
 * state, the factory methods, the phase runner with its checkpoints and resumption, and the
 * builder. {@link TrainerWriter} and {@link BoltzmannTrainerWriter} add what their kind trains.
 */
final class TrainerParts {
    static final TypeName LISTENERS = ParameterizedTypeName.get(ClassName.get(List.class), TRAINING_LISTENER);
    static final TypeName HISTORY = ParameterizedTypeName.get(ClassName.get(List.class), EPOCH_RECORD);

    private final ModelSpec spec;
    private final ClassName self;
    private final ClassName model;
    private final ClassName builder;

    TrainerParts(ModelSpec spec) {
        this.spec = spec;
        this.self = ClassName.get(spec.packageName(), spec.trainerClassName());
        this.model = ClassName.get(spec.packageName(), spec.modelClassName());
        this.builder = self.nestedClass("Builder");
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
     * unless {@code otherConfigs} gives its type), the seed and generators, the listeners, the
     * history, the checkpoint state and the buffers' capacity.
     */
    void addStateFields(TypeSpec.Builder type, List<String> configs, Map<String, TypeName> otherConfigs, String noiseDoc,
            String capacityDoc) {
        type.addField(model, "model", Modifier.PRIVATE, Modifier.FINAL);
        for (String config : configs) {
            type.addField(otherConfigs.getOrDefault(config, TRAINING_CONFIG), config, Modifier.PRIVATE, Modifier.FINAL);
        }
        type.addField(long.class, "seed", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(FieldSpec.builder(RNG, "rng", Modifier.PRIVATE)
                .addJavadoc("Gives each phase its own shuffling generator.\n").build());
        type.addField(FieldSpec.builder(RNG, "noise", Modifier.PRIVATE).addJavadoc(noiseDoc).build());
        type.addField(LISTENERS, "listeners", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(FieldSpec.builder(HISTORY, "history", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T<>()", ArrayList.class).build());
        type.addField(FieldSpec.builder(java.nio.file.Path.class, "checkpointFile", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Where checkpoints go, or null for none; written every {@code checkpointEvery} epochs.\n").build());
        type.addField(int.class, "checkpointEvery", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(FieldSpec.builder(RNG, "shuffle", Modifier.PRIVATE)
                .addJavadoc("Shuffles the phase under way; split from {@code rng} as each phase starts.\n").build());
        type.addField(FieldSpec.builder(CHECKPOINT, "resumeFrom", Modifier.PRIVATE)
                .addJavadoc("The checkpoint {@link #resume} read, until its phase is under way again.\n").build());
        type.addField(FieldSpec.builder(int.class, "capacity", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(capacityDoc).build());
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
                .addStatement("listeners.add($T.requireNonNull(listener, $S))", Objects.class, "listener")
                .addStatement("return this")
                .build();
    }

    MethodSpec history() {
        return accessor("history", HISTORY, "Every epoch trained so far, in order.\n",
                CodeBlock.of("return $T.unmodifiableList(history)", Collections.class)).toBuilder()
                .addAnnotation(Override.class).build();
    }

    static MethodSpec accessor(String name, TypeName type, String doc, CodeBlock body) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type).addJavadoc(doc)
                .addStatement(body).build();
    }

    /**
     * {@code resume(file)}: the checkpoint's parameters restored by {@code restore}, its history and
     * generators now, the rest when the phase it was taken in runs again; {@code javadoc} says so.
     */
    MethodSpec resume(CodeBlock javadoc, CodeBlock restore) {
        return MethodSpec.methodBuilder("resume")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(java.nio.file.Path.class, "file")
                .addException(java.io.IOException.class)
                .addJavadoc(javadoc)
                .addJavadoc("@throws $T if the file is not such a checkpoint or was taken with other settings\n",
                        ClassName.get("org.aestack.runtime.io", "ModelFormatException"))
                .addStatement("$T checkpoint = $T.read(file, $T.DECLARATION)", CHECKPOINT, CHECKPOINT, model)
                .addStatement("checkpoint.expectSettings(settings())")
                .addStatement(restore)
                .addStatement("history.clear()")
                .addStatement("history.addAll(checkpoint.history())")
                .addStatement("rng = checkpoint.generator($S)", "trainer")
                .addStatement("noise = checkpoint.generator($S)", "noise")
                .addStatement("resumeFrom = checkpoint")
                .addStatement("return this")
                .build();
    }

    /**
     * {@code runPhase}: one phase, or what is left of it after {@code resume}, its epochs run by the
     * runtime's loop with a checkpoint after each. {@code phases} says how the phases are numbered;
     * {@code restoreChains} whether the trainer has persistent chains to put back; {@code beforeRun}
     * goes between making the loop and running it.
     */
    MethodSpec runPhase(String phases, boolean restoreChains, CodeBlock beforeRun) {
        return MethodSpec.methodBuilder("runPhase")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "phase")
                .addParameter(String.class, "name")
                .addParameter(TRAINING_CONFIG, "config")
                .addParameter(DATA_SET, "data")
                .addParameter(BATCH_STEP, "step")
                .addParameter(float[][].class, "parameters")
                .varargs()
                .returns(boolean.class)
                .addJavadoc("Runs one phase ($L), or what is left\n", phases)
                .addJavadoc("of it after {@link #resume}; false if it had finished before the checkpoint resumed from.\n")
                .addStatement("createUpdaters(config)")
                .addStatement("model.recordProvenance($S, data.fingerprint())", "train.data")
                .addStatement("model.recordProvenance($S, Long.toString(seed))", "train.seed")
                .addStatement("model.recordProvenance($S, settings())", "train.settings")
                .addStatement("model.recordProvenance($S, name)", "train.lastPhase")
                .addStatement("int first = 1")
                .beginControlFlow("if (resumeFrom == null)")
                .addStatement("shuffle = rng.split()")
                .nextControlFlow("else if (phase < resumeFrom.phase())")
                .addComment("finished before the checkpoint")
                .addStatement("return false")
                .nextControlFlow("else if (phase > resumeFrom.phase())")
                .addStatement("throw new $T($S + resumeFrom.phase() + $S)", IllegalStateException.class,
                        "the checkpoint was taken in phase ", ", which must finish first: call fit, or the phase's method")
                .nextControlFlow("else")
                .beginControlFlow("try")
                .addStatement("resumeFrom.restoreUpdaters(updaters())")
                .addCode(restoreChains ? CodeBlock.of("restoreChains(phase, resumeFrom);\n") : CodeBlock.of(""))
                .addStatement("shuffle = resumeFrom.generator($S)", "shuffle")
                .nextControlFlow("catch ($T e)", java.io.IOException.class)
                .addStatement("throw new $T(e)", java.io.UncheckedIOException.class)
                .endControlFlow()
                .addStatement("first = resumeFrom.epoch() + 1")
                .addStatement("resumeFrom = null")
                .endControlFlow()
                .addStatement("$T loop = new $T(name, config, parameters).schedule(updaters().values())", TRAINING_LOOP, TRAINING_LOOP)
                .addCode(beforeRun)
                .addStatement("loop.run(data, input, shuffle, first, step, listeners, history, epoch -> checkpoint(phase, epoch, config))")
                .addStatement("model.recordProvenance($S, $T.encode(history))", "train.history", EPOCH_RECORD)
                .addStatement("return true")
                .build();
    }

    /** {@code checkpoint(phase, epoch, config)}: writes {@code tensors} with {@code shapes}, and {@code chains} if not null. */
    MethodSpec checkpoint(CodeBlock tensors, CodeBlock shapes, String chains) {
        return MethodSpec.methodBuilder("checkpoint")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "phase")
                .addParameter(int.class, "epoch")
                .addParameter(TRAINING_CONFIG, "config")
                .addException(java.io.IOException.class)
                .beginControlFlow("if (checkpointFile != null && (epoch % checkpointEvery == 0 || epoch == config.epochs()))")
                .addStatement("$T.write(checkpointFile, $T.DECLARATION, phase, epoch, $L, $L, updaters(),\n"
                        + "$>$>$T.of($S, rng, $S, shuffle, $S, noise), history, settings()$L)$<$<",
                        CHECKPOINT, model, tensors, shapes, Map.class, "trainer", "shuffle", "noise",
                        chains == null ? "" : ", " + chains)
                .endControlFlow()
                .build();
    }

    /** The layers pretrained by persistent contrastive divergence, whose chains checkpoints keep. */
    List<LayerSpec> persistentLayers() {
        return spec.layers().stream().filter(l -> l.isRbm() && l.rbm().persistent()).toList();
    }

    /** The start of {@code chains()}: a map of every persistent RBM's chain states by layer name, to add to and return. */
    MethodSpec.Builder chainsStart(String doc) {
        TypeName map = ParameterizedTypeName.get(Map.class, String.class, float[].class);
        MethodSpec.Builder m = MethodSpec.methodBuilder("chains")
                .addModifiers(Modifier.PRIVATE)
                .returns(map)
                .addJavadoc(doc)
                .addStatement("$T chains = new $T<>()", map, java.util.LinkedHashMap.class);
        for (LayerSpec layer : persistentLayers()) {
            m.addStatement("chains.put($S, $N.chainStates())", layer.name(), Names.rbm(layer));
        }
        return m;
    }

    /**
     * The start of {@code restoreChains(phase, checkpoint)}: a switch on the phase with a case for each
     * persistent RBM's pretraining phase; the caller adds its own cases and {@link #endSwitch}.
     */
    MethodSpec.Builder restoreChainsStart() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("restoreChains")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "phase")
                .addParameter(CHECKPOINT, "checkpoint")
                .addException(java.io.IOException.class)
                .addJavadoc("Puts the persistent chains of the phase a checkpoint was taken in back where they were.\n")
                .beginControlFlow("switch (phase)");
        for (LayerSpec layer : persistentLayers()) {
            m.addCode("case $L:\n$>", layer.index())
                    .addStatement("checkpoint.restoreState($S, $N.chainStates())", layer.name(), Names.rbm(layer))
                    .addStatement("$N.chainsRestored()", Names.rbm(layer))
                    .addStatement("break")
                    .addCode("$<");
        }
        return m;
    }

    /** The {@code default: break;} and the end of a switch begun by {@link #restoreChainsStart}. */
    static MethodSpec endSwitch(MethodSpec.Builder m) {
        return m.addCode("default:\n$>").addStatement("break").addCode("$<").endControlFlow().build();
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
     * The builder every trainer has: pretraining and fine-tuning settings (what {@code fineTune}
     * means, {@code fineTuneDoc} says), seed, checkpoints, listeners.
     */
    TypeSpec.Builder builderBase(String fineTuneDoc, String seedDoc) {
        TypeName change = ParameterizedTypeName.get(ClassName.get(UnaryOperator.class), TRAINING_CONFIG_BUILDER);
        return TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(TRAINER_BUILDER, self))
                .addJavadoc("Overrides the declaration's settings at run time.\n")
                .addField(model, "model", Modifier.PRIVATE, Modifier.FINAL)
                .addField(FieldSpec.builder(TRAINING_CONFIG, "pretrain", Modifier.PRIVATE).initializer("PRETRAIN_DEFAULTS").build())
                .addField(FieldSpec.builder(TRAINING_CONFIG, "fineTune", Modifier.PRIVATE).initializer(
                        spec.boltzmannMachine() ? "JOINT_DEFAULTS" : "FINE_TUNE_DEFAULTS").build())
                .addField(FieldSpec.builder(long.class, "seed", Modifier.PRIVATE).initializer("42").build())
                .addField(java.nio.file.Path.class, "checkpointFile", Modifier.PRIVATE)
                .addField(FieldSpec.builder(int.class, "checkpointEvery", Modifier.PRIVATE).initializer("1").build())
                .addField(FieldSpec.builder(LISTENERS, "listeners", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T<>()", ArrayList.class).build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(model, "model")
                        .addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model")
                        .build())
                .addMethod(MethodSpec.methodBuilder("pretrain")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(change, "change")
                        .addJavadoc("Changes the pretraining settings, e.g. {@code pretrain(c -> c.epochs(2))}.\n")
                        .addStatement("pretrain = change.apply(pretrain.toBuilder()).build()")
                        .addStatement("return this")
                        .build())
                .addMethod(MethodSpec.methodBuilder("fineTune")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(change, "change")
                        .addJavadoc(fineTuneDoc)
                        .addStatement("fineTune = change.apply(fineTune.toBuilder()).build()")
                        .addStatement("return this")
                        .build())
                .addMethod(MethodSpec.methodBuilder("seed")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(long.class, "seed")
                        .addJavadoc(seedDoc)
                        .addStatement("this.seed = seed")
                        .addStatement("return this")
                        .build())
                .addMethod(MethodSpec.methodBuilder("checkpoint")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(java.nio.file.Path.class, "file")
                        .addParameter(int.class, "everyEpochs")
                        .addJavadoc("Writes a checkpoint to {@code file} every {@code everyEpochs} epochs and at the end of each\n")
                        .addJavadoc("phase, atomically; {@link #resume} continues from it.\n")
                        .beginControlFlow("if (everyEpochs < 1)")
                        .addStatement("throw new $T($S + everyEpochs)", IllegalArgumentException.class,
                                "checkpoints are written every 1 or more epochs, not ")
                        .endControlFlow()
                        .addStatement("this.checkpointFile = $T.requireNonNull(file, $S)", Objects.class, "file")
                        .addStatement("this.checkpointEvery = everyEpochs")
                        .addStatement("return this")
                        .build())
                .addMethod(MethodSpec.methodBuilder("listener")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(TRAINING_LISTENER, "listener")
                        .addJavadoc("Adds a listener that hears every phase, batch and epoch.\n")
                        .addStatement("listeners.add($T.requireNonNull(listener, $S))", Objects.class, "listener")
                        .addStatement("return this")
                        .build())
                .addMethod(MethodSpec.methodBuilder("build")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(self)
                        .addStatement("return new $T(this)", self)
                        .build());
    }
}
