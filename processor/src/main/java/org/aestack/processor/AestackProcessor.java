package org.aestack.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaFileObject;
import org.aestack.processor.emit.Emitter;
import org.aestack.processor.emit.MemberClashes;
import org.aestack.processor.model.ModelSpec;

/**
 * The aestack annotation processor: for every type with a model annotation, <b>read</b> the
 * annotations ({@link DeclarationReader}), <b>validate</b> them into a {@link ModelSpec}
 * ({@link Validator}), and, only when that found nothing wrong, <b>emit</b> the model and trainer
 * ({@link Emitter}). User mistakes are compile errors on the element at fault; the processor never
 * throws them.
 */
@AutoService(Processor.class)
public final class AestackProcessor extends AbstractProcessor {
    /** What turns a valid model into source files: {@link Emitter#emit}, or a stand-in in the tests of the error path. */
    private final Function<ModelSpec, List<JavaFile>> emitter;

    /** The processor javac loads. */
    public AestackProcessor() {
        this(Emitter::emit);
    }

    /** A processor with another emitter, for tests: one that throws shows how a failure inside the processor is reported. */
    AestackProcessor(Function<ModelSpec, List<JavaFile>> emitter) {
        this.emitter = emitter;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> types = new LinkedHashSet<>(DeclarationReader.KINDS);
        types.addAll(DeclarationReader.LAYERS);
        types.add(DeclarationReader.PRETRAIN);
        types.add(DeclarationReader.FINE_TUNE);
        types.add(DeclarationReader.SUPERVISED);
        types.add(DeclarationReader.JOINT_TRAINING);
        types.addAll(DeclarationReader.REGULARIZERS);
        types.add(DeclarationReader.MODALITY);
        return types;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Reporter reporter = new Reporter(processingEnv.getMessager());
        DeclarationReader reader = new DeclarationReader(processingEnv.getElementUtils());
        Set<TypeElement> models = new LinkedHashSet<>();
        for (TypeElement annotation : annotations) {
            String name = annotation.getQualifiedName().toString();
            if (DeclarationReader.KINDS.contains(name)) {
                for (Element e : round.getElementsAnnotatedWith(annotation)) {
                    models.add((TypeElement) e);
                }
            }
        }
        for (TypeElement model : models) {
            try {
                Declaration declaration = reader.read(model);
                Optional<ModelSpec> spec = new Validator(reporter).validate(declaration);
                if (spec.isPresent()) {
                    List<JavaFile> files = emitter.apply(spec.get());
                    if (!clashes(spec.get(), files, declaration, reporter)) {
                        write(files, model, reporter);
                    }
                }
            } catch (RuntimeException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                reporter.error(Message.INTERNAL_ERROR, model, model.getQualifiedName(), trace);
            }
        }
        reportStrayAnnotations(annotations, round, reporter);
        return false;
    }

    /**
     * Reports each layer whose name makes the generated code declare a member twice (read off the
     * emitted types and the compiler's view of their supertypes); true if there was one.
     */
    private boolean clashes(ModelSpec spec, List<JavaFile> files, Declaration declaration, Reporter reporter) {
        List<MemberClashes.Clash> clashes = MemberClashes.find(spec, files, this::methodSignatures);
        // one error per layer and generated type, naming every member it doubles
        Map<String, Map<String, Set<String>>> byLayer = new TreeMap<>();
        for (MemberClashes.Clash clash : clashes) {
            byLayer.computeIfAbsent(clash.layer().name(), k -> new TreeMap<>())
                    .computeIfAbsent(clash.type(), k -> new TreeSet<>()).add(clash.member());
        }
        // a multimodal pathway's layers are nodes named by modality and method: imageLow is Image.low()
        Map<String, ExecutableElement> methods = new TreeMap<>();
        declaration.layers().forEach(l -> methods.put(l.name(), l.method()));
        for (Declaration.ModalityType modality : declaration.modalities()) {
            for (Declaration.LayerMethod l : modality.layers()) {
                methods.put(modality.name() + Character.toUpperCase(l.name().charAt(0)) + l.name().substring(1), l.method());
            }
        }
        byLayer.forEach((layer, types) -> {
            ExecutableElement method = methods.get(layer);
            Element at = method != null ? method : declaration.type();
            String name = method != null ? method.getSimpleName().toString() : layer;
            types.forEach((type, members) -> reporter.error(Message.RESERVED_NAME, at, name, type, String.join(", ", members)));
        });
        return !clashes.isEmpty();
    }

