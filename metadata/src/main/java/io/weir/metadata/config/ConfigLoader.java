package io.weir.metadata.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads raw configuration: a {@link Properties} file (the format of Kafka's {@code
 * server.properties}: {@code key=value} lines, {@code #} comments, ISO-8859-1 with {@code \\u}
 * escapes) plus {@code key=value} overrides that win over the file. Keys and values are trimmed.
 * Stateless and thread-safe.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * The raw key-value pairs from an optional file and overrides, overrides winning.
     *
     * @throws ConfigException if the file can not be read or an override is not {@code key=value}
     */
    public static Map<String, String> load(Optional<Path> file, List<String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        file.ifPresent(path -> raw.putAll(read(path)));
        for (String override : overrides) {
            Map.Entry<String, String> entry = parseOverride(override);
            raw.put(entry.getKey(), entry.getValue());
        }
        return raw;
    }

    /** The trimmed key-value pairs of a properties object. */
    public static Map<String, String> fromProperties(Properties properties) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            raw.put(name.trim(), properties.getProperty(name).trim());
        }
        return raw;
    }

    /**
     * Splits {@code key=value} at the first {@code =}; the value may be empty.
     *
     * @throws ConfigException if there is no {@code =} or the key is empty
     */
    public static Map.Entry<String, String> parseOverride(String override) {
        int equals = override.indexOf('=');
        if (equals <= 0 || override.substring(0, equals).isBlank()) {
            throw new ConfigException("Invalid override '" + override + "': expected key=value");
        }
        return Map.entry(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
    }

    private static Map<String, String> read(Path path) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Cannot read config file " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException("Cannot read config file " + path + ": permission denied");
        } catch (IOException | IllegalArgumentException e) {
            String reason = Files.isDirectory(path) ? "it is a directory" : String.valueOf(e.getMessage());
            throw new ConfigException("Cannot read config file " + path + ": " + reason);
        }
        return fromProperties(properties);
    }
}
