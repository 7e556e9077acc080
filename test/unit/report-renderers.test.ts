import { describe, expect, it } from 'vitest';
import { alterSystemStatements, renderAlterSystem, sqlLiteral } from '../../lib/report/render-alter-system';
import { renderHtml } from '../../lib/report/render-html';
import { confValue, renderPostgresqlConf } from '../../lib/report/render-postgresql-conf';
import { renderTerminalTable } from '../../lib/report/render-terminal-table';
import { gainText } from '../../lib/report/verdict-text';
import { REPORT_FORMAT, type ReportDocument, type ReportIteration } from '../../lib/report/report-document';

// A hand-built document with known numbers: work_mem 4MB -> 64MB, shared_buffers 128MB -> 1GB
// (a restart knob), checkpoint_completion_target unchanged; one failed step.
function run(seq: number, kind: ReportIteration['kind'], n: number, tps: number | null, knobs: Record<string, string>, extra: Partial<ReportIteration> = {}): ReportIteration {
  return {
    seq,
    kind,
    n,
    label: null,
    round: null,
    knobs: Object.entries(knobs).map(([name, value]) => ({ name, value })),
    tps,
    latency: tps === null ? { avgMs: null, p95Ms: null, p99Ms: null } : { avgMs: 4000 / tps, p95Ms: 9000 / tps, p99Ms: 14000 / tps },
    reward: kind === 'step' ? 0.1 : null,
    error: null,
    restarted: false,
    rolledBack: false,
    at: new Date(Date.UTC(2026, 10, 25, 14, seq)).toISOString(),
    ...extra,
  };
}

const BASE = { work_mem: '4096', shared_buffers: '16384', checkpoint_completion_target: '0.9' };
const BEST = { work_mem: '65536', shared_buffers: '131072', checkpoint_completion_target: '0.9' };

