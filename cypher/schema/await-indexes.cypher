// Waits until every index is online, at most {{seconds}} seconds.
CALL db.awaitIndexes({{seconds}})
