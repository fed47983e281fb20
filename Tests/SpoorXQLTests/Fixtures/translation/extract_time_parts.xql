dataset = xdr_data
| alter minute = extract_time(_time, "MINUTE"), second = extract_time(_time, "SECOND"),
    millisecond = extract_time(_time, "MILLISECOND"), microsecond = extract_time(_time, "MICROSECOND"),
    weekday = extract_time(_time, "DAYOFWEEK"), yearday = extract_time(_time, "DAYOFYEAR"),
    quarter = extract_time(_time, "QUARTER")
| fields minute, second, millisecond, microsecond, weekday, yearday, quarter
