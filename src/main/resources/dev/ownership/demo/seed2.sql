-- Seed 2 (migration script): numeric users, admin id 1; user_id exists but is partly NULL.
CREATE TABLE users (id bigserial PRIMARY KEY, username text NOT NULL UNIQUE, role text NOT NULL);
INSERT INTO users (id, username, role) VALUES (1, 'admin', 'admin'), (2, 'john_doe', 'editor');
CREATE TABLE album_media (id bigserial PRIMARY KEY, album text, file_name text, media_type text, user_id bigint);
CREATE TABLE query_embedding_cache (id bigserial PRIMARY KEY, query_text text NOT NULL, user_id bigint);
INSERT INTO album_media (album, file_name, media_type, user_id)
SELECT 'album ' || (g % 4), 'IMG_' || g || '.jpg', 'photo', CASE WHEN g % 5 = 0 THEN 2 END
  FROM generate_series(1, 57) g;
INSERT INTO query_embedding_cache (query_text, user_id)
SELECT 'query ' || g, CASE WHEN g % 4 = 0 THEN 2 END FROM generate_series(1, 20) g;
