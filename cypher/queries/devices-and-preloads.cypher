// @title Devices and what they came with
// @description Each kind of device, the services it was preloaded with, the network it connects
//   to, what it was modified from, and who sold or resold it.
MATCH (device:Device)
OPTIONAL MATCH (device)-[preloaded:PRELOADED_WITH]->(service)
OPTIONAL MATCH (device)-[connects:CONNECTS_TO]->(network)
OPTIONAL MATCH (device)-[modified:MODIFIED_FROM]->(base)
OPTIONAL MATCH (seller)-[sold:SOLD|RESELLS]->(device)
RETURN device, preloaded, service, connects, network, modified, base, sold, seller
ORDER BY device.name
