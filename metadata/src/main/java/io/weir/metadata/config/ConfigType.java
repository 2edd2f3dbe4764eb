package io.weir.metadata.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The type of a configuration key, and how a text value becomes a Java value of that type.
 *
 * <p>Parsed values are {@link Boolean}, {@link Short}, {@link Integer}, {@link Long}, {@link
 * Double}, {@link String}, {@code List<String>} (comma-separated, entries trimmed, empty entries
 * dropped) and {@link Password}.
 */
public enum ConfigType {
    BOOLEAN,
    SHORT,
    INT,
    LONG,
    DOUBLE,
    STRING,
    LIST,
    PASSWORD;

    /**
     * Parses an already trimmed text value.
     *
     * @throws IllegalArgumentException with a short reason ("not an integer") if the text is not a
     *     value of this type
     */
    public Object parse(String text) {
        return switch (this) {
            case BOOLEAN -> parseBoolean(text);
            case SHORT -> parseWhole(text, Short.MIN_VALUE, Short.MAX_VALUE).shortValue();
            case INT -> parseWhole(text, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
            case LONG -> parseWhole(text, Long.MIN_VALUE, Long.MAX_VALUE);
            case DOUBLE -> parseDouble(text);
            case STRING -> text;
            case LIST -> parseList(text);
            case PASSWORD -> new Password(text);
        };
    }

    /** Formats a parsed value back into the text a properties file would hold. */
    public String format(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** The lower-case name used in documentation ("int", "list"). */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean (expected true or false)");
    }

    private static Long parseWhole(String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range (" + min + " to " + max + ")");
        }
        return value;
    }

    private static Double parseDouble(String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    private static List<String> parseList(String text) {
        return Arrays.stream(text.split(",", -1))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }
}
