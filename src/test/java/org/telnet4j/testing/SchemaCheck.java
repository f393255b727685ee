package org.telnet4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed JSON document against the part of JSON Schema (2020-12) that telnet4j's committed
 * schemas use: type (one or a list), const, enum, pattern, required, properties,
 * additionalProperties (false or a schema), items, maxItems, minimum, maximum and local $ref.
 * Anything else in a schema is ignored. Returns every violation, with its JSON path.
 */
public final class SchemaCheck {
    private final Map<String, Object> root;
    private final List<String> errors = new ArrayList<>();

    private SchemaCheck(Map<String, Object> root) {
        this.root = root;
    }

    /** The violations of {@code doc} against the schema in {@code schemaFile}; empty when it is valid. */
    @SuppressWarnings("unchecked")
    public static List<String> check(Path schemaFile, Object doc) throws IOException {
        Map<String, Object> schema = (Map<String, Object>) MiniJson.parse(Files.readString(schemaFile));
        SchemaCheck c = new SchemaCheck(schema);
        c.validate(schema, doc, "$");
        return c.errors;
    }

    @SuppressWarnings("unchecked")
    private void validate(Map<String, Object> s, Object v, String at) {
        if (s.containsKey("$ref")) {
            String ref = (String) s.get("$ref");
            Object target = root;
            for (String part : ref.substring(2).split("/")) {
                target = ((Map<String, Object>) target).get(part);
            }
            validate((Map<String, Object>) target, v, at);
        }
        if (s.containsKey("type")) {
            Object t = s.get("type");
            List<Object> types = t instanceof List<?> l ? (List<Object>) l : List.of(t);
            if (types.stream().noneMatch(x -> is((String) x, v))) {
                errors.add(at + ": expected " + types + ", got " + describe(v));
                return;
            }
        }
        if (s.containsKey("const") && !same(s.get("const"), v)) {
            errors.add(at + ": expected " + s.get("const") + ", got " + v);
        }
        if (s.containsKey("enum") && ((List<Object>) s.get("enum")).stream().noneMatch(x -> same(x, v))) {
            errors.add(at + ": " + v + " is not one of " + s.get("enum"));
        }
        if (s.containsKey("pattern") && v instanceof String str
            && !java.util.regex.Pattern.compile((String) s.get("pattern")).matcher(str).find()) {
            errors.add(at + ": \"" + str + "\" does not match " + s.get("pattern"));
        }
        if (v instanceof Number n) {
            if (s.containsKey("minimum") && n.doubleValue() < ((Number) s.get("minimum")).doubleValue()) {
                errors.add(at + ": " + n + " below the minimum " + s.get("minimum"));
            }
            if (s.containsKey("maximum") && n.doubleValue() > ((Number) s.get("maximum")).doubleValue()) {
                errors.add(at + ": " + n + " above the maximum " + s.get("maximum"));
            }
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> obj = (Map<String, Object>) m;
            for (Object k : (List<Object>) s.getOrDefault("required", List.of())) {
                if (!obj.containsKey(k)) {
                    errors.add(at + ": missing " + k);
                }
            }
            Map<String, Object> props = (Map<String, Object>) s.getOrDefault("properties", Map.of());
            Object extra = s.get("additionalProperties");
            for (Map.Entry<String, Object> e : obj.entrySet()) {
                Object ps = props.get(e.getKey());
                if (ps != null) {
                    validate((Map<String, Object>) ps, e.getValue(), at + "." + e.getKey());
                } else if (Boolean.FALSE.equals(extra)) {
                    errors.add(at + ": unexpected key " + e.getKey());
                } else if (extra instanceof Map<?, ?> es) {
                    validate((Map<String, Object>) es, e.getValue(), at + "." + e.getKey());
                }
            }
        }
        if (v instanceof List<?> l) {
            if (s.containsKey("maxItems") && l.size() > ((Number) s.get("maxItems")).intValue()) {
                errors.add(at + ": " + l.size() + " items, more than " + s.get("maxItems"));
            }
            if (s.get("items") instanceof Map<?, ?> is) {
                for (int i = 0; i < l.size(); i++) {
                    validate((Map<String, Object>) is, l.get(i), at + "[" + i + "]");
                }
            }
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return java.util.Objects.equals(a, b);
    }

    private static boolean is(String type, Object v) {
        return switch (type) {
            case "object" -> v instanceof Map;
            case "array" -> v instanceof List;
            case "string" -> v instanceof String;
            case "boolean" -> v instanceof Boolean;
            case "null" -> v == null;
            case "number" -> v instanceof Number;
            case "integer" -> v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            default -> false;
        };
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }
}
