-- Events range-partitioned by time as they usually are: January to October 2024 sub-partitioned by month, 2023 in
-- one partition, a default partition for the rest: 12 partitions that hold rows, at three levels. The primary key
-- includes the partition key, as PostgreSQL requires. Each event takes its owner from its stream.
CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);
INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 20) g;
INSERT INTO users (email) VALUES ('test@example.com');
CREATE TABLE streams (id bigserial PRIMARY KEY, name text NOT NULL, user_id bigint);
INSERT INTO streams (name, user_id) SELECT 'stream ' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + g % 20 END
  FROM generate_series(1, 50) g;
CREATE TABLE events (
    id         bigserial,
    created_at timestamptz NOT NULL,
    stream_id  bigint NOT NULL REFERENCES streams (id),
    payload    text,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-11-01')
  PARTITION BY RANGE (created_at);
DO $$
BEGIN
  FOR m IN 1..10 LOOP
    EXECUTE format('CREATE TABLE events_2024_%s PARTITION OF events_2024 FOR VALUES FROM (%L) TO (%L)',
                   lpad(m::text, 2, '0'), make_date(2024, m, 1), make_date(2024, m + 1, 1));
  END LOOP;
END $$;
CREATE TABLE events_default PARTITION OF events DEFAULT;
-- rows spread over every partition, the default one included (November and December 2024)
INSERT INTO events (created_at, stream_id, payload)
SELECT timestamptz '2023-01-01' + (g % 730) * interval '1 day', 1 + g % 50, 'event ' || g
  FROM generate_series(1, :rows) g;
ANALYZE;
