// @title Infrastructure by country
// @description Servers by the country or place that hosts them, with who operates or uses them
//   (the case links the firm to its servers by USED) and the services those run; optionally for
//   one country only.
// @param country: entity? | label: Country or place | entityTypes: Country, Place
MATCH (server:Server)-[hosted:HOSTED_IN]->(country)
WHERE $country IS NULL OR country.id = $country
OPTIONAL MATCH (operator)-[operates:OPERATES|USED]->(server)
OPTIONAL MATCH (operator)-[runs:OPERATES]->(service)
WHERE service:Network OR service:EmailService
RETURN country, hosted, server, operates, operator, runs, service
ORDER BY country.name, server.name
