import { describe, expect, it } from 'vitest';
import { ablationSummaryText } from '../../lib/report/ablation-text';
import { buildReport, type ReportSource } from '../../lib/report/build-report';
import { renderHtml } from '../../lib/report/render-html';
import { renderTerminalTable } from '../../lib/report/render-terminal-table';
import type { AblationSection } from '../../lib/report/report-document';
import { parseReportDocument } from '../../lib/report/report-document-schema';
import { SAMPLE_SESSION_ID, sampleReportSource } from '../../lib/report/sample-report-source';
import type { AblationRecord } from '../../lib/store/verification-record';
import { toRecommendationReport } from '../../services/recommendation/recommendation-report';

/**
 * The ablation from the stored record to every view: the report document (and its JSON
 * schema), the terminal table, the HTML page, and the Recommendation service's answer.
 */
const ABLATION: AblationRecord = {
  rounds: 3,
  maxRounds: 3,
  confidence: 1 - 0.05 / 3,
  minGain: 0.03,
  skipped: null,
  knobs: [
    {
      knob: 'checkpoint_timeout',
      recommended: '1800',
      reverted: '300',
      tpsWorth: { median: 1.2, low: 1.12, high: 1.29, resolution: 0.07 },
      p95Worth: { median: 0.84, low: 0.78, high: 0.9, resolution: 0.07 },
      verdict: 'carries gain',
      rounds: 3,
    },
    {
      knob: 'work_mem',
      recommended: '65536',
      reverted: '4096',
      tpsWorth: { median: 1.01, low: 0.95, high: 1.07, resolution: 0.06 },
      p95Worth: { median: 0.99, low: 0.93, high: 1.05, resolution: 0.06 },
      verdict: 'adds nothing measurable',
      rounds: 3,
    },
    {
      knob: 'wal_writer_delay',
      recommended: '10',
      reverted: '200',
      tpsWorth: { median: 0.9, low: 0.85, high: 0.95, resolution: 0.06 },
      p95Worth: { median: 1.1, low: 1.05, high: 1.16, resolution: 0.06 },
      verdict: 'hurts',
      rounds: 3,
    },
  ],
};

function sourceWith(ablation: AblationRecord | undefined): ReportSource {
  const source = sampleReportSource();
  return {
    ...source,
    recommendations: {
      get: async (id) => {
        const stored = await source.recommendations.get(id);
        return { ...stored, report: { ...stored.report, ...(ablation ? { ablation } : {}) } };
      },
    },
  };
}

function section(knobs: Array<[string, AblationSection['knobs'][number]['verdict']]>, skipped: string | null = null): AblationSection {
  const unit = { median: 1, low: 1, high: 1, resolution: null };
  return {
    rounds: 3,
    maxRounds: 3,
    confidence: 0.98,
    minGain: 0.03,
    skipped,
    knobs: knobs.map(([knob, verdict]) => ({ knob, recommended: '2', reverted: '1', recommendedDisplay: '2', revertedDisplay: '1', tpsWorth: unit, p95Worth: unit, verdict, rounds: 3 })),
  };
}

describe('the ablation in the report', () => {
  it('reaches the document with values in human units, and survives its JSON schema; an older document reads as no ablation', async () => {
    const doc = await buildReport(sourceWith(ABLATION), SAMPLE_SESSION_ID);
    expect(doc.ablation!.knobs.map((k) => [k.knob, k.recommendedDisplay, k.revertedDisplay, k.verdict])).toEqual([
      ['checkpoint_timeout', '30min', '5min', 'carries gain'],
      ['work_mem', '64MB', '4MB', 'adds nothing measurable'],
      ['wal_writer_delay', '10ms', '200ms', 'hurts'],
    ]);
    expect(parseReportDocument(JSON.stringify(doc), 'report_json').ablation).toEqual(doc.ablation);
    const { ablation: _dropped, ...older } = doc;
    expect(parseReportDocument(JSON.stringify(older), 'report_json').ablation).toBeNull();
    expect((await buildReport(sourceWith(undefined), SAMPLE_SESSION_ID)).ablation).toBeNull();
  });

  it('the terminal table lists each knob worth with its interval and verdict, then names the smaller change', async () => {
    const text = renderTerminalTable(await buildReport(sourceWith(ABLATION), SAMPLE_SESSION_ID));
    expect(text).toContain('ablation: each changed knob reverted alone (98.33% intervals; worth = recommended / without the knob)');
    expect(text).toMatch(/checkpoint_timeout\s+30min\s+5min\s+3\s+\+20\.0% \(\+12\.0% \.\. \+29\.0%\)\s+-16\.0% \(-22\.0% \.\. -10\.0%\)\s+carries gain/);
    expect(text).toMatch(/work_mem\s+64MB\s+4MB\s+3\s+\+1\.0% \(-5\.0% \.\. \+7\.0%\).*adds nothing measurable/);
    const flat = text.replace(/\n/g, ' ');
    expect(flat).toContain('Knobs that add nothing measurable: work_mem; knobs that hurt when kept: wal_writer_delay; the rest (checkpoint_timeout) carries the gain');
    expect(flat).toContain('Knobs were reverted one at a time: interactions are not measured.');
  });

  it('the HTML page has the section, verdict tags and the method, with every stored text escaped', async () => {
    const hostile = { ...ABLATION, knobs: [...ABLATION.knobs, { ...ABLATION.knobs[1]!, knob: '<img src=x onerror=alert(1)>' }] };
    const html = renderHtml(await buildReport(sourceWith(hostile), SAMPLE_SESSION_ID));
    expect(html).toContain('<h2>What each knob is worth</h2>');
    expect(html).toContain('<span class="tag good">carries gain</span>');
    expect(html).toContain('Knobs were reverted one at a time, so interactions between them are not measured.');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The ablation's runs are not in the sample; its absence leaves no section.
    expect(renderHtml(await buildReport(sourceWith(undefined), SAMPLE_SESSION_ID))).not.toContain('What each knob is worth');
  });

  it('the summary: all carry, none carries, skipped', () => {
    expect(ablationSummaryText(section([['a', 'carries gain'], ['b', 'carries gain']]))).toBe(
      'Every changed knob carries part of the gain. Knobs were reverted one at a time: interactions are not measured.',
    );
    expect(ablationSummaryText(section([['a', 'adds nothing measurable'], ['b', 'adds nothing measurable']]))).toMatch(
      /^Knobs that add nothing measurable: a, b; no knob alone carries a measurable part of the gain/,
    );
    expect(ablationSummaryText(section([], 'only one knob changed'))).toBe('No per-knob ablation: only one knob changed.');
  });

  it('the Recommendation service answers with one KnobAblation per knob', async () => {
    const source = sourceWith(ABLATION);
    const answer = toRecommendationReport(await source.recommendations.get(SAMPLE_SESSION_ID), await source.sessions.get(SAMPLE_SESSION_ID));
    expect(answer.ablation).toEqual(
      ABLATION.knobs.map((k) => ({
        knob: k.knob,
        recommendedValue: k.recommended,
        revertedValue: k.reverted,
        tpsWorth: { median: k.tpsWorth.median, low: k.tpsWorth.low, high: k.tpsWorth.high },
        p95Worth: { median: k.p95Worth.median, low: k.p95Worth.low, high: k.p95Worth.high },
        verdict: k.verdict,
        rounds: 3,
      })),
    );
  });
});
