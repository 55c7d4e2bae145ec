-- Up Migration

-- Raises when a condition inside a single-statement write does not hold, so the whole
-- statement (and every data-modifying CTE in it) rolls back instead of committing half.
CREATE FUNCTION assert_true(condition boolean, message text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF condition IS NOT TRUE THEN
    RAISE EXCEPTION 'assertion failed: %', message USING ERRCODE = 'P0004';
  END IF;
  RETURN true;
END;
$$;

-- Down Migration
DROP FUNCTION assert_true(boolean, text);
