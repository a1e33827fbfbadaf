package org.aestack.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import org.aestack.processor.model.ModelSpec;

/** What every generated source shares: the {@code @Generated} mark, the declaration's name, the file layout. */
final class Sources {
    private Sources() {}

    static ClassName declaration(ModelSpec spec) {
        var names = spec.simpleNames();
        return ClassName.get(spec.packageName(), names.get(0),
                names.subList(1, names.size()).toArray(new String[0]));
    }

    /** The first 16 hex digits of the SHA-256 of everything the IR says about the declaration. */
    static String hash(ModelSpec spec) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(described(spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /**
     * The IR as text, without the Boltzmann settings other kinds leave null: the hashes of models
     * declared before deep Boltzmann machines existed stay what they were, and their files load.
     */
    private static String described(ModelSpec spec) {
        String text = spec.toString();
        return spec.boltzmann() == null ? text.replace(", boltzmann=null]", "]") : text;
    }

    static AnnotationSpec generated(ModelSpec spec) {
        String from = spec.packageName().isEmpty() ? spec.sourceName() : spec.packageName() + "." + spec.sourceName();
        return AnnotationSpec.builder(RuntimeTypes.GENERATED)
                .addMember("value", "$S", RuntimeTypes.PROCESSOR)
                .addMember("comments", "$S", "from " + from)
                .build();
    }

    static JavaFile file(ModelSpec spec, TypeSpec type) {
        return JavaFile.builder(spec.packageName(), type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /** A file that imports the model's shape constants ({@code INPUT}, {@code HIDDEN1}, …) statically. */
    static JavaFile fileWithShapes(ModelSpec spec, TypeSpec type) {
        List<String> constants = new ArrayList<>();
        constants.add(Names.INPUT);
        spec.layers().forEach(layer -> constants.add(Names.constant(layer)));
        if (spec.supervised() != null) {
            constants.add(Names.CLASSES);
        }
        return JavaFile.builder(spec.packageName(), type)
                .addStaticImport(ClassName.get(spec.packageName(), spec.modelClassName()), constants.toArray(new String[0]))
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }
}
