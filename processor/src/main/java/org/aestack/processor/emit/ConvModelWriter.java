package org.aestack.processor.emit;

import static org.aestack.processor.emit.RuntimeTypes.ACTIVATION;
import static org.aestack.processor.emit.RuntimeTypes.CONVOLUTION;
import static org.aestack.processor.emit.RuntimeTypes.CONV_LAYER;
import static org.aestack.processor.emit.RuntimeTypes.CORRUPTION;
import static org.aestack.processor.emit.RuntimeTypes.DATA_SET;
import static org.aestack.processor.emit.RuntimeTypes.GEOMETRY;
import static org.aestack.processor.emit.RuntimeTypes.MODEL_FILE;
import static org.aestack.processor.emit.RuntimeTypes.NOISE;
import static org.aestack.processor.emit.RuntimeTypes.RNG;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import org.aestack.dsl.Loss;
import org.aestack.processor.model.ConvAutoencoderSpec;
import org.aestack.processor.model.Regularization;
import org.aestack.processor.model.Shape;

/**
 * Writes {@code <Name>Model} for an autoencoder of convolutions: the image and geometry
 * constants, the parameters in PyTorch's {@code Conv2d}/{@code ConvTranspose2d} layouts, PyTorch's
 * initialization, the layer views, and batched inference. Each convolution is a package-private
 * method taking the {@code Convolution} workspace it runs in, which the trainer reuses for its
 * forward pass; inference allocates its own workspaces.
 */
final class ConvModelWriter {
    private static final TypeName FLOATS = TypeName.get(float[].class);

    private final ConvAutoencoderSpec spec;
    private final Plan plan;
    private final ConvSteps steps;
    private final ClassName self;

    ConvModelWriter(ConvAutoencoderSpec spec, Plan plan, ConvSteps steps) {
        this.spec = spec;
        this.plan = plan;
        this.steps = steps;
        this.self = ClassName.get(spec.packageName(), spec.modelClassName());
    }

    JavaFile write() {
        TypeSpec.Builder type = ModelParts.classStart(spec, self, javadoc());
        Regularization.Corruption noise = spec.layers().get(0).fineTune().noise();
        // A paired model predicts other images than its inputs: it has no denoising chain to sample by.
        boolean denoising = noise != null && !spec.paired();
        type.addSuperinterface(denoising ? RuntimeTypes.DENOISING_MODEL : RuntimeTypes.AUTOENCODER_MODEL);
        addShapeConstants(type);
        ModelParts.addHeader(type, spec);
        if (noise != null) {
            type.addField(FieldSpec.builder(CORRUPTION, "NOISE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The corruption {@code @Denoising} declares, which {@link #sample} uses.\n")
                    .initializer("new $T($T.$L, $L, CHANNELS, HEIGHT, WIDTH)", CORRUPTION, NOISE, noise.kind(), noise.p()).build());
        }
        ModelParts.addParameterFields(type, plan);
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(initialize());
        type.addMethod(initUniform());
        for (ConvSteps.Step step : steps.all()) {
            if (!(step.decoder() && spec.mirrored())) {
                type.addMethod(layerView(step));
            }
        }
        type.addMethod(ModelParts.layers(spec, "The encoder layers, in declaration order.\n"));
        type.addMethod(ModelParts.parameters(plan, CodeBlock.of(
                "Every parameter tensor by its name in model files ({@code encoder.0.weight}, …), in a fixed\n"
                        + "order. The arrays are the model's own: writing to them changes the model.\n")));
        type.addMethod(encodeOne());
        type.addMethod(decodeOne());
        type.addMethod(ModelParts.reconstructOne());
        type.addMethod(encodeAll());
        type.addMethod(reconstructAll());
        type.addMethod(ModelParts.reconstructionError(spec.paired()
                ? CodeBlock.of("The model's loss ($L, summed over the target's values) averaged over the pairs of {@code data}.\n",
                        lossName())
                : CodeBlock.of("The model's loss ($L, summed over the inputs) averaged over the images of {@code data}.\n",
                        lossName())));
        type.addMethod(spec.paired() ? pairErrors() : reconstructionErrors());
        type.addMethod(activations());
        if (spec.paired()) {
            type.addMethod(pair());
        }
        if (denoising) {
            type.addMethods(ModelParts.denoising(spec.loss()));
        }
        type.addMethod(ModelParts.provenanceView());
        type.addMethod(ModelParts.recordProvenance());
        type.addMethod(ModelParts.shapes(plan));
        type.addMethod(save());
        type.addMethod(load());
        type.addMethod(workspaces("encoderWorkspaces", steps.encoder(), "every encoder layer's convolution"));
        type.addMethod(workspaces("decoderWorkspaces", steps.decoder(), "every decoder layer's convolution, in the order they run"));
        type.addMethod(buffers("encoderBuffers", steps.encoder(), "every encoder layer's outputs, by layer"));
        type.addMethod(buffers("decoderBuffers", steps.decoder(),
                "every decoder layer's outputs, in the order they run: the last is the reconstruction"));
        type.addMethod(runRows("encodeRows", "input", "activations", steps.encoder(), "encoderWorkspaces"));
        type.addMethod(runRows("decodeRows", "code", "reconstructions", steps.decoder(), "decoderWorkspaces"));
        for (ConvSteps.Step step : steps.all()) {
            type.addMethod(forward(step));
        }
        type.addMethod(ModelParts.checkWidth(spec));
        return Sources.file(spec, type.build());
    }

