package dev.ownership.engine.sql;

/**
 * Quoting for the few places where names and values must be written into SQL text (DDL takes no bind
 * parameters). Every name is always quoted, so mixed case, spaces and keywords work. Literals assume
 * standard_conforming_strings, which every session of the engine sets.
 */
public final class Sql {
    private Sql() {
    }

    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A dollar-quoting tag that does not occur in the body it quotes. */
    public static String dollarTag(String body) {
        String tag = "$body$";
        for (int i = 0; body.contains(tag); i++) {
            tag = "$body" + i + "$";
        }
        return tag;
    }
}
