"""Schemathesis hooks for openapi/spoor.yaml (loaded through SCHEMATHESIS_HOOKS by ServerTests).

`POST /api/v1/ingest` takes an NDJSON body, a media type schemathesis has no serializer for: generated strings are
sent as their UTF-8 bytes. The document's body is a non-empty string, so any other generated value is negative
data with no NDJSON text of its own (a JSON line would be valid NDJSON): it is sent as no body, which the server
must refuse.

Query texts have the format `spoor-query` (KQL or XQL), a grammar no JSON Schema states: positive cases draw
them from small queries over the shipped tables that translate and run, so `/query` and `/explain` are tested
beyond their 422 answer. Table names have the format `spoor-table` (the catalog's, which migrations extend):
positive cases draw shipped tables, so `/ingest` is tested beyond its 404. Negative cases still break the
document's other rules (length, type, extra fields).
"""
import schemathesis
from hypothesis import strategies as st


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return b""


_rows = st.integers(min_value=0, max_value=50)
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz.-_ ", min_size=0, max_size=12)
_table = st.sampled_from(["DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents", "DeviceInfo"])
_dataset = st.sampled_from(["xdr_data", "alerts", "endpoints"])

_queries = st.one_of(
    st.builds("{} | take {}".format, _table, _rows),
    st.builds("{} | summarize count() by DeviceName".format, _table),
    st.builds('DeviceProcessEvents | where FileName =~ "{}" | project Timestamp, DeviceName'.format,
              _word.map(lambda w: w.replace('"', ""))),
    st.builds("range x from 1 to {} step 1".format, st.integers(min_value=1, max_value=100)),
    st.builds("print n = {}".format, st.integers(min_value=-1000, max_value=1000)),
    st.builds("dataset = {} | limit {}".format, _dataset, _rows),
    st.builds('dataset = xdr_data | filter agent_hostname = "{}" | fields _time, agent_hostname'.format,
              _word.map(lambda w: w.replace('"', ""))),
)

schemathesis.openapi.format("spoor-query", _queries)

# Table names (format `spoor-table`, the catalog's): some of the shipped tables, so `/ingest` loads rows.
schemathesis.openapi.format("spoor-table", _table)
