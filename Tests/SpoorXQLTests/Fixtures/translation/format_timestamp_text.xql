dataset = xdr_data
| alter iso = format_timestamp("%Y-%m-%dT%H:%M:%SZ", _time)
| fields event_id, iso
