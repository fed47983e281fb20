dataset = xdr_data
| alter first_name = action_module_file_info -> names[0], all_names = action_module_file_info -> names[], root = action_module_file_info -> names{} -> []
| fields first_name, all_names, root
