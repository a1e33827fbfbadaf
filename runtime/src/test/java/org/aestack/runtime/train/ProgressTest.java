package org.aestack.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;

    private String run(boolean interactive) {
        var progress = new Progress.ConsoleProgress(out, interactive, () -> now);
        progress.phaseStarted("fine-tune", 2, 4, 400);
        for (int b = 1; b <= 4; b++) {
            now += 500_000_000L; // half a second a batch
            progress.batchFinished("fine-tune", 1, b, 4, 10.0 * b);
        }
        progress.epochFinished(new EpochRecord("fine-tune", 1, 2, 25.0, 400, 2.0));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalSeesABarRedrawnInPlaceThenTheEpochSummary() {
        String text = run(true);
        assertTrue(text.contains("\rfine-tune epoch 1  [" + "=".repeat(12) + " ".repeat(12) + "]  50%  loss 15.0000"), text);
        assertTrue(text.contains("200 samples/s  ETA 1s"), text);
        assertTrue(text.endsWith("\rfine-tune epoch 1/2  loss 25.0000  200 samples/s  2.0s" + System.lineSeparator()), text);
    }

    @Test
    void aLogSeesOnlyOneLinePerEpoch() {
        assertEquals("fine-tune epoch 1/2  loss 25.0000  200 samples/s  2.0s" + System.lineSeparator(), run(false));
    }
}
