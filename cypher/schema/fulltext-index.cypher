CREATE FULLTEXT INDEX {{name}} IF NOT EXISTS FOR (n:{{labels}}) ON EACH [{{properties}}] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}
