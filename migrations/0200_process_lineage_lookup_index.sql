-- The initiating-process fill's lookup of a process's creation row (`ProcessLineage` in Sources/SpoorIngest,
-- issue 14): the creation row of a GUID on a device, the earliest first. Migration 0080's creation-key indexes find
-- the GUID, but the lookup's ORDER BY time LIMIT 1 made the planner walk the device's rows in time order through
-- the (device, time) index and filter on the GUID: every row of the device, per row filled, when a load comes from
-- one machine (the bundled Sysmon dataset does). This index answers the whole lookup, key, device and order, so
-- each filled row costs one index probe. Partial like 0080's: rows without a GUID take no part. Declared on the
-- partitioned tables, so every time partition, present or future, has it.
CREATE INDEX "DeviceProcessEvents_creation_lookup" ON public."DeviceProcessEvents"
  ("ProcessUniqueId", "DeviceId", "Timestamp") WHERE "ProcessUniqueId" <> '';
CREATE INDEX "xdr_data_creation_lookup" ON public."xdr_data"
  ("action_process_instance_id", "agent_id", "_time") WHERE "action_process_instance_id" <> '';
