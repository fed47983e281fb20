dataset = xdr_data
| alter a = arraystring(arraycreate("a", action_remote_ip, 3), "|"),
  b = arraydistinct(arrayconcat(split("b a b"), split("c a"))),
  c = arraymerge(arraycreate("[1, 2]", "[3]")),
  d = arrayrange(split("a b c d"), 1, 3),
  e = json_extract_scalar_array(action_module_file_info, "$.names"),
  f = object_merge(object_create("ip", action_remote_ip, "n", 1), object_create("n", 2))
| fields a, b, c, d, e, f
