package org.aestack.runtime.data;

import java.io.IOException;

/** A data file that is not what it should be: the message names the file and what is wrong. */
public final class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }
}
