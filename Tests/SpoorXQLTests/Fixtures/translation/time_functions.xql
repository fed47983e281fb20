dataset = xdr_data
| alter hour = extract_time(_time, "HOUR"), age_minutes = timestamp_diff(_insert_time, _time, "MINUTE"),
    day = format_timestamp("%Y-%m-%d %H:%M", _time)
| fields hour, age_minutes, day