    /** The signatures {@code name(ParamType, …)} of every method the named type has, declared or inherited. */
    private Set<String> methodSignatures(String qualifiedName) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(qualifiedName);
        if (type == null) {
            return Set.of();
        }
        Set<String> signatures = new LinkedHashSet<>();
        for (ExecutableElement m : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(type))) {
            if (m.getReturnType().toString().equals(Validator.LAYER_TYPE)) {
                continue; // the declaration's own layer methods, which the generated model implements
            }
            signatures.add(m.getSimpleName() + m.getParameters().stream()
                    .map(p -> processingEnv.getTypeUtils().erasure(p.asType()).toString())
                    .collect(Collectors.joining(", ", "(", ")")));
        }
        return signatures;
    }

    private void write(List<JavaFile> files, TypeElement origin, Reporter reporter) {
        for (JavaFile file : files) {
            String name = file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
            try {
                // Named with its originating element, so incremental builds know where it came from.
                JavaFileObject source = processingEnv.getFiler().createSourceFile(name, origin);
                try (Writer out = source.openWriter()) {
                    file.writeTo(out);
                }
            } catch (IOException e) {
                reporter.error(Message.CANNOT_WRITE, origin, name, e.getMessage());
            }
        }
    }

    /**
     * Layer and training annotations on types that have no model annotation (a {@code @Modality}
     * pathway inside a model counts as the model), and {@code @Modality} outside any model.
     */
    private void reportStrayAnnotations(Set<? extends TypeElement> annotations, RoundEnvironment round, Reporter reporter) {
        for (TypeElement annotation : annotations) {
            String name = annotation.getQualifiedName().toString();
            if (name.equals(DeclarationReader.MODALITY)) {
                for (Element e : round.getElementsAnnotatedWith(annotation)) {
                    if (!hasModelKind(e.getEnclosingElement())) {
                        var mirror = e.getAnnotationMirrors().stream()
                                .filter(m -> DeclarationReader.qualifiedName(m).equals(name)).findFirst().orElse(null);
                        reporter.error(Message.MODALITY_OUTSIDE, e, mirror, e.getSimpleName());
                    }
                }
                continue;
            }
            boolean layer = DeclarationReader.LAYERS.contains(name);
            boolean training = name.equals(DeclarationReader.PRETRAIN) || name.equals(DeclarationReader.FINE_TUNE)
                    || name.equals(DeclarationReader.SUPERVISED) || name.equals(DeclarationReader.JOINT_TRAINING)
                    || DeclarationReader.REGULARIZERS.contains(name);
            if (!layer && !training) {
                continue;
            }
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                boolean onMethod = e.getKind() == javax.lang.model.element.ElementKind.METHOD;
                Element type = onMethod ? e.getEnclosingElement() : e;
                if (hasModelKind(type) || isModality(type) && hasModelKind(type.getEnclosingElement())) {
                    continue;
                }
                var mirror = e.getAnnotationMirrors().stream()
                        .filter(m -> DeclarationReader.qualifiedName(m).equals(name)).findFirst().orElse(null);
                String simple = annotation.getSimpleName().toString();
                if (onMethod) {
                    reporter.error(Message.LAYER_OUTSIDE_MODEL, e, mirror, simple, e.getSimpleName() + "()", type.getSimpleName());
                } else {
                    reporter.error(Message.TRAINING_OUTSIDE_MODEL, e, mirror, simple, e.getSimpleName(), simple);
                }
            }
        }
    }

    private static boolean isModality(Element type) {
        return type.getAnnotationMirrors().stream()
                .anyMatch(m -> DeclarationReader.qualifiedName(m).equals(DeclarationReader.MODALITY));
    }

    private static boolean hasModelKind(Element type) {
        return type.getAnnotationMirrors().stream()
                .anyMatch(m -> DeclarationReader.KINDS.contains(DeclarationReader.qualifiedName(m)));
    }
}
