package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Connection of the operator's Jobs to the target database, through a Secret of the same namespace. */
public class DatabaseSpec {
    @Required
    public SecretRef secretRef;

    /** The Secret and, where they differ from the defaults, the names of its keys. */
    public static class SecretRef {
        /** A Secret's name: a DNS subdomain. */
        static final String NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
        /** What a Secret's data key may hold (empty: the default key); anything else could never be a secretKeyRef. */
        static final String KEY = "^[-._a-zA-Z0-9]*$";

        @Required
        @Size(min = 1, max = 253)
        @Pattern(NAME)
        public String name;
        /** Key holding a JDBC URL; when the Secret has none, host, port and database are used. */
        @Size(max = 253)
        @Pattern(KEY)
        public String jdbcUrlKey;
        @Size(max = 253)
        @Pattern(KEY)
        public String hostKey;
        @Size(max = 253)
        @Pattern(KEY)
        public String portKey;
        @Size(max = 253)
        @Pattern(KEY)
        public String databaseKey;
        @Size(max = 253)
        @Pattern(KEY)
        public String usernameKey;
        @Size(max = 253)
        @Pattern(KEY)
        public String passwordKey;
    }
}
