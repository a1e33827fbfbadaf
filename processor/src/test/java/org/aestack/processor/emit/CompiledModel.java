package org.aestack.processor.emit;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.aestack.processor.model.ModelSpec;

/**
 * Compiles a declaration and the sources the emitter writes for it, and loads the classes, so
 * tests can run the generated model and trainer.
 */
final class CompiledModel {
    final Class<?> modelClass;
    final Class<?> trainerClass;
    final List<String> sources = new ArrayList<>();

    private CompiledModel(Class<?> modelClass, Class<?> trainerClass) {
        this.modelClass = modelClass;
        this.trainerClass = trainerClass;
    }

    static CompiledModel compile(ModelSpec spec, String declarationSource) {
        String prefix = spec.packageName().isEmpty() ? "" : spec.packageName() + ".";
        List<JavaFileObject> files = new ArrayList<>();
        files.add(JavaFileObjects.forSourceString(prefix + spec.simpleNames().get(0), declarationSource));
        List<String> texts = new ArrayList<>();
        for (JavaFile file : Emitter.emit(spec)) {
            texts.add(file.toString());
            files.add(file.toJavaFileObject());
        }
        Compilation compilation = javac().withOptions("-Xlint:all", "-Werror").compile(files);
        assertThat(compilation.errors()).isEmpty();
        ClassLoader loader = new MemoryClassLoader(compilation, CompiledModel.class.getClassLoader());
        try {
            CompiledModel compiled = new CompiledModel(
                    loader.loadClass(prefix + spec.modelClassName()),
                    loader.loadClass(prefix + spec.trainerClassName()));
            compiled.sources.addAll(texts);
            return compiled;
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Compiles the declaration {@code qualifiedName} with the annotation processor, as a user's build
     * does, and loads the model and trainer it generated; fails on any diagnostic.
     */
    static CompiledModel process(String qualifiedName, String declarationSource) {
        Compilation compilation = javac().withOptions("-Xlint:all,-processing", "-Werror")
                .withProcessors(new org.aestack.processor.AestackProcessor())
                .compile(JavaFileObjects.forSourceString(qualifiedName, declarationSource));
        assertThat(compilation.diagnostics().stream().map(d -> d.getMessage(java.util.Locale.ROOT)).toList()).isEmpty();
        ClassLoader loader = new MemoryClassLoader(compilation, CompiledModel.class.getClassLoader());
        String stem = qualifiedName.replace('.', '/');
        try {
            CompiledModel compiled = new CompiledModel(loader.loadClass(qualifiedName + "Model"),
                    loader.loadClass(qualifiedName + "Trainer"));
            for (JavaFileObject file : compilation.generatedSourceFiles()) {
                if (file.toUri().getPath().contains(stem)) {
                    compiled.sources.add(file.getCharContent(true).toString());
                }
            }
            return compiled;
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object initialize(long seed) {
        return invokeStatic(modelClass, "initialize", new Class<?>[] {long.class}, seed);
    }

    Object trainer(Object model) {
        return invokeStatic(trainerClass, "of", new Class<?>[] {modelClass}, model);
    }

    static Object invokeStatic(Class<?> type, String name, Class<?>[] parameterTypes, Object... args) {
        return invoke(type, null, name, parameterTypes, args);
    }

    static Object call(Object target, String name, Class<?>[] parameterTypes, Object... args) {
        return invoke(target.getClass(), target, name, parameterTypes, args);
    }

    private static Object invoke(Class<?> type, Object target, String name, Class<?>[] parameterTypes, Object... args) {
        try {
            Method method = type.getMethod(name, parameterTypes);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, float[]> map(Object value) {
        return (Map<String, float[]>) value;
    }

    /** Loads the class files of a compilation from memory. */
    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, JavaFileObject> classes = new HashMap<>();

        MemoryClassLoader(Compilation compilation, ClassLoader parent) {
            super(parent);
            for (JavaFileObject file : compilation.generatedFiles()) {
                if (file.getKind() == JavaFileObject.Kind.CLASS) {
                    String path = file.toUri().getPath();
                    String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                            path.length() - ".class".length()).replace('/', '.');
                    classes.put(name, file);
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JavaFileObject file = classes.get(name);
            if (file == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = file.openInputStream()) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
