-- Fleet queries over ten thousand companies in a few milliseconds: a narrow index holding every
-- column the fleet filters and sorts on (filters and counts read it alone, not the wide rows), an
-- index for each sort in each direction (ties by name, then id, ascending), and the counts per
-- health kept up to date by triggers so the summary never counts the companies again.
DROP INDEX fleet_companies_health;
CREATE INDEX fleet_companies_health ON fleet_companies (health_rank, name_key COLLATE "C", id COLLATE "C")
  INCLUDE (oldest_last_sync, read_at, platforms, problem_types);
CREATE INDEX fleet_companies_health_desc ON fleet_companies (health_rank DESC, name_key COLLATE "C", id COLLATE "C");
CREATE INDEX fleet_companies_name_desc ON fleet_companies (name_key COLLATE "C" DESC, id COLLATE "C");
CREATE INDEX fleet_companies_oldest_sync ON fleet_companies (oldest_last_sync NULLS FIRST, name_key COLLATE "C", id COLLATE "C");
CREATE INDEX fleet_companies_oldest_sync_desc ON fleet_companies (oldest_last_sync DESC NULLS LAST, name_key COLLATE "C", id COLLATE "C");
CREATE INDEX fleet_companies_read_at ON fleet_companies (read_at NULLS FIRST, name_key COLLATE "C", id COLLATE "C");
CREATE INDEX fleet_companies_read_at_desc ON fleet_companies (read_at DESC NULLS LAST, name_key COLLATE "C", id COLLATE "C");

CREATE TABLE fleet_health_counts (
  health text PRIMARY KEY,
  companies integer NOT NULL
);
INSERT INTO fleet_health_counts (health, companies)
  SELECT health, count(*) FROM fleet_companies GROUP BY health;

-- Once per statement, whatever its size; counts change in a fixed order so writers never deadlock.
CREATE FUNCTION fleet_health_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deltas jsonb;
  change record;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE fleet_health_counts SET companies = 0 WHERE companies <> 0;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT jsonb_object_agg(health, n) INTO deltas
      FROM (SELECT health, count(*) AS n FROM fleet_counted_new GROUP BY health) x;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_object_agg(health, -n) INTO deltas
      FROM (SELECT health, count(*) AS n FROM fleet_counted_old GROUP BY health) x;
  ELSE
    SELECT jsonb_object_agg(health, n) INTO deltas
      FROM (SELECT health, sum(delta) AS n FROM (
          SELECT health, 1 AS delta FROM fleet_counted_new
          UNION ALL SELECT health, -1 AS delta FROM fleet_counted_old) d
        GROUP BY health HAVING sum(delta) <> 0) x;
  END IF;
  FOR change IN
    SELECT key AS health, value::integer AS delta FROM jsonb_each_text(coalesce(deltas, '{}'))
    ORDER BY key
  LOOP
    INSERT INTO fleet_health_counts AS c (health, companies) VALUES (change.health, change.delta)
      ON CONFLICT (health) DO UPDATE SET companies = c.companies + EXCLUDED.companies;
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER fleet_health_counts_insert AFTER INSERT ON fleet_companies
  REFERENCING NEW TABLE AS fleet_counted_new
  FOR EACH STATEMENT EXECUTE FUNCTION fleet_health_counts_follow();
CREATE TRIGGER fleet_health_counts_update AFTER UPDATE ON fleet_companies
  REFERENCING OLD TABLE AS fleet_counted_old NEW TABLE AS fleet_counted_new
  FOR EACH STATEMENT EXECUTE FUNCTION fleet_health_counts_follow();
CREATE TRIGGER fleet_health_counts_delete AFTER DELETE ON fleet_companies
  REFERENCING OLD TABLE AS fleet_counted_old
  FOR EACH STATEMENT EXECUTE FUNCTION fleet_health_counts_follow();
CREATE TRIGGER fleet_health_counts_truncate AFTER TRUNCATE ON fleet_companies
  FOR EACH STATEMENT EXECUTE FUNCTION fleet_health_counts_follow();
