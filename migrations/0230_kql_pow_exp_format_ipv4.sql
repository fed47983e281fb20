-- pow(x, y), exp(x), exp2(x), exp10(x) as Kusto computes them, on .NET doubles (Math.Pow, Math.Exp: C's pow and
-- exp): where PostgreSQL's power() and exp() raise an error, .NET answers with an IEEE value, and so do these.
--   0 to a negative power            +Infinity (PostgreSQL: "zero raised to a negative power is undefined")
--   a negative base to a fractional  NaN       (PostgreSQL: "a negative number raised to a non-integer power")
--   a result beyond the double range ±Infinity (overflow; negative only for a negative base and an odd exponent)
--   a result below the smallest      ±0        (underflow)
-- Every other input (NaN and infinities included) goes to power()/exp() unchanged, which follow C's pow/exp.
-- plpgsql for the exception handler; IMMUTABLE and PARALLEL SAFE: they read only their arguments.
CREATE FUNCTION spoor.kql_pow(x double precision, y double precision) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN power(x, y);
EXCEPTION
  WHEN invalid_argument_for_power_function THEN
    RETURN CASE WHEN x = 0 THEN 'Infinity'::double precision ELSE 'NaN'::double precision END;
  WHEN numeric_value_out_of_range THEN
    RETURN CASE WHEN x < 0 AND y = trunc(y) AND mod(y::numeric, 2) <> 0 THEN -1 ELSE 1 END
      * CASE WHEN (abs(x) > 1) = (y > 0) THEN 'Infinity'::double precision ELSE 0 END;
END
$$;

CREATE FUNCTION spoor.kql_exp(x double precision) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN exp(x);
EXCEPTION
  WHEN numeric_value_out_of_range THEN
    RETURN CASE WHEN x > 0 THEN 'Infinity'::double precision ELSE 0 END;
END
$$;

-- format_ipv4(ip [, prefix]) and format_ipv4_mask(ip [, prefix]) (format-ipv4-function.md,
-- format-ipv4-mask-function.md): the network address of an IPv4 address, in dotted-quad form, masked to the
-- shortest of the address's own IP-prefix ('192.168.1.1/24') and `prefix` (32 when absent); format_ipv4_mask adds
-- '/' and that prefix length. The address is text (spoor.kql_ip_bits, migration 0141, reads it) or, as the
-- documentation allows, a number in big-endian order (0 to 2^32-1). An empty string when the conversion fails: an
-- invalid address, a number out of range, or a prefix outside 0–32 (the documentation's long(-1) row), null ones
-- included.
CREATE FUNCTION spoor.kql_format_ipv4(ip text, prefix bigint, with_mask boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN bits IS NULL OR prefix IS NULL OR prefix < 0 OR prefix > 32 THEN ''
    ELSE host('0.0.0.0'::inet + rpad(left(bits, n), 32, '0')::bit(32)::bigint)
      || CASE WHEN with_mask THEN '/' || n ELSE '' END
  END
  FROM (
    SELECT bits, least(char_length(bits), greatest(least(prefix, 32), 0))::integer AS n
    FROM (SELECT spoor.kql_ip_bits(ip, 32) AS bits) AS parsed
  ) AS masked
$$;

CREATE FUNCTION spoor.kql_format_ipv4(ip bigint, prefix bigint, with_mask boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT spoor.kql_format_ipv4(
    CASE WHEN ip BETWEEN 0 AND 4294967295 THEN host('0.0.0.0'::inet + ip) END, prefix, with_mask)
$$;

-- bag_remove_keys(bag, keys) (bag-remove-keys-function.md): the bag without the given keys. `paths` holds each key as
-- the array of member names that leads to it: ["key2"] for a top-level key, ["key2", "prop1"] for the JSONPath
-- '$.key2.prop1' (the binder reads the paths; array indexing is not supported, as documented). A nested key is
-- removed only where its parent is a property bag. Null when `bag` is not a property bag.
CREATE FUNCTION spoor.kql_bag_remove_keys(bag jsonb, paths jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  path jsonb;
  steps text[];
BEGIN
  IF jsonb_typeof(bag) IS DISTINCT FROM 'object' THEN
    RETURN NULL;
  END IF;
  FOR path IN SELECT jsonb_array_elements(paths) LOOP
    steps := ARRAY(SELECT jsonb_array_elements_text(path));
    IF cardinality(steps) = 1 THEN
      bag := bag - steps[1];
    ELSIF cardinality(steps) > 1 AND jsonb_typeof(bag #> steps[1:cardinality(steps) - 1]) = 'object' THEN
      bag := bag #- steps;
    END IF;
  END LOOP;
  RETURN bag;
END
$$;

-- make_timespan(hour, minute), (hour, minute, second) and (day, hour, minute, second) (make-timespanfunction.md): the
-- duration, or null (never an error) when a part is outside its documented range: day at least 0, hour 0–23, minute
-- 0–59, second at least 0 and below 60. The binder gives the missing leading day and trailing second as 0. Seconds
-- keep PostgreSQL's microseconds (Kusto keeps 100 ns ticks).
CREATE FUNCTION spoor.kql_make_timespan(day bigint, hour bigint, minute bigint, second double precision)
RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN day >= 0 AND day <= 10675199 AND hour BETWEEN 0 AND 23 AND minute BETWEEN 0 AND 59 AND second >= 0
      AND second < 60 THEN
      make_interval(days => day::integer, hours => hour::integer, mins => minute::integer, secs => second)
  END
$$;
