dataset = xdr_data
| alter local = format_timestamp("%Y-%m-%d %H:%M", _time, "-05:00"), utc = format_timestamp("%H:%M", _time, "UTC")
| fields local, utc
