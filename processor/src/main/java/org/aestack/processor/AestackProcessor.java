package org.aestack.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.aestack.processor.emit.Emitter;
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
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> types = new LinkedHashSet<>(DeclarationReader.KINDS);
        types.addAll(DeclarationReader.LAYERS);
        types.add(DeclarationReader.PRETRAIN);
        types.add(DeclarationReader.FINE_TUNE);
        types.add(DeclarationReader.SUPERVISED);
        types.add(DeclarationReader.JOINT_TRAINING);
        types.addAll(DeclarationReader.REGULARIZERS);
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
                Optional<ModelSpec> spec = new Validator(reporter).validate(reader.read(model));
                spec.ifPresent(s -> write(s, model, reporter));
            } catch (RuntimeException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                reporter.error(Message.INTERNAL_ERROR, model, model.getQualifiedName(), trace);
            }
        }
        reportStrayAnnotations(annotations, round, reporter);
        return false;
    }

    private void write(ModelSpec spec, TypeElement origin, Reporter reporter) {
        for (JavaFile file : Emitter.emit(spec)) {
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

    /** Layer and training annotations on types that have no model annotation. */
    private void reportStrayAnnotations(Set<? extends TypeElement> annotations, RoundEnvironment round, Reporter reporter) {
        for (TypeElement annotation : annotations) {
            String name = annotation.getQualifiedName().toString();
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
                if (hasModelKind(type)) {
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

    private static boolean hasModelKind(Element type) {
        return type.getAnnotationMirrors().stream()
                .anyMatch(m -> DeclarationReader.KINDS.contains(DeclarationReader.qualifiedName(m)));
    }
}