function sampleDoc(): ReportDocument {
  const knob = (name: string, value: string, display: string) => ({ name, value, display });
  return {
    format: REPORT_FORMAT,
    generatedAt: '2026-11-25T15:00:00.000Z',
    session: {
      id: '11111111-2222-4333-8444-555555555555',
      status: 'finished',
      options: { iterations: 3, agent: 'ddpg', verifyRepeats: 3, benchmark: { scripts: [{ builtin: 'tpcb-like' }], clients: 4, durationS: 30, warmupS: 5 } },
      createdAt: '2026-11-25T13:59:00.000Z',
      startedAt: '2026-11-25T14:00:00.000Z',
      finishedAt: '2026-11-25T14:30:00.000Z',
      durationS: 1800,
      error: null,
      stepsDone: 3,
      stepsPlanned: 3,
    },
    instance: {
      id: '99999999-2222-4333-8444-555555555555',
      name: 'db-1',
      target: 'postgres://postgres@127.0.0.1:5432/pgbench',
      serverVersion: '15.8',
      collectorAddress: '127.0.0.1:7002',
      host: { memoryBytes: 8 * 1024 ** 3, cpus: 2 },
    },
    knobs: [
      { name: 'work_mem', unit: 'kB', scale: 'log', restartRequired: false },
      { name: 'checkpoint_completion_target', unit: null, scale: 'linear', restartRequired: false },
      { name: 'shared_buffers', unit: '8kB', scale: 'log', restartRequired: true },
    ],
    baseline: {
      knobs: [knob('work_mem', '4096', '4MB'), knob('checkpoint_completion_target', '0.9', '0.9'), knob('shared_buffers', '16384', '128MB')],
      tps: 1000,
      latency: { avgMs: 4, p95Ms: 9, p99Ms: 14 },
      runs: 3,
      source: 'verification',
    },
    recommended: {
      knobs: [knob('work_mem', '65536', '64MB'), knob('checkpoint_completion_target', '0.9', '0.9'), knob('shared_buffers', '131072', '1GB')],
      tps: 1250,
      latency: { avgMs: 3.2, p95Ms: 7.2, p99Ms: 11.2 },
      runs: 3,
      source: 'verification',
      label: 'candidate-1',
      fromIteration: 2,
      appliedBest: false,
    },
    conclusion: { state: 'recommended', text: 'TPS +25.0% (95% CI +10.0% .. +40.0%), p95 latency -20.0% (95% CI -30.0% .. -10.0%) over 3 interleaved pairs' },
    knobChanges: [
      { name: 'work_mem', from: '4096', to: '65536', fromDisplay: '4MB', toDisplay: '64MB', changed: true, restartRequired: false },
      { name: 'checkpoint_completion_target', from: '0.9', to: '0.9', fromDisplay: '0.9', toDisplay: '0.9', changed: false, restartRequired: false },
      { name: 'shared_buffers', from: '16384', to: '131072', fromDisplay: '128MB', toDisplay: '1GB', changed: true, restartRequired: true },
    ],
    restartRequiredFor: ['shared_buffers'],
    verification: {
      repeats: 3,
      maxRounds: 5,
      minGain: 0.03,
      confidence: 0.99,
      looks: 3,
      tpsRatio: { median: 1.25, low: 1.1, high: 1.4, resolution: 0.128 },
      p95Ratio: { median: 0.8, low: 0.7, high: 0.9, resolution: 0.134 },
      significant: true,
      summary: 'TPS +25.0% (95% CI +10.0% .. +40.0%)',
      caveats: ['runs lasted 30 s; effects that need hours are not measured'],
      chosen: 'candidate-1',
      appliedBest: false,
      baselineRuns: { tps: [990, 1000, 1010], latencyAvgMs: [4, 4, 4], p95Ms: [9, 9, 9], p99Ms: [14, 14, 14] },
      candidates: [
        {
          label: 'candidate-1',
          fromIteration: 2,
          knobs: [knob('work_mem', '65536', '64MB'), knob('checkpoint_completion_target', '0.9', '0.9'), knob('shared_buffers', '131072', '1GB')],
          tpsRatio: { median: 1.25, low: 1.1, high: 1.4, resolution: 0.128 },
          p95Ratio: { median: 0.8, low: 0.7, high: 0.9, resolution: 0.134 },
          runs: { tps: [1240, 1250, 1260], latencyAvgMs: [3.2, 3.2, 3.2], p95Ms: [7.2, 7.2, 7.2], p99Ms: [11.2, 11.2, 11.2] },
          tps: 1250,
          latency: { avgMs: 3.2, p95Ms: 7.2, p99Ms: 11.2 },
          chosen: true,
          rounds: 3,
          decision: 'better',
        },
      ],
    },
    ablation: null,
    drift: { runs: 1, firstTps: 1000, lastTps: 1000, minTps: 1000, maxTps: 1000, change: 0 },
    iterations: [
      run(1, 'baseline', 1, 1000, BASE),
      run(2, 'step', 1, null, { ...BASE, shared_buffers: '262144' }, { restarted: true, rolledBack: true, error: 'server did not restart' }),
      run(3, 'step', 2, 1260, BEST),
      run(4, 'step', 3, 1100, { ...BASE, work_mem: '16384' }),
      run(5, 'verify', 1, 990, BASE, { label: 'baseline', round: 0 }),
      run(6, 'verify', 2, 1240, BEST, { label: 'candidate-1', round: 0 }),
    ],
  };
}

