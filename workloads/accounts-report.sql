-- A reporting query over pgbench's tables: a grouped aggregate and a sort whose memory comes
-- from work_mem (hash_mem_multiplier x work_mem for the hash). Mix it with the built-in
-- OLTP scripts to tune for both: --workload tpcb-like@9 --workload workloads/accounts-report.sql@1
\set bucket random(1, 100)
SELECT bid, abalance / 1000 AS band, count(*), sum(abalance)
  FROM pgbench_accounts
 WHERE aid % 100 = :bucket
 GROUP BY bid, band
 ORDER BY count(*) DESC
 LIMIT 20;
