package dev.ownership.engine;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresUrlTest {
    @Test
    void credentialsAreTakenOutOfEveryFormPeoplePaste() {
        PostgresUrl url = PostgresUrl.parse("postgres://app:p%40ss+w@db.internal:6543/my%20app?sslmode=require").orElseThrow();
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/my%20app?sslmode=require");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("p@ss+w");
        assertThat(url.display()).isEqualTo("db.internal:6543/my%20app");
        assertThat(url.toString()).doesNotContain("p@ss");

        PostgresUrl query = PostgresUrl.parse("jdbc:postgresql://db/app?user=u&password=pw&ssl=true").orElseThrow();
        assertThat(query.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app?ssl=true");
        assertThat(query.user()).contains("u");
        assertThat(query.password()).contains("pw");

        PostgresUrl unencoded = PostgresUrl.parse("postgres://u:p@ss/w?rd@db:5432/app").orElseThrow();
        assertThat(unencoded.password()).as("the last @ ends the user info").contains("p@ss/w?rd");
        assertThat(unencoded.display()).isEqualTo("db:5432/app");

        PostgresUrl inQuery = PostgresUrl.parse("jdbc:postgresql://db/app?user=u&password=p@ss").orElseThrow();
        assertThat(inQuery.password()).contains("p@ss");
        assertThat(inQuery.display()).isEqualTo("db/app");
        assertThat(PostgresUrl.parse("postgres://u:p ss word/db/app")).as("a host no server has").isEmpty();

        assertThat(PostgresUrl.parse("postgresql://db").orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://db/");
        assertThat(PostgresUrl.parse("mysql://u:pw@db/app")).isEmpty();
        assertThat(PostgresUrl.parse("jdbc:postgresql//db/app?password=pw")).isEmpty();
        assertThat(PostgresUrl.parse("postgres://u:%zz@db/app")).as("a bad escape").isEmpty();
    }

    @Test
    void connectionFailuresAreWordedWithoutTheDriversDetails() {
        assertThat(ConnectionFailure.reason(new SQLException("password authentication failed for user \"bob\"", "28P01")))
                .isEqualTo("password authentication failed");
        assertThat(ConnectionFailure.reason(new SQLException("database \"x\" does not exist", "3D000")))
                .isEqualTo("the database does not exist");
        assertThat(ConnectionFailure.reason(new SQLException("The connection attempt failed.", "08001",
                new java.net.UnknownHostException("secret-host")))).isEqualTo("host name not found");
        assertThat(ConnectionFailure.reason(new SQLException("odd", (String) null))).doesNotContain("odd");
        assertThat(Optional.of(new DatabaseConnector("jdbc:postgresql://h/d", Optional.of("u"), Optional.of("pw"),
                "the database in PGHOST").toString())).contains("the database in PGHOST");
    }
}
