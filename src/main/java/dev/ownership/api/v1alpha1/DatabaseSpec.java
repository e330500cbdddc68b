package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** Connection of the operator's Jobs to the target database, through a Secret of the same namespace. */
public class DatabaseSpec {
    @Required
    public SecretRef secretRef;

    /** The Secret and, where they differ from the defaults, the names of its keys. */
    public static class SecretRef {
        @Required
        public String name;
        /** Key holding a JDBC URL; when the Secret has none, host, port and database are used. */
        public String jdbcUrlKey;
        public String hostKey;
        public String portKey;
        public String databaseKey;
        public String usernameKey;
        public String passwordKey;
    }
}
