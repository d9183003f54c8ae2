// One undo or batch record, once what it describes has been undone.
MATCH (s) WHERE elementId(s) = $elementId
DELETE s
