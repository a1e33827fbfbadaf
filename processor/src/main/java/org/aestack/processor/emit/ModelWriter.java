package org.aestack.processor.emit;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.aestack.processor.model.ModelSpec;

final class ModelWriter {
    private final ModelSpec spec;

    ModelWriter(ModelSpec spec) {
        this.spec = spec;
    }

    JavaFile write() {
        String name = "ModelWriter".equals("ModelWriter") ? spec.modelClassName() : spec.trainerClassName();
        return JavaFile.builder(spec.packageName(), TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL).build()).build();
    }
}
