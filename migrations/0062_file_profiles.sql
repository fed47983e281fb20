-- FileProfile: Defender's `invoke FileProfile(x, y)` enriches rows with what is known of each file. Spoor has no
-- Microsoft cloud to ask: users load what they know (from their own threat intelligence, an export of Defender's
-- file pages, a sandbox) into spoor.file_profiles with `spoor ingest --table spoor.file_profiles FILE.csv`, the
-- CSV header naming the columns below. Every value the enrichment lacks is null, except three that Spoor works
-- out from the organisation's own events (see spoor.file_profile).
CREATE TABLE spoor.file_profiles (
  "SHA1"                  text NOT NULL DEFAULT '',
  "SHA256"                text NOT NULL DEFAULT '',
  "MD5"                   text NOT NULL DEFAULT '',
  "FileSize"              bigint,
  "GlobalPrevalence"      bigint,
  "GlobalFirstSeen"       timestamptz,
  "GlobalLastSeen"        timestamptz,
  "Signer"                text NOT NULL DEFAULT '',
  "Issuer"                text NOT NULL DEFAULT '',
  "SignerHash"            text NOT NULL DEFAULT '',
  "IsCertificateValid"    boolean,
  "IsRootSignerMicrosoft" boolean,
  "SignatureState"        text NOT NULL DEFAULT '',
  "IsExecutable"          boolean,
  "ThreatName"            text NOT NULL DEFAULT '',
  "Publisher"             text NOT NULL DEFAULT '',
  "SoftwareName"          text NOT NULL DEFAULT ''
);
CREATE INDEX file_profiles_sha1 ON spoor.file_profiles (lower("SHA1"));
CREATE INDEX file_profiles_sha256 ON spoor.file_profiles (lower("SHA256"));

-- The profile of the file whose SHA-1 (or, with by_sha256, SHA-256) is `hash`, as the bag of FileProfile's
-- output columns; null for a null or empty hash. Hashes compare without regard to case.
-- - Every column comes from the spoor.file_profiles row of the file, when there is one.
-- - GlobalPrevalence, GlobalFirstSeen and GlobalLastSeen the row lacks (or all three, without a row) are the
--   organisation's own: the number of distinct devices, and the first and last Timestamp, of the events whose
--   file or initiating process has this hash (DeviceProcessEvents, DeviceFileEvents, DeviceImageLoadEvents and
--   DeviceEvents by file and initiating process; DeviceNetworkEvents, DeviceRegistryEvents and DeviceLogonEvents
--   by initiating process). "Global" in Defender means Microsoft's whole telemetry: here it is this database.
-- - ProfileAvailability is "Available" with a row, "Missing" without.
-- Datetimes are text in Kusto's form, for the caller's todatetime. STABLE: it reads tables. PARALLEL SAFE: it
-- writes nothing and opens no subtransaction.
CREATE FUNCTION spoor.file_profile(hash text, by_sha256 boolean) RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
  wanted text := lower(hash);
  profile spoor.file_profiles%ROWTYPE;
  found_profile boolean;
  devices bigint;
  first_seen timestamptz;
  last_seen timestamptz;
BEGIN
  IF hash IS NULL OR hash = '' THEN
    RETURN NULL;
  END IF;
  SELECT * INTO profile FROM spoor.file_profiles AS p
  WHERE CASE WHEN by_sha256 THEN lower(p."SHA256") ELSE lower(p."SHA1") END = wanted
  LIMIT 1;
  found_profile := FOUND;
  IF NOT found_profile OR profile."GlobalPrevalence" IS NULL OR profile."GlobalFirstSeen" IS NULL
     OR profile."GlobalLastSeen" IS NULL THEN
    WITH sightings(device, seen_at, file_hash) AS (
      SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "SHA256" ELSE "SHA1" END FROM public."DeviceProcessEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "InitiatingProcessSHA256" ELSE "InitiatingProcessSHA1" END FROM public."DeviceProcessEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "SHA256" ELSE "SHA1" END FROM public."DeviceFileEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "InitiatingProcessSHA256" ELSE "InitiatingProcessSHA1" END FROM public."DeviceFileEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "SHA256" ELSE "SHA1" END FROM public."DeviceImageLoadEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "InitiatingProcessSHA256" ELSE "InitiatingProcessSHA1" END FROM public."DeviceImageLoadEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "SHA256" ELSE "SHA1" END FROM public."DeviceEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "InitiatingProcessSHA256" ELSE "InitiatingProcessSHA1" END FROM public."DeviceEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "InitiatingProcessSHA256" ELSE "InitiatingProcessSHA1" END FROM public."DeviceNetworkEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "InitiatingProcessSHA256" ELSE "InitiatingProcessSHA1" END FROM public."DeviceRegistryEvents"
      UNION ALL SELECT "DeviceId", "Timestamp", CASE WHEN by_sha256 THEN "InitiatingProcessSHA256" ELSE "InitiatingProcessSHA1" END FROM public."DeviceLogonEvents"
    )
    SELECT count(DISTINCT device), min(seen_at), max(seen_at) INTO devices, first_seen, last_seen
    FROM sightings WHERE lower(file_hash) = wanted;
  END IF;
  RETURN jsonb_build_object(
    'SHA1', CASE WHEN found_profile THEN profile."SHA1" WHEN by_sha256 THEN '' ELSE hash END,
    'SHA256', CASE WHEN found_profile THEN profile."SHA256" WHEN by_sha256 THEN hash ELSE '' END,
    'MD5', coalesce(profile."MD5", ''),
    'FileSize', profile."FileSize",
    'GlobalPrevalence', coalesce(profile."GlobalPrevalence", devices),
    'GlobalFirstSeen', to_char(coalesce(profile."GlobalFirstSeen", first_seen) AT TIME ZONE 'UTC',
                               'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'GlobalLastSeen', to_char(coalesce(profile."GlobalLastSeen", last_seen) AT TIME ZONE 'UTC',
                              'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'Signer', coalesce(profile."Signer", ''),
    'Issuer', coalesce(profile."Issuer", ''),
    'SignerHash', coalesce(profile."SignerHash", ''),
    'IsCertificateValid', profile."IsCertificateValid",
    'IsRootSignerMicrosoft', profile."IsRootSignerMicrosoft",
    'SignatureState', coalesce(profile."SignatureState", ''),
    'IsExecutable', profile."IsExecutable",
    'ThreatName', coalesce(profile."ThreatName", ''),
    'Publisher', coalesce(profile."Publisher", ''),
    'SoftwareName', coalesce(profile."SoftwareName", ''),
    'ProfileAvailability', CASE WHEN found_profile THEN 'Available' ELSE 'Missing' END);
END
$$;
