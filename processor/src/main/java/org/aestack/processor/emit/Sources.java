package org.aestack.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import org.aestack.processor.model.BoltzmannMachineSpec;
import org.aestack.processor.model.ConvAutoencoderSpec;
import org.aestack.processor.model.ModelSpec;
import org.aestack.processor.model.Unrolled;

/** What every generated source shares: the {@code @Generated} mark, the declaration's name, the file layout. */
final class Sources {
    private Sources() {}

    static ClassName declaration(ModelSpec spec) {
        var names = spec.simpleNames();
        return ClassName.get(spec.packageName(), names.get(0),
                names.subList(1, names.size()).toArray(new String[0]));
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
        spec.core().sources().keySet().forEach(modality -> constants.add(Names.modalityInput(modality)));
        if (spec instanceof org.aestack.processor.model.MultimodalSpec m) {
            m.modalities().stream().filter(modality -> modality.length() > 0)
                    .forEach(modality -> constants.add(Names.modalityLength(modality.name())));
        }
        spec.layers().forEach(layer -> constants.add(Names.constant(layer)));
        if (spec instanceof ConvAutoencoderSpec c && !c.mirrored()) {
            c.decoder().forEach(layer -> constants.add(Names.constant(layer)));
            if (c.paired()) {
                constants.add(ConvSteps.TARGET);
            }
        }
        boolean classes = spec instanceof Unrolled u ? u.supervised() != null
                : spec instanceof BoltzmannMachineSpec m && m.supervised() != null;
        if (classes) {
            constants.add(Names.CLASSES);
        }
        return JavaFile.builder(spec.packageName(), type)
                .addStaticImport(ClassName.get(spec.packageName(), spec.modelClassName()), constants.toArray(new String[0]))
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }
}
