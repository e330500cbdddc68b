-- Scenario 3 (examples/photos-owner.yaml): rows without owner take the owner of their album.
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
INSERT INTO users (email) VALUES ('archive@photos.example'), ('ann@photos.example'), ('bob@photos.example');
CREATE TABLE albums (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL, owner_id bigint);
CREATE TABLE photos (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                     album_id bigint NOT NULL REFERENCES albums (id) ON DELETE CASCADE, file_name text NOT NULL);
CREATE TABLE album_comments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                             album_id bigint NOT NULL REFERENCES albums (id) ON DELETE CASCADE, body text NOT NULL);
CREATE TABLE print_orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                           album_id bigint NOT NULL REFERENCES albums (id), copies int NOT NULL);
-- a third of the albums have no owner; the others alternate between ann and bob
INSERT INTO albums (title, owner_id)
SELECT 'album ' || g, CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN 2 ELSE 3 END FROM generate_series(1, 60) g;
INSERT INTO photos (album_id, file_name) SELECT 1 + g % 60, 'IMG_' || g || '.jpg' FROM generate_series(1, 6000) g;
INSERT INTO album_comments (album_id, body) SELECT 1 + g % 60, 'nice ' || g FROM generate_series(1, 1200) g;
INSERT INTO print_orders (album_id, copies) SELECT 1 + g * 7 % 60, 1 + g % 3 FROM generate_series(1, 300) g;
