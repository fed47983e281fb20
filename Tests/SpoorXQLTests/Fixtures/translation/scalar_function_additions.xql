dataset = xdr_data
| alter a = format_string("%s-%s (%d%%)", agent_hostname, action_remote_ip, 42),
  b = to_json_string(action_process_image_path),
  c = md5(agent_hostname),
  d = pow(2, 10),
  e = is_ipv4(action_remote_ip),
  f = is_ipv6(action_remote_ip),
  g = is_known_private_ipv6(action_remote_ip)
| comp count() as n, stddev_population(d) as p by a, b, c, e, f, g
