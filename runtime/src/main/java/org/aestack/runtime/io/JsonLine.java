package org.aestack.runtime.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One JSON object on one line, for scripts: strings, numbers, booleans, and nested objects of them. */
public final class JsonLine {
    private final Map<String, String> fields = new LinkedHashMap<>();

    public JsonLine put(String key, String value) {
        fields.put(key, Json.quote(value));
        return this;
    }

    public JsonLine put(String key, double value) {
        fields.put(key, Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null");
        return this;
    }

    public JsonLine put(String key, long value) {
        fields.put(key, Long.toString(value));
        return this;
    }

    public JsonLine put(String key, JsonLine value) {
        fields.put(key, value.toString());
        return this;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (var e : fields.entrySet()) {
            out.append(out.length() > 1 ? "," : "").append(Json.quote(e.getKey())).append(':').append(e.getValue());
        }
        return out.append('}').toString();
    }
}
