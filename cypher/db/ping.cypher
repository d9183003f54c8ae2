// A real question the database must answer: readiness and start-up checks.
RETURN 1 AS ok
