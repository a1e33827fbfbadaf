package org.aestack.runtime.train;

/**
 * One epoch of one phase: its mean per-sample training loss (on the inputs as trained on), the
 * samples it saw and the wall time it took.
 */
public record EpochRecord(String phase, int epoch, int epochs, double meanLoss, int samples, double seconds) {
    /** Training samples per second of wall time. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.NaN;
    }

    /** Epoch records as one line of text, for model-file metadata; {@link #decode} reads it back. */
    public static String encode(java.util.List<EpochRecord> records) {
        StringBuilder out = new StringBuilder();
        for (EpochRecord r : records) {
            out.append(out.length() == 0 ? "" : ";").append(r.phase().replace(';', ',').replace('|', '/')).append('|')
                    .append(r.epoch()).append('|').append(r.epochs()).append('|').append(r.meanLoss()).append('|')
                    .append(r.samples()).append('|').append(r.seconds());
        }
        return out.toString();
    }

    /** The records {@link #encode} wrote. @throws IllegalArgumentException if the text is not such a line */
    public static java.util.List<EpochRecord> decode(String text) {
        java.util.List<EpochRecord> records = new java.util.ArrayList<>();
        if (text == null || text.isEmpty()) {
            return records;
        }
        try {
            for (String record : text.split(";")) {
                String[] f = record.split("\\|");
                records.add(new EpochRecord(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]), Integer.parseInt(f[4]), Double.parseDouble(f[5])));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a training history: " + e.getMessage());
        }
        return records;
    }
}
