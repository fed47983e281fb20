#!/usr/bin/env python3
"""Builds the bundled sample telemetry in this folder (see README.md). Deterministic: same inputs, same bytes.

  python3 samples/build-samples.py            # from the package root; reads datasets/sysmon/events.ndjson.gz

Writes two Sysmon NDJSON files for `spoor ingest --from sysmon`:
  otrf-sysmon.ndjson       events taken unchanged from the MIT-licensed OTRF Security-Datasets part of the dataset
  synthetic-sysmon.ndjson  events written here, true positives (and near misses) for the two seed hunts
"""
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATASET = os.path.join(HERE, "..", "datasets", "sysmon", "events.ndjson.gz")

# Each stored Sigma-derived hunt in queries/, as a predicate over a raw Sysmon event: the events it should find.
def lower(event, name):
    return event.get(name, "").lower()

HUNTS = {
    "empire-powershell-launch": lambda e: e["EventID"] == 1 and any(
        s in e.get("CommandLine", "") for s in [" -NoP -sta -NonI -W Hidden -Enc ", " -noP -sta -w 1 -enc ", " -NoP -NonI -W Hidden -enc ", " -enc  SQB", " -nop -exec bypass -EncodedCommand "]),
    "mimikatz-execution": lambda e: e["EventID"] == 1 and any(
        s in lower(e, "CommandLine") for s in ["mimikatz", "dumpcreds", "sekurlsa::", "lsadump::", "kerberos::", "privilege::", "token::", "crypto::", "dpapi::"]),
    "lsass-dump-commandline": lambda e: e["EventID"] == 1 and ("lsass" in lower(e, "CommandLine") and ".dmp" in lower(e, "CommandLine")),
    "lsass-dump-file": lambda e: e["EventID"] == 11 and "\\lsass" in lower(e, "TargetFilename") and lower(e, "TargetFilename").endswith(".dmp"),
    "kirbi-file": lambda e: e["EventID"] == 11 and lower(e, "TargetFilename").endswith(".kirbi"),
    "mmc-spawning-shell": lambda e: e["EventID"] == 1 and lower(e, "ParentImage").endswith("\\mmc.exe") and re.search(r"\\(cmd|powershell|pwsh|wscript|cscript|reg|regsvr32)\.exe$", lower(e, "Image")),
    "notepad-network": lambda e: e["EventID"] == 3 and lower(e, "Image").endswith("\\notepad.exe") and e.get("DestinationPort") != "9100",
    "schtasks-create": lambda e: e["EventID"] == 1 and "\\schtasks.exe" in lower(e, "Image") and " /create " in lower(e, "CommandLine"),
    "powershell-base64": lambda e: e["EventID"] == 1 and re.search(r"\\(powershell|pwsh)\.exe$", lower(e, "Image")) and re.search(r" -(e|en|enc|enco\w*|ec) ", lower(e, "CommandLine")),
    "rundll32-activity": lambda e: e["EventID"] == 1 and any(
        a in lower(e, "CommandLine") and b in lower(e, "CommandLine") for a, b in [("comsvcs.dll", "minidump"), ("shell32.dll", "control_rundll"), ("url.dll", "openurl"), ("advpack.dll", "launchinfsection")]),
    "sticky-key-backdoor": lambda e: e["EventID"] in (12, 13, 14) and re.search(r"image file execution options\\(sethc|utilman|osk|magnify|narrator|displayswitch|atbroker|helppane)\.exe\\debugger$", lower(e, "TargetObject")),
    "impacket-lateral-movement": lambda e: e["EventID"] == 1 and "cmd.exe" in lower(e, "CommandLine") and "\\\\127.0.0.1\\" in lower(e, "CommandLine"),
}

PER_HUNT = 8
BACKGROUND_PER_EVENT_ID = 40


