package org.aestack.runtime.io;

import java.io.IOException;

/** A model file that cannot be loaded: the message names the file and what is wrong with it. */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