    private CodeBlock javadoc() {
        String encoder = text(spec.image()) + spec.layers().stream().map(l -> " → " + text(l.image())).collect(Collectors.joining());
        String decoder = text(spec.code().image()) + spec.decoder().stream().map(l -> " → " + text(l.image()))
                .collect(Collectors.joining());
        return CodeBlock.builder()
                .add("The {@link $T} convolutional autoencoder: encoder $L\n", Sources.declaration(spec), encoder)
                .add("(channels × height × width), $L decoder $L, $L loss.\n", spec.mirrored() ? "a mirrored" : "a declared",
                        decoder, lossName())
                .add("\n<p>Images are rows of {@code CHANNELS × HEIGHT × WIDTH} values, channel by channel, row by row\n")
                .add("(PyTorch's NCHW). Weights use PyTorch's layouts: a convolution's are {@code filters × channels × kernel ×\n")
                .add("kernel}, a transposed convolution's {@code inputs × outputs × kernel × kernel}. Inference methods allocate\n")
                .add("their own scratch space, so they may be called from many threads at once, but not while a trainer is\n")
                .add("updating the model.\n")
                .build();
    }

    private static String text(Shape.Image image) {
        return image.channels() + "×" + image.height() + "×" + image.width();
    }

    private String lossName() {
        return spec.loss() == Loss.CROSS_ENTROPY ? "cross-entropy" : "squared-error";
    }