/** The document with a hostile value in the recommendation: SQL and conf quoting, HTML markup, a URL. */
function hostileDoc(): ReportDocument {
  const doc = sampleDoc();
  const value = "x'; DROP TABLE t; --\\";
  doc.recommended!.knobs.push({ name: 'search_path', value, display: value });
  doc.recommended!.knobs.push({ name: 'application_name', value: 'two\nlines', display: 'two\nlines' });
  doc.recommended!.knobs.push({ name: "work_mem = '1'; DROP TABLE t; --", value: '1', display: '1' });
  doc.knobChanges.push({ name: 'search_path', from: null, to: value, fromDisplay: null, toDisplay: value, changed: true, restartRequired: false });
  doc.knobChanges.push({ name: '<script>alert("knob")</script>', from: '<b>1</b>', to: '<img src=x onerror=alert(1)>', fromDisplay: '<b>1</b>', toDisplay: '<img src=x onerror=alert(1)>', changed: true, restartRequired: false });
  doc.instance.name = 'db"><script>alert(1)</script>';
  doc.session.error = 'see https://evil.example/x.js <a href="http://evil.example">here</a>';
  doc.verification!.caveats.push('<iframe src="https://evil.example"></iframe>');
  doc.iterations[1]!.error = '\u001b[31mred\u001b[0m <svg onload=alert(1)> https://evil.example/pwn.js';
  doc.iterations[2]!.knobs.push({ name: 'search_path', value: '"><script>alert(2)</script>' });
  return doc;
}

describe('terminal table', () => {
  it('shows baseline vs recommended with changes, each knob old -> new in human units, and the verdict', () => {
    const text = renderTerminalTable(sampleDoc());
    const lines = text.split('\n');
    expect(lines[0]).toBe('pg-autotune report: session 11111111-2222-4333-8444-555555555555 (finished)');
    expect(text).toContain('db-1 postgres://postgres@127.0.0.1:5432/pgbench, PostgreSQL 15.8, 8GB RAM, 2 CPUs');
    expect(lines.find((l) => l.startsWith('TPS'))).toMatch(/^TPS\s+1,000\.0\s+1,250\.0\s+\+25\.0% better$/);
    expect(lines.find((l) => l.startsWith('latency avg'))).toMatch(/4\.00\s+3\.20\s+-20\.0% better$/);
    expect(lines.find((l) => l.startsWith('latency p95'))).toMatch(/9\.00\s+7\.20\s+-20\.0% better$/);
    expect(lines.find((l) => l.startsWith('latency p99'))).toMatch(/14\.0\s+11\.2\s+-20\.0% better$/);
    expect(lines.find((l) => l.startsWith('work_mem'))).toMatch(/^work_mem\s+4MB\s+->\s+64MB$/);
    expect(lines.find((l) => l.startsWith('shared_buffers'))).toMatch(/^shared_buffers \*\s+128MB\s+->\s+1GB$/);
    expect(lines.find((l) => l.startsWith('checkpoint_completion_target'))).toMatch(/0\.9\s+\(unchanged\)$/);
    expect(text).toContain('* takes effect only after a restart');
    expect(lines.find((l) => l.startsWith('verdict:'))).toBe(
      'verdict: recommended: TPS +25.0% (95% CI +10.0% .. +40.0%), p95 latency -20.0% (95% CI -30.0% .. -10.0%) over 3 interleaved pairs',
    );
  });

  it('says why there is no recommendation, with the recommended column empty', () => {
    const doc = sampleDoc();
    doc.recommended = null;
    doc.verification = null;
    doc.session.status = 'failed';
    doc.conclusion = { state: 'unavailable', text: 'the session failed: collector unreachable; it made no recommendation' };
    doc.knobChanges = doc.knobChanges.map((c) => ({ ...c, to: null, toDisplay: null, changed: false }));
    doc.restartRequiredFor = [];
    const text = renderTerminalTable(doc);
    expect(text).toMatch(/^TPS\s+1,000\.0\s+–$/m);
    expect(text).toMatch(/^work_mem\s+4MB$/m);
    expect(text).toContain('verdict: no recommendation: the session failed: collector unreachable; it made no recommendation');
  });

  it('prints stored text without terminal escape sequences or line breaks', () => {
    const doc = hostileDoc();
    doc.conclusion.text = 'evil \u001b[2J\u001b[31mred\nsecond line';
    const text = renderTerminalTable(doc);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('verdict: recommended: evil [2J [31mred second line');
  });
});

