-- Indexes for the initiating-process fill of `spoor ingest --from sysmon` (issue 18; `ProcessLineage` in
-- Sources/SpoorIngest, rules in reference/sysmon-mapping.md).
--
-- Each batch, in its own transaction, looks up two things:
-- * the creation row of a process by its GUID ("ProcessUniqueId" / action_process_instance_id), for the batch's
--   rows still waiting for it: the *_creation_key indexes;
-- * the stored rows still waiting for a process created in this batch, by the GUID they carry
--   ("InitiatingProcessUniqueId" / actor_process_instance_id): the *_waiting indexes.
-- Without them both lookups are sequential scans of whole event tables per batch.
--
-- Both are partial, so they cost nothing for rows that take no part: the creation-key indexes hold only rows
-- with a GUID (the ingest benchmark's generated DeviceProcessEvents have none), the waiting indexes only rows
-- whose process has not been found (the marker column, the process's creation time, is still null). A row that
-- is filled leaves its waiting index; on the bundled Sysmon dataset about 10,000 of 52,000 rows remain (their
-- process's creation event is not in the data).
CREATE INDEX "DeviceProcessEvents_creation_key" ON public."DeviceProcessEvents" ("ProcessUniqueId")
  WHERE "ProcessUniqueId" <> '';
CREATE INDEX "xdr_data_creation_key" ON public."xdr_data" ("action_process_instance_id")
  WHERE "action_process_instance_id" <> '';

CREATE INDEX "DeviceProcessEvents_waiting" ON public."DeviceProcessEvents" ("InitiatingProcessUniqueId")
  WHERE "InitiatingProcessCreationTime" IS NULL AND "InitiatingProcessUniqueId" <> '';
CREATE INDEX "DeviceImageLoadEvents_waiting" ON public."DeviceImageLoadEvents" ("InitiatingProcessUniqueId")
  WHERE "InitiatingProcessCreationTime" IS NULL AND "InitiatingProcessUniqueId" <> '';
CREATE INDEX "DeviceNetworkEvents_waiting" ON public."DeviceNetworkEvents" ("InitiatingProcessUniqueId")
  WHERE "InitiatingProcessCreationTime" IS NULL AND "InitiatingProcessUniqueId" <> '';
CREATE INDEX "DeviceFileEvents_waiting" ON public."DeviceFileEvents" ("InitiatingProcessUniqueId")
  WHERE "InitiatingProcessCreationTime" IS NULL AND "InitiatingProcessUniqueId" <> '';
CREATE INDEX "DeviceRegistryEvents_waiting" ON public."DeviceRegistryEvents" ("InitiatingProcessUniqueId")
  WHERE "InitiatingProcessCreationTime" IS NULL AND "InitiatingProcessUniqueId" <> '';
CREATE INDEX "DeviceEvents_waiting" ON public."DeviceEvents" ("InitiatingProcessUniqueId")
  WHERE "InitiatingProcessCreationTime" IS NULL AND "InitiatingProcessUniqueId" <> '';
CREATE INDEX "xdr_data_waiting" ON public."xdr_data" ("actor_process_instance_id")
  WHERE "actor_process_execution_time" IS NULL AND "actor_process_instance_id" <> '';
