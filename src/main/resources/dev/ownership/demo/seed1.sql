-- Seed 1 (Alembic task): uuid users; bookmarks_lists.user_id partly filled; videos inherit from their list.
CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE,
                    hashed_password text, is_active boolean NOT NULL DEFAULT true);
CREATE TABLE bookmarks_lists (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, user_id uuid);
CREATE TABLE videos (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                     list_id uuid NOT NULL REFERENCES bookmarks_lists (id) ON DELETE CASCADE,
                     youtube_id text NOT NULL, processing_status text NOT NULL DEFAULT 'pending');
INSERT INTO users (email, hashed_password) VALUES ('test@example.com', 'x'), ('alice@example.com', 'y');
INSERT INTO bookmarks_lists (name, user_id)
SELECT 'list ' || g, CASE WHEN g % 3 = 0 THEN (SELECT id FROM users WHERE email = 'alice@example.com') END
  FROM generate_series(1, 30) g;
INSERT INTO videos (list_id, youtube_id)
SELECT l.id, 'yt' || g FROM generate_series(1, :videos) g
  JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM bookmarks_lists) l ON l.n = g % 30;
