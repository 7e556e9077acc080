import { describe, expect, it } from 'vitest';
import { displayKnobValue, knobInfo, knobNumber, settingText } from '../../lib/report/knob-display';
import { escapeHtml } from '../../lib/report/html-escape';
import { oneLine } from '../../lib/report/plain-text';
import { formatChange, formatMs, formatNumber, median } from '../../lib/report/report-numbers';

describe('knob values for people', () => {
  it('are shown in the largest unit they fill, reals to 3 decimals, choices and unknown knobs as stored', () => {
    expect(displayKnobValue('work_mem', '65536')).toBe('64MB');
    expect(displayKnobValue('shared_buffers', '16384')).toBe('128MB');
    expect(displayKnobValue('checkpoint_timeout', '900')).toBe('15min');
    expect(displayKnobValue('wal_writer_delay', '200')).toBe('200ms');
    expect(displayKnobValue('work_mem', '1501')).toBe('1.47MB');
    expect(displayKnobValue('checkpoint_completion_target', '0.71814')).toBe('0.718');
    expect(displayKnobValue('wal_buffers', '-1')).toBe('-1');
    expect(displayKnobValue('jit', 'off')).toBe('off');
    expect(displayKnobValue('no_such_knob', 'x y')).toBe('x y');
  });
});

describe('knob values as settings', () => {
  it('use the largest unit that holds the value as a whole number, never rounding', () => {
    expect(settingText('work_mem', '65536')).toBe('64MB');
    expect(settingText('work_mem', '1048576')).toBe('1GB');
    expect(settingText('work_mem', '1572864')).toBe('1536MB');
    expect(settingText('work_mem', '1501')).toBe('1501kB');
    expect(settingText('shared_buffers', '131072')).toBe('1GB');
    expect(settingText('shared_buffers', '3')).toBe('24kB'); // 3 pages of 8 kB
    expect(settingText('max_wal_size', '2048')).toBe('2GB');
    expect(settingText('checkpoint_timeout', '300')).toBe('5min');
    expect(settingText('checkpoint_timeout', '7200')).toBe('2h');
    expect(settingText('checkpoint_timeout', '301')).toBe('301s');
    expect(settingText('wal_writer_delay', '2000')).toBe('2s');
    expect(settingText('wal_writer_delay', '58')).toBe('58ms');
  });

  it('leave reals, special values, unitless knobs, choices and unknown knobs as stored', () => {
    expect(settingText('checkpoint_completion_target', '0.7181')).toBe('0.7181');
    expect(settingText('wal_buffers', '-1')).toBe('-1');
    expect(settingText('commit_delay', '1000')).toBe('1000');
    expect(settingText('jit', 'on')).toBe('on');
    expect(settingText('search_path', "x'y")).toBe("x'y");
    expect(settingText('work_mem', '64MB')).toBe('64MB');
  });

  it('describe the knob: unit, scale, restart', () => {
    expect(knobInfo('shared_buffers')).toEqual({ name: 'shared_buffers', unit: '8kB', scale: 'log', restartRequired: true });
    expect(knobInfo('random_page_cost')).toEqual({ name: 'random_page_cost', unit: null, scale: 'linear', restartRequired: false });
    expect(knobInfo('custom.x')).toEqual({ name: 'custom.x', unit: null, scale: null, restartRequired: false });
    expect(knobNumber('work_mem', '4096')).toBe(4096);
    expect(knobNumber('jit', 'on')).toBeUndefined();
    expect(knobNumber('work_mem', 'lots')).toBeUndefined();
  });
});

describe('report text helpers', () => {
  it('format numbers without the locale, changes with a sign, latencies by size', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,567.9');
    expect(formatNumber(-0.04)).toBe('0.0');
    expect(formatNumber(null)).toBe('–');
    expect(formatChange(1.18)).toBe('+18.0%');
    expect(formatChange(0.9)).toBe('-10.0%');
    expect(formatChange(1)).toBe('±0.0%');
    expect(formatMs(0.4123)).toBe('0.412');
    expect(formatMs(41.26)).toBe('41.3');
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([Number.NaN])).toBeNull();
  });

  it('flatten stored text to one printable line and escape it for HTML', () => {
    expect(oneLine('a\nb\u001b[31mc\u202ed')).toBe('a b [31mc d');
    expect(oneLine('x'.repeat(10), 6)).toBe('xxx...');
    expect(escapeHtml(`<a href="x">'&'</a>\u0000`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD');
  });
});
