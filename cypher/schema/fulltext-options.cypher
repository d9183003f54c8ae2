// Whether the full-text index named $name exists and is eventually consistent.
SHOW FULLTEXT INDEXES YIELD name, options WHERE name = $name
RETURN options.indexConfig['fulltext.eventually_consistent'] AS eventuallyConsistent