describe('ALTER SYSTEM', () => {
  it('sets every recommended knob in human units, notes the old value, reloads and names the restart knobs', () => {
    const sql = renderAlterSystem(sampleDoc());
    expect(sql.split('\n')).toEqual([
      '-- pg-autotune session 11111111-2222-4333-8444-555555555555: recommended',
      "ALTER SYSTEM SET work_mem = '64MB';  -- was 4MB",
      "ALTER SYSTEM SET checkpoint_completion_target = '0.9';  -- unchanged",
      "ALTER SYSTEM SET shared_buffers = '1GB';  -- was 128MB, needs a restart",
      'SELECT pg_reload_conf();',
      '-- then restart the server: shared_buffers takes effect only after a restart',
      '',
    ]);
    expect(alterSystemStatements(sampleDoc())).toEqual([
      "ALTER SYSTEM SET work_mem = '64MB';",
      "ALTER SYSTEM SET checkpoint_completion_target = '0.9';",
      "ALTER SYSTEM SET shared_buffers = '1GB';",
    ]);
  });

  it('quotes a hostile value so it stays one literal, and skips what no literal can hold', () => {
    const sql = renderAlterSystem(hostileDoc());
    // Quotes doubled; the backslash makes it an E'' literal with the backslash doubled, which
    // means the same whatever standard_conforming_strings is.
    expect(sql).toContain("ALTER SYSTEM SET search_path = E'x''; DROP TABLE t; --\\\\';");
    expect(sql).toContain('-- skipped "application_name": its value holds a line break or control character');
    expect(sql).toContain('-- skipped "work_mem = \'1\'; DROP TABLE t; --": not a valid parameter name');
    expect(sql).not.toMatch(/^ALTER SYSTEM SET application_name/m);
    expect(sql).not.toMatch(/^lines/m);
    for (const line of sql.split('\n').filter((l) => l.startsWith('ALTER'))) {
      expect(line).toMatch(/^ALTER SYSTEM SET [a-z_]+ = E?'(?:[^'\\]|''|\\\\)*';(  -- .*)?$/);
    }
  });

  it('literals: plain, quote, backslash', () => {
    expect(sqlLiteral('64MB')).toBe("'64MB'");
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('a\\b')).toBe("E'a\\\\b'");
  });

  it('is only comments without a recommendation', () => {
    const doc = sampleDoc();
    doc.recommended = null;
    doc.conclusion = { state: 'no-improvement', text: 'no improvement: keep the current configuration' };
    const sql = renderAlterSystem(doc);
    expect(sql.trim().split('\n').every((l) => l.startsWith('--'))).toBe(true);
    expect(sql).toContain('keep the current configuration');
    expect(alterSystemStatements(doc)).toEqual([]);
  });
});

describe('postgresql.conf snippet', () => {
  it('has a header with session, date, measured gain and the restart knobs, then one line per knob', () => {
    const conf = renderPostgresqlConf(sampleDoc());
    expect(conf.split('\n')).toEqual([
      '# pg-autotune recommendation',
      '# session: 11111111-2222-4333-8444-555555555555 on instance db-1',
      '# date: 2026-11-25 14:30 UTC (session finished)',
      '# verdict: recommended',
      '# measured: TPS +25.0% (99% CI +10.0% .. +40.0%), p95 latency -20.0% (99% CI -30.0% .. -10.0%), 3',
      '#   of at most 5 bracketed rounds, resolution ±12.8% TPS, a significant improvement',
      '# restart needed for: shared_buffers',
      "work_mem = '64MB'                     # was 4MB",
      "checkpoint_completion_target = '0.9'  # unchanged",
      "shared_buffers = '1GB'                # was 128MB, needs a restart",
      '',
    ]);
  });

  it('escapes quotes and backslashes as the configuration file reads them, and skips line breaks', () => {
    const conf = renderPostgresqlConf(hostileDoc());
    expect(conf).toContain("search_path = 'x''; DROP TABLE t; --\\\\'");
    expect(conf).toContain('# skipped "application_name": its value holds a line break or control character');
    expect(conf.split('\n').every((l) => l === '' || l.startsWith('#') || /^[a-z_]+ = '(?:[^'\\]|''|\\\\)*'\s+# /.test(l))).toBe(true);
    expect(confValue("a'b\\c")).toBe("'a''b\\\\c'");
  });

  it("gives the recommended candidate's own rounds when it stopped before the baseline's last round", () => {
    const doc = sampleDoc();
    doc.verification!.repeats = 5;
    doc.verification!.candidates[0]!.rounds = 4;
    expect(gainText(doc.verification!)).toContain(', 4 of at most 5 bracketed rounds,');
    doc.verification!.candidates[0]!.rounds = 5;
    expect(gainText(doc.verification!)).toContain(', 5 bracketed rounds,');
  });

  it('says "none" when no changed knob needs a restart', () => {
    const doc = sampleDoc();
    doc.restartRequiredFor = [];
    expect(renderPostgresqlConf(doc)).toContain('# restart needed for: none (a reload is enough)');
  });
});

