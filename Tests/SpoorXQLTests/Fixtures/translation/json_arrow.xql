// JSON path sugar: -> a.b is json_extract_scalar, {} json_extract, [] json_extract_array, ["a.b"] a dotted key.
dataset = xdr_data
| alter company = action_module_file_info -> company, version = action_module_file_info -> version.parts{},
    names = action_module_file_info -> names[], dotted = action_module_file_info -> ["file.info"].size
| fields company, version, names, dotted
