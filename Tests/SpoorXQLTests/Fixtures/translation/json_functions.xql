dataset = xdr_data
| alter company = json_extract_scalar(action_module_file_info, "$.company"),
    info = json_extract(action_module_file_info, "$.version"),
    parts = json_extract_array(action_module_file_info, "$.names")
| fields company, info, parts
