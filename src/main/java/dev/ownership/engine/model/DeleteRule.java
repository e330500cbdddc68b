package dev.ownership.engine.model;

/** ON DELETE rule of the owner foreign key, with its SQL and its pg_constraint.confdeltype code. */
public enum DeleteRule {
    CASCADE("CASCADE", 'c'), SET_NULL("SET NULL", 'n'), RESTRICT("RESTRICT", 'r'), NO_ACTION("NO ACTION", 'a');

    public final String sql;
    public final char catalogCode;

    DeleteRule(String sql, char catalogCode) {
        this.sql = sql;
        this.catalogCode = catalogCode;
    }

    public static DeleteRule fromCatalog(char code) {
        for (DeleteRule r : values()) {
            if (r.catalogCode == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown confdeltype " + code);
    }
}
