import type { Migration } from './migration';

/**
 * Instances, sessions, every iteration, model checkpoints and recommendations: everything
 * needed to report on a session, resume it, or rebuild its replay buffer.
 * gen_random_uuid() is built into PostgreSQL 13 and later.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  sql: (t) => `
CREATE TABLE ${t.instances} (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name              text NOT NULL UNIQUE,
  collector_address text NOT NULL,
  -- the target's DSN without its password (PgTarget.describe())
  target            text,
  server_version    text,
  host_memory_bytes bigint,
  host_cpus         integer,
  registered_at     timestamptz NOT NULL DEFAULT now(),
  last_heartbeat_at timestamptz
);

CREATE TABLE ${t.sessions} (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instance_id  uuid NOT NULL REFERENCES ${t.instances} (id) ON DELETE CASCADE,
  options      jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'running', 'verifying', 'finished', 'failed', 'cancelled')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  error        text,
  claimed_by   text,
  heartbeat_at timestamptz
);
-- what claimNext scans: the sessions still to run or resume, oldest first
CREATE INDEX ON ${t.sessions} (created_at) WHERE status IN ('pending', 'running', 'verifying');
CREATE INDEX ON ${t.sessions} (instance_id, created_at);

CREATE TABLE ${t.iterations} (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id     uuid NOT NULL REFERENCES ${t.sessions} (id) ON DELETE CASCADE,
  kind           text NOT NULL CHECK (kind IN ('baseline', 'step', 'verify', 'drift')),
  n              integer NOT NULL CHECK (n >= 0),
  knobs          jsonb NOT NULL DEFAULT '[]',
  metrics        jsonb NOT NULL DEFAULT '{}',
  tps            double precision,
  latency_avg_ms double precision,
  latency_p95_ms double precision,
  latency_p99_ms double precision,
  reward         double precision,
  state          double precision[],
  action         double precision[],
  error          text,
  restarted      boolean NOT NULL DEFAULT false,
  rolled_back    boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, kind, n)
);

CREATE TABLE ${t.checkpoints} (
  session_id uuid NOT NULL REFERENCES ${t.sessions} (id) ON DELETE CASCADE,
  step       integer NOT NULL CHECK (step >= 0),
  weights    bytea NOT NULL,
  normalizer jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, step)
);

CREATE TABLE ${t.recommendations} (
  session_id uuid PRIMARY KEY REFERENCES ${t.sessions} (id) ON DELETE CASCADE,
  knobs      jsonb NOT NULL,
  report     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
};
