package org.aestack.processor.emit;

import com.palantir.javapoet.JavaFile;
import java.util.List;
import org.aestack.processor.model.ModelSpec;

/**
 * Writes the generated sources for one validated model: a pure function of the {@link ModelSpec},
 * which never looks at elements.
 */
public final class Emitter {
    private Emitter() {}

    /** The {@code <Name>Model} and {@code <Name>Trainer} sources for {@code spec}. */
    public static List<JavaFile> emit(ModelSpec spec) {
        if (spec.boltzmannMachine()) {
            return List.of(new BoltzmannModelWriter(spec).write(), new BoltzmannTrainerWriter(spec).write());
        }
        return List.of(new ModelWriter(spec).write(), new TrainerWriter(spec).write());
    }
}
