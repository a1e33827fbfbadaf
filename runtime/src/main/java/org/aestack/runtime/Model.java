package org.aestack.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every generated model offers whatever its kind: its parameters, how they came to be, and
 * saving. Tools that train or ship any model (Spark's data-parallel training) work on this.
 */
public interface Model {
    /** Every parameter tensor by its name in model files, live. */
    Map<String, float[]> parameters();

    /** How the parameters came to be: seed, settings, data fingerprint, history; saved with the model. */
    Map<String, String> provenance();

    /**
     * Records how the parameters came to be under {@code key}, saved in the model file's metadata
     * (a trainer records {@code train.*}; a tool that trained the model elsewhere adds its own).
     */
    void recordProvenance(String key, String value);

    /** Saves the model as safetensors, atomically. */
    void save(Path file) throws IOException;
}