describe('HTML page', () => {
  it('is self-contained: no script, no external URL in any src or href, a CSP that forbids loading', () => {
    const html = renderHtml(hostileDoc());
    // Every "<" of the stored text is escaped, so the page's tags are exactly the "<name ...>" in it.
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    for (const tag of tags) {
      expect(tag).not.toMatch(/\s(?:src|href|xlink:href|action|formaction|srcset|background|on[a-z]+)\s*=/i);
      expect(tag).not.toMatch(/https?:|\/\//i);
      expect(tag).not.toMatch(/^<(?:script|link|img|iframe|object|embed|image|use|foreignObject|base|form)\b/i);
    }
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  it('escapes hostile knob names, values, errors and caveats', () => {
    const html = renderHtml(hostileDoc());
    expect(html).toContain('&lt;script&gt;alert(&quot;knob&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('db&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;a href=&quot;http://evil.example&quot;&gt;here&lt;/a&gt;');
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).not.toContain('onerror=alert(1)>');
    expect(html).not.toContain('<svg onload');
  });

  it('has the charts, the verification table with ratios and intervals, the caveats and the settings', () => {
    const html = renderHtml(sampleDoc());
    expect(html).toContain('aria-label="TPS per run"');
    expect(html).toContain('aria-label="p95 latency per run"');
    expect(html).toContain('class="band-baseline"'); // the baseline configuration's range
    expect(html).toContain('class="line-best"');
    expect(html).toContain('aria-label="work_mem per run"');
    expect(html).toContain('aria-label="shared_buffers per run"');
    expect(html).toContain('<strong>+25.0%</strong> <span class="ci-text">99% CI +10.0% .. +40.0%</span>');
    expect(html).toContain('<strong>-20.0%</strong> <span class="ci-text">99% CI -30.0% .. -10.0%</span>');
    // Rounds, resolution and decision per candidate, and what the level and resolution mean.
    expect(html).toContain('<td class="num">3</td>');
    expect(html).toContain('<td class="num">±12.8% TPS</td>\n<td>better, recommended</td>');
    expect(html).toContain('at 99%: 95% split over 1 candidate and 3 looks each (Bonferroni)');
    expect(html).toContain('runs lasted 30 s; effects that need hours are not measured');
    expect(html).toContain('ALTER SYSTEM SET work_mem = &#39;64MB&#39;;');
    expect(html).toContain('shared_buffers = &#39;1GB&#39;');
    expect(html).toContain('server did not restart');
  });

  it('renders a session that has no run yet', () => {
    const doc = sampleDoc();
    Object.assign(doc, { iterations: [], baseline: null, recommended: null, verification: null, drift: null, knobChanges: [], restartRequiredFor: [] });
    doc.conclusion = { state: 'unavailable', text: 'the session has not started yet; nothing was measured' };
    const html = renderHtml(doc);
    expect(html).toContain('No run stored yet.');
    expect(html).toContain('the session has not started yet');
  });
});