def otrf_sample():
    picked, counts, background = [], {}, {}
    with gzip.open(DATASET, "rt", encoding="utf-8") as handle:
        for line in handle:
            event = json.loads(line)
            if not event["source_file"].startswith("OTRF/"):
                continue  # only the MIT-licensed part may be bundled
            keep = False
            for name, matches in HUNTS.items():
                if counts.get(name, 0) < PER_HUNT and matches(event):
                    counts[name] = counts.get(name, 0) + 1
                    keep = True
            if not keep and background.get(event["EventID"], 0) < BACKGROUND_PER_EVENT_ID:
                background[event["EventID"]] = background.get(event["EventID"], 0) + 1
                keep = True
            if keep:
                picked.append(line if line.endswith("\n") else line + "\n")
    return picked, counts


def synthetic():
    def event(key, event_id, time, **fields):
        base = {"event_key": "spoor-samples/synthetic#" + key, "source_file": "spoor-samples/synthetic", "source_record": int(key),
                "EventID": event_id, "Computer": "WKSTN-042.spoor.example", "UtcTime": time}
        base.update(fields)
        return json.dumps(base, ensure_ascii=False) + "\n"

    guid = lambda n: "{7a5c1e2b-0000-4a00-9%03d-00000000%04d}" % (n, n)
    user = "SPOOR\\dana"
    events = [
        # Seed 1 (KQL, DeviceImageLoadEvents): a PyInstaller-style bundle outside Program Files loads Python Core.
        event("1", 1, "2026-11-02 09:14:03.120", ProcessGuid=guid(1), ProcessId="4412", Image="C:\\Users\\dana\\AppData\\Local\\Temp\\invoice_viewer.exe",
              CommandLine="\"C:\\Users\\dana\\AppData\\Local\\Temp\\invoice_viewer.exe\"", User=user, IntegrityLevel="Medium", LogonId="0x5a3f1",
              ParentImage="C:\\Windows\\explorer.exe", ParentCommandLine="C:\\Windows\\Explorer.EXE", ParentProcessId="3120", ParentProcessGuid=guid(90),
              Hashes="SHA1=3C1B0D6A4E2F99A1B2C3D4E5F60718293A4B5C6D,MD5=9E107D9D372BB6826BD81D3542A419D6,SHA256=2C26B46B68FFC68FF99B453C1D30413413422D706483BFA0F98A5E886266E7AE",
              CurrentDirectory="C:\\Users\\dana\\AppData\\Local\\Temp\\"),
        event("2", 7, "2026-11-02 09:14:03.410", ProcessGuid=guid(1), ProcessId="4412", Image="C:\\Users\\dana\\AppData\\Local\\Temp\\invoice_viewer.exe",
              ImageLoaded="C:\\Users\\dana\\AppData\\Local\\Temp\\_MEI44122\\python311.dll", FileVersion="3.11.4", Description="Python Core",
              Product="Python", Company="Python Software Foundation", OriginalFileName="python311.dll", User=user,
              Hashes="SHA1=1F0C2D3E4A5B6C7D8E9F00112233445566778899,MD5=0CC175B9C0F1B6A831C399E269772661,SHA256=CA978112CA1BBDCAFAC231B39A23DC4DA786EFF8147C4E72B9807785AFEE48BB",
              Signed="true", Signature="Python Software Foundation", SignatureStatus="Valid"),
        # Near misses for seed 1: python.exe itself, and a bundle under Program Files.
        event("3", 7, "2026-11-02 09:20:11.002", ProcessGuid=guid(2), ProcessId="5120", Image="C:\\Python311\\python.exe",
              ImageLoaded="C:\\Python311\\python311.dll", Description="Python Core", Product="Python", Company="Python Software Foundation", User=user),
        event("4", 7, "2026-11-02 09:21:40.777", ProcessGuid=guid(3), ProcessId="5200", Image="C:\\Program Files\\Vendor Tool\\tool.exe",
              ImageLoaded="C:\\Program Files\\Vendor Tool\\python39.dll", Description="Python Core", Product="Python", Company="Python Software Foundation", User=user),
        # Seed 2 (XQL, xdr_data): python.exe running run.py starts notepad.exe and calc.exe.
        event("5", 1, "2026-11-02 10:02:00.000", ProcessGuid=guid(4), ProcessId="6000", Image="C:\\Python311\\python.exe",
              CommandLine="python.exe C:\\Users\\dana\\Downloads\\run.py", User=user, IntegrityLevel="Medium", LogonId="0x5a3f1",
              ParentImage="C:\\Windows\\System32\\cmd.exe", ParentCommandLine="cmd.exe", ParentProcessId="5900", ParentProcessGuid=guid(91)),
        event("6", 1, "2026-11-02 10:02:01.250", ProcessGuid=guid(5), ProcessId="6012", Image="C:\\Windows\\System32\\notepad.exe",
              CommandLine="notepad.exe", User=user, IntegrityLevel="Medium", LogonId="0x5a3f1", OriginalFileName="NOTEPAD.EXE",
              Description="Notepad", Product="Microsoft® Windows® Operating System", Company="Microsoft Corporation",
              ParentImage="C:\\Python311\\python.exe", ParentCommandLine="python.exe C:\\Users\\dana\\Downloads\\run.py", ParentProcessId="6000", ParentProcessGuid=guid(4),
              Hashes="SHA1=6A1B2C3D4E5F60718293A4B5C6D7E8F901234567,MD5=B026324C6904B2A9CB4B88D6D61C81D1,SHA256=F1D2D2F924E986AC86FDF7B36C94BCDF32BEEC15A38DE4C3E1BD1D4D1E6C1D7B"),
        event("7", 1, "2026-11-02 10:02:02.500", ProcessGuid=guid(6), ProcessId="6020", Image="C:\\Windows\\System32\\calc.exe",
              CommandLine="calc.exe", User=user, IntegrityLevel="Medium", LogonId="0x5a3f1", OriginalFileName="CALC.EXE",
              ParentImage="C:\\Users\\dana\\Downloads\\run.py", ParentCommandLine="run.py", ParentProcessId="6000", ParentProcessGuid=guid(4)),
        # Near miss for seed 2: cmd.exe (not in the list) started by python.exe.
        event("8", 1, "2026-11-02 10:05:00.000", ProcessGuid=guid(7), ProcessId="6100", Image="C:\\Windows\\System32\\cmd.exe",
              CommandLine="cmd.exe /c dir", User=user, IntegrityLevel="Medium", LogonId="0x5a3f1",
              ParentImage="C:\\Python311\\python.exe", ParentCommandLine="python.exe C:\\Users\\dana\\Downloads\\run.py", ParentProcessId="6000", ParentProcessGuid=guid(4)),
        # A network connection by notepad.exe (Sigma: network connection initiated via notepad).
        event("9", 3, "2026-11-02 10:03:10.000", ProcessGuid=guid(5), ProcessId="6012", Image="C:\\Windows\\System32\\notepad.exe", User=user,
              Protocol="tcp", Initiated="true", SourceIsIpv6="false", SourceIp="10.20.30.40", SourcePort="51544",
              DestinationIsIpv6="false", DestinationIp="203.0.113.7", DestinationPort="443", DestinationHostname="cdn.example.net"),
    ]
    return events


def main():
    picked, counts = otrf_sample()
    with open(os.path.join(HERE, "otrf-sysmon.ndjson"), "w", encoding="utf-8", newline="\n") as out:
        out.writelines(picked)
    with open(os.path.join(HERE, "synthetic-sysmon.ndjson"), "w", encoding="utf-8", newline="\n") as out:
        out.writelines(synthetic())
    for name in HUNTS:
        print(f"{name}: {counts.get(name, 0)} OTRF events", file=sys.stderr)
    print(f"otrf-sysmon.ndjson: {len(picked)} events", file=sys.stderr)


if __name__ == "__main__":
    main()