    private void addShapeConstants(TypeSpec.Builder type) {
        Shape.Image image = spec.image();
        type.addField(constant("CHANNELS", image.channels(), "The input image's channels."));
        type.addField(constant("HEIGHT", image.height(), "The input image's height."));
        type.addField(constant("WIDTH", image.width(), "The input image's width."));
        type.addField(FieldSpec.builder(int.class, Names.INPUT, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The number of inputs: {@code CHANNELS × HEIGHT × WIDTH}.\n").initializer("$L", image.size()).build());
        if (spec.paired()) {
            type.addField(constant(ConvSteps.OUTPUT_CHANNELS, spec.target().channels(), "The channels of the predicted image."));
            type.addField(FieldSpec.builder(int.class, ConvSteps.TARGET, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The values of a predicted (target) image: {@code OUTPUT_CHANNELS × HEIGHT × WIDTH}.\n")
                    .initializer("$L", spec.target().size()).build());
        }
        for (ConvSteps.Step step : steps.all()) {
            boolean ownLayer = !(step.decoder() && spec.mirrored());
            if (ownLayer) {
                Shape.Image out = step.layer().image();
                type.addField(FieldSpec.builder(int.class, step.units(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The outputs of {@code $L()}: $L.\n", step.layer().name(), text(out))
                        .initializer("$L", out.size()).build());
                type.addField(FieldSpec.builder(GEOMETRY, step.geometry(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc(geometryDoc(step))
                        .initializer("new $T($L, $L, $L, $L, $L, $L, $L)", GEOMETRY, step.channels(), step.height(), step.width(),
                                step.filters(), step.kernel(), step.stride(), step.padding())
                        .build());
            }
        }
    }

    private CodeBlock geometryDoc(ConvSteps.Step step) {
        if (!step.transposed()) {
            return CodeBlock.of("$L's convolution: $L×$L×$L in, $L out ($L filters, $L)$L.\n", step.layer().name(),
                    step.channels(), step.height(), step.width(), text(step.layer().image()), step.filters(), step.describe(),
                    spec.mirrored() ? "; its mirror in the decoder is the transposed convolution of the same geometry" : "");
        }
        return CodeBlock.of("$L's transposed convolution: $L in, $L out ($L): the transpose of the convolution of\n"
                + "this geometry, which maps the other way.\n", step.layer().name(), text(spec.decoderInput(step.layer())),
                text(step.layer().image()), step.describe());
    }

    private static FieldSpec constant(String name, int value, String doc) {
        return FieldSpec.builder(int.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc + "\n").initializer("$L", value).build();
    }

    private MethodSpec initialize() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("initialize")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(long.class, "seed")
                .addJavadoc("A new model with PyTorch's default initialization: every weight and bias uniform in\n")
                .addJavadoc("±1/√(fan-in), the fan-in being the weights' second dimension times the kernel's area; drawn from\n")
                .addJavadoc("{@code seed}. The same seed gives the same model.\n")
                .addStatement("$T model = new $T()", self, self)
                .addStatement("$T rng = new $T(seed)", RNG, RNG);
        for (ConvSteps.Step step : steps.all()) {
            m.addStatement("initUniform(rng, model.$N, $L)", step.weight(), step.fanIn());
            m.addStatement("initUniform(rng, model.$N, $L)", step.bias(), step.fanIn());
        }
        return m.addStatement("return model").build();
    }

    private MethodSpec initUniform() {
        return MethodSpec.methodBuilder("initUniform")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(RNG, "rng")
                .addParameter(FLOATS, "values")
                .addParameter(int.class, "fanIn")
                .addStatement("float bound = (float) (1 / Math.sqrt(fanIn))")
                .addStatement("rng.fillUniform(values, values.length, -bound, bound)")
                .build();
    }

    private MethodSpec layerView(ConvSteps.Step step) {
        return MethodSpec.methodBuilder(step.layer().name())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.LAYER)
                .addStatement("return new $T($S, $L, $L, $T.$L, $N, $N)", CONV_LAYER, step.layer().name(), step.geometry(),
                        step.transposed(), ACTIVATION, step.activation(), step.weight(), step.bias())
                .build();
    }

    private String code() {
        return Names.constant(spec.code());
    }

    private int lastEncoder() {
        return spec.layers().size() - 1;
    }

    private int lastDecoder() {
        return spec.decoder().size() - 1;
    }

    private MethodSpec encodeOne() {
        return MethodSpec.methodBuilder("encode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(FLOATS)
                .addParameter(FLOATS, "input")
                .addJavadoc("The code of one image of {@code INPUT} values: the outputs of {@code $L()}, $L.\n", spec.code().name(),
                        text(spec.code().image()))
                .addStatement("checkWidth(input.length, $L, $S)", Names.INPUT, "input")
                .addStatement("float[][] activations = encoderBuffers(1)")
                .addStatement("encodeRows(input, 1, encoderWorkspaces(1), activations)")
                .addStatement("return activations[$L]", lastEncoder())
                .build();
    }

    private MethodSpec decodeOne() {
        return MethodSpec.methodBuilder("decode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(FLOATS)
                .addParameter(FLOATS, "code")
                .addJavadoc("The $L from one code of {@code $L} values.\n",
                        spec.paired() ? "predicted image's {@code TARGET} values" : "reconstruction of {@code INPUT} values", code())
                .addStatement("checkWidth(code.length, $L, $S)", code(), "code")
                .addStatement("float[][] reconstructions = decoderBuffers(1)")
                .addStatement("decodeRows(code, 1, decoderWorkspaces(1), reconstructions)")
                .addStatement("return reconstructions[$L]", lastDecoder())
                .build();
    }

    /** The start of a method over {@code data} chunk by chunk: the width check, the chunk's input and workspaces. */
    private MethodSpec.Builder chunked(String name, TypeName returns, String doc) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns)
                .addParameter(DATA_SET, "data")
                .addJavadoc(doc)
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("int chunk = Math.max(1, Math.min(CHUNK, data.rows()))")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("$T[] encoders = encoderWorkspaces(chunk)", CONVOLUTION)
                .addStatement("float[][] activations = encoderBuffers(chunk)");
    }

    private MethodSpec encodeAll() {
        return chunked("encode", DATA_SET, "The codes of every image of {@code data}, one row each, with its labels if it has them.\n")
                .addStatement("float[] codes = new float[data.rows() * $L]", code())
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addStatement("encodeRows(input, rows, encoders, activations)")
                .addStatement("$T.arraycopy(activations[$L], 0, codes, from * $L, rows * $L)", System.class, lastEncoder(), code(),
                        code())
                .endControlFlow()
                .addStatement("return new $T(codes, data.rows(), $L, data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET, code())
                .build();
    }

    private MethodSpec reconstructAll() {
        return chunked("reconstruct", DATA_SET, spec.paired()
                ? "The predicted image ({@code TARGET} values) of every input image of {@code data}, with its labels if it has them.\n"
                : "The reconstructions of every image of {@code data}, with its labels if it has them.\n")
                .addStatement("$T[] decoders = decoderWorkspaces(chunk)", CONVOLUTION)
                .addStatement("float[][] reconstructions = decoderBuffers(chunk)")
                .addStatement("float[] output = new float[data.rows() * $L]", steps.outputSize())
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addStatement("encodeRows(input, rows, encoders, activations)")
                .addStatement("decodeRows(activations[$L], rows, decoders, reconstructions)", lastEncoder())
                .addStatement("$T.arraycopy(reconstructions[$L], 0, output, from * $L, rows * $L)", System.class, lastDecoder(),
                        steps.outputSize(), steps.outputSize())
                .endControlFlow()
                .addStatement("return new $T(output, data.rows(), $L, data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET, steps.outputSize())
                .build();
    }

    private MethodSpec reconstructionErrors() {
        String kernel = spec.loss() == Loss.CROSS_ENTROPY ? "crossEntropyRows" : "squaredErrorRows";
        return ModelParts.reconstructionErrors(
                CodeBlock.of("The model's loss ($L, summed over the inputs) for each image of {@code data}: an anomaly score.\n",
                        lossName()),
                CodeBlock.builder()
                        .addStatement("$T[] encoders = encoderWorkspaces(chunk)", CONVOLUTION)
                        .addStatement("$T[] decoders = decoderWorkspaces(chunk)", CONVOLUTION)
                        .addStatement("float[][] activations = encoderBuffers(chunk)")
                        .addStatement("float[][] reconstructions = decoderBuffers(chunk)")
                        .build(),
                CodeBlock.builder()
                        .addStatement("encodeRows(input, rows, encoders, activations)")
                        .addStatement("decodeRows(activations[$L], rows, decoders, reconstructions)", lastEncoder())
                        .addStatement("OPS.$L(reconstructions[$L], input, rows, $L, errors, from)", kernel, lastDecoder(), Names.INPUT)
                        .build());
    }

    /** A paired model's {@code pair(inputs, targets)}: the rows its trainer and its loss take. */
    private MethodSpec pair() {
        return MethodSpec.methodBuilder("pair")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(DATA_SET)
                .addParameter(DATA_SET, "inputs")
                .addParameter(DATA_SET, "targets")
                .addJavadoc("Each input image ({@code INPUT} values) followed by its target ({@code TARGET} values): the rows the\n")
                .addJavadoc("trainer trains on and {@link #reconstructionErrors} scores.\n")
                .addStatement("checkWidth(inputs.cols(), $L, $S)", Names.INPUT, "inputs")
                .addStatement("checkWidth(targets.cols(), $L, $S)", ConvSteps.TARGET, "targets")
                .addStatement("return $T.of(inputs, targets)", RuntimeTypes.PAIRS)
                .build();
    }

    /** A paired model's loss per pair: its prediction from the input against the target. */
    private MethodSpec pairErrors() {
        String kernel = spec.loss() == Loss.CROSS_ENTROPY ? "crossEntropyRows" : "squaredErrorRows";
        return MethodSpec.methodBuilder("reconstructionErrors")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(double[].class)
                .addParameter(DATA_SET, "data")
                .addJavadoc("The model's loss ($L, summed over the target's values) for each pair of {@code data}, rows of an\n",
                        lossName())
                .addJavadoc("input image and its target side by side (see {@link #pair}): how far each prediction is from its target.\n")
                .addStatement("checkWidth(data.cols(), $L + $L, $S)", Names.INPUT, ConvSteps.TARGET, "pairs of input and target")
                .beginControlFlow("if (data.rows() == 0)")
                .addStatement("throw new $T($S)", IllegalArgumentException.class, "the data set is empty")
                .endControlFlow()
                .addStatement("int chunk = Math.min(CHUNK, data.rows())")
                .addStatement("float[] pairs = new float[chunk * ($L + $L)]", Names.INPUT, ConvSteps.TARGET)
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("float[] target = new float[chunk * $L]", ConvSteps.TARGET)
                .addStatement("$T[] encoders = encoderWorkspaces(chunk)", CONVOLUTION)
                .addStatement("$T[] decoders = decoderWorkspaces(chunk)", CONVOLUTION)
                .addStatement("float[][] activations = encoderBuffers(chunk)")
                .addStatement("float[][] reconstructions = decoderBuffers(chunk)")
                .addStatement("double[] errors = new double[data.rows()]")
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, pairs)")
                .addStatement("$T.split(pairs, rows, $L, $L, input, target)", RuntimeTypes.PAIRS, Names.INPUT, ConvSteps.TARGET)
                .addStatement("encodeRows(input, rows, encoders, activations)")
                .addStatement("decodeRows(activations[$L], rows, decoders, reconstructions)", lastEncoder())
                .addStatement("OPS.$L(reconstructions[$L], target, rows, $L, errors, from)", kernel, lastDecoder(), ConvSteps.TARGET)
                .endControlFlow()
                .addStatement("return errors")
                .build();
    }

    private MethodSpec activations() {
        return ModelParts.activationsStart(
                        "The outputs of encoder layer {@code layer} (from 0) for every image of {@code data}, labels kept.\n")
                .addStatement("checkWidth(data.cols(), $L, $S)", Names.INPUT, "data")
                .addStatement("$T.checkIndex(layer, $L)", java.util.Objects.class, spec.layers().size())
                .addStatement("int[] units = {$L}", spec.layers().stream().map(l -> CodeBlock.of("$L", Names.constant(l)))
                        .collect(CodeBlock.joining(", ")))
                .addStatement("int chunk = Math.max(1, Math.min(CHUNK, data.rows()))")
                .addStatement("float[] input = new float[chunk * $L]", Names.INPUT)
                .addStatement("$T[] encoders = encoderWorkspaces(chunk)", CONVOLUTION)
                .addStatement("float[][] activations = encoderBuffers(chunk)")
                .addStatement("float[] out = new float[data.rows() * units[layer]]")
                .beginControlFlow("for (int from = 0; from < data.rows(); from += chunk)")
                .addStatement("int rows = Math.min(chunk, data.rows() - from)")
                .addStatement("data.copyRows(from, rows, input)")
                .addStatement("encodeRows(input, rows, encoders, activations)")
                .addStatement("$T.arraycopy(activations[layer], 0, out, from * units[layer], rows * units[layer])", System.class)
                .endControlFlow()
                .addStatement("return new $T(out, data.rows(), units[layer], data.hasLabels() ? data.labels() : null, data.classes())",
                        DATA_SET)
                .build();
    }

    private MethodSpec save() {
        String shape = text(spec.image()) + spec.layers().stream().map(l -> "-" + text(l.image())).collect(Collectors.joining());
        return MethodSpec.methodBuilder("save")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(java.nio.file.Path.class, "file")
                .addException(java.io.IOException.class)
                .addJavadoc("Saves the parameters as safetensors, atomically: a crash leaves any previous file whole. The\n")
                .addJavadoc("metadata records the declaration and its hash, the shapes, the provenance, and the versions.\n")
                .addStatement("$T<String, String> metadata = new $T<>(provenance)", Map.class, LinkedHashMap.class)
                .addStatement("metadata.put($S, DECLARATION_HASH)", "aestack.declaration.hash")
                .addStatement("metadata.put($S, $S)", "aestack.layers", shape.replace('×', 'x'))
                .addStatement("metadata.put($S, $S)", "aestack.decoder", spec.mirrored() ? "mirrored" : "declared")
                .addStatement("metadata.put($S, $S)", "aestack.loss", spec.loss().toString())
                .addStatement("$T.write(file, DECLARATION, parameters(), shapes(), metadata)", MODEL_FILE)
                .build();
    }

    private MethodSpec load() {
        return ModelParts.loadStart(self, "", false)
                .addStatement("in.expectTensors(model.parameters().keySet())")
                .addStatement("$T<String, int[]> shapes = shapes()", Map.class)
                .beginControlFlow("for ($T<String, float[]> tensor : model.parameters().entrySet())", Map.Entry.class)
                .addStatement("in.copy(tensor.getKey(), shapes.get(tensor.getKey()), tensor.getValue())")
                .endControlFlow()
                .addCode(ModelParts.provenanceFromFile())
                .addStatement("return model")
                .build();
    }

    private MethodSpec workspaces(String name, List<ConvSteps.Step> list, String what) {
        CodeBlock all = list.stream().map(s -> CodeBlock.of("new $T($L, rows)", CONVOLUTION, s.geometry()))
                .collect(CodeBlock.joining(",\n"));
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ArrayTypeName.of(CONVOLUTION))
                .addParameter(int.class, "rows")
                .addJavadoc("Workspaces for $L over {@code rows} images.\n", what)
                .addCode("return new $T[] {\n$>$L\n$<};\n", CONVOLUTION, all)
                .build();
    }

    private MethodSpec buffers(String name, List<ConvSteps.Step> list, String what) {
        CodeBlock sizes = list.stream().map(s -> CodeBlock.of("new float[rows * $L]", s.units())).collect(CodeBlock.joining(", "));
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(float[][].class)
                .addParameter(int.class, "rows")
                .addJavadoc("Scratch space for {@code rows} images of $L.\n", what)
                .addStatement("return new float[][] {$L}", sizes)
                .build();
    }

    /** Runs {@code list} in order over {@code rows} images: step {@code i} reads step {@code i − 1}'s outputs, or {@code from}. */
    private MethodSpec runRows(String name, String from, String outputs, List<ConvSteps.Step> list, String workspaces) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(FLOATS, from)
                .addParameter(int.class, "rows")
                .addParameter(ArrayTypeName.of(CONVOLUTION), "workspaces")
                .addParameter(float[][].class, outputs)
                .addJavadoc("Writes layer {@code i}'s outputs to {@code $L[i]}, in workspace {@code workspaces[i]} (from\n", outputs)
                .addJavadoc("{@link #$L}).\n", workspaces);
        for (int i = 0; i < list.size(); i++) {
            m.addStatement("$N(workspaces[$L], $L, rows, $N[$L])", list.get(i).forward(), i,
                    i == 0 ? CodeBlock.of("$N", from) : CodeBlock.of("$N[$L]", outputs, i - 1), outputs, i);
        }
        return m.build();
    }

    private MethodSpec forward(ConvSteps.Step step) {
        String weight = step.weight();
        MethodSpec.Builder m = MethodSpec.methodBuilder(step.forward())
                .addParameter(CONVOLUTION, "convolution")
                .addParameter(FLOATS, "input")
                .addParameter(int.class, "rows")
                .addParameter(FLOATS, "output");
        String label = step.decoder() && spec.mirrored() ? step.layer().name() + "'s mirror in the decoder" : step.layer().name();
        String product = step.transposed() ? "Wᵀ ∗ input + b" : "W ∗ input + b";
        String activation = ModelWriter.activationName(step.activation());
        m.addJavadoc("$L over {@code rows} images: {@code output = $L}, the $Lconvolution, in\n", label,
                activation.isEmpty() ? product : activation + "(" + product + ")", step.transposed() ? "transposed " : "");
        m.addJavadoc("{@code convolution}, a workspace of {@link #$L}.\n", step.geometry());
        m.addStatement(step.transposed() ? "convolution.transposedForward(input, rows, $N, $N, output)"
                : "convolution.forward(input, rows, $N, $N, output)", weight, step.bias());
        if (step.activation() != org.aestack.dsl.Activation.LINEAR) {
            m.addStatement("$T.activate($T.$L, output, rows * $L)", CONVOLUTION, ACTIVATION, step.activation(), step.units());
        }
        return m.build();
    }
}
