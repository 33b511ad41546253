CREATE TABLE t2 (a INTEGER);
-- a line ending in CRLF, after a byte order mark
