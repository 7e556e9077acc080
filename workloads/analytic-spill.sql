-- An analytic transaction over pgbench's accounts: a full sort and a grouped aggregate over
-- a random window of 30,000 rows (about 4 MB of rows to sort, 10,000 groups). With work_mem
-- at its 64 kB floor both spill to temporary files (pg_stat_database.temp_bytes); at 64 MB
-- both stay in memory. OFFSET keeps the sort whole (a LIMIT alone would allow a top-N
-- heapsort in a few kB).
\set lo random(1, 100000 * :scale - 30000)
SELECT aid, abalance FROM pgbench_accounts
 WHERE aid BETWEEN :lo AND :lo + 29999
 ORDER BY filler DESC, abalance
OFFSET 29990;
SELECT aid % 10000 AS bucket, count(*), sum(abalance)
  FROM pgbench_accounts
 WHERE aid BETWEEN :lo AND :lo + 29999
 GROUP BY bucket
HAVING count(*) > 3;
