/** The report page's stylesheet, inlined into the page (no external resource). */
export const REPORT_STYLE = `
:root { --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --step: #2563eb; --base: #6b7280; --cand: #d97706; --good: #15803d; --bad: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #f9fafb; }
main { max-width: 1100px; margin: 0 auto; padding: 20px 24px 40px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 22px 0 8px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.verdict { margin: 16px 0; padding: 10px 14px; border-left: 5px solid var(--base); background: #f3f4f6; border-radius: 4px; }
.verdict p { margin: 2px 0; overflow-wrap: anywhere; }
.verdict-recommended { border-color: var(--good); background: #f0fdf4; }
.verdict-no-improvement { border-color: var(--cand); background: #fffbeb; }
.verdict .gain { color: var(--muted); }
table { border-collapse: collapse; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
thead th { font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.good { color: var(--good); }
.bad { color: var(--bad); }
.pair { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
.pair > * { flex: 1 1 420px; min-width: 0; }
table.metrics, table.knobs { width: 100%; }
tr.changed th code { font-weight: 600; }
.tag { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #fee2e2; color: var(--bad); }
.tag.good { background: #dcfce7; color: var(--good); }
.note { color: var(--muted); font-size: 12.5px; margin: 6px 0; }
.scroll { overflow-x: auto; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .axis-title { fill: var(--fg); font-weight: 600; }
svg .region-label { fill: #92400e; }
.plot-bg { fill: #fff; }
.plot-frame { fill: none; stroke: #d1d5db; }
.grid { stroke: #f0f1f3; }
.tick-mark { stroke: #9ca3af; }
.region-verify { fill: #fef3c7; }
.region-ablation { fill: #e0f2fe; }
.band-baseline { fill: rgba(107, 114, 128, 0.16); }
.rule-recommended { stroke: var(--good); stroke-width: 1.5; stroke-dasharray: 6 4; }
.rule-baseline { stroke: var(--base); stroke-width: 1.2; stroke-dasharray: 3 3; }
.line-best { fill: none; stroke: var(--step); stroke-width: 2; opacity: 0.55; }
.line-knob { fill: none; stroke: #93c5fd; stroke-width: 1.2; }
.pt-step { fill: var(--step); }
.pt-base { fill: var(--base); }
.pt-vbase { fill: #fff; stroke: var(--base); stroke-width: 1.5; }
.pt-vcand { fill: var(--cand); }
.pt-chosen { fill: var(--good); }
.pt-abl { fill: #fff; stroke: var(--cand); stroke-width: 1.5; }
.pt-failed { fill: #fff; stroke: var(--bad); stroke-width: 1.5; }
.miss { stroke: var(--bad); stroke-width: 2; fill: none; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 6px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 5px; vertical-align: -1px; border-radius: 50%; }
.sw-step { background: var(--step); }
.sw-base { background: var(--base); }
.sw-vbase { background: #fff; border: 1.5px solid var(--base); }
.sw-vcand { background: var(--cand); }
.sw-chosen { background: var(--good); }
.sw-abl { background: #fff; border: 1.5px solid var(--cand); }
.sw-best { width: 16px; height: 0; border-radius: 0; border-top: 2px solid var(--step); opacity: 0.55; vertical-align: 3px; }
.sw-band { width: 16px; border-radius: 0; background: rgba(107, 114, 128, 0.25); }
.sw-rec { width: 16px; height: 0; border-radius: 0; border-top: 2px dashed var(--good); vertical-align: 3px; }
.sw-rule-base { width: 16px; height: 0; border-radius: 0; border-top: 2px dotted var(--base); vertical-align: 3px; }
.sw-pt-failed { background: #fff; border: 1.5px solid var(--bad); }
.sw-miss { border-radius: 0; background: linear-gradient(45deg, transparent 42%, var(--bad) 42%, var(--bad) 58%, transparent 58%), linear-gradient(-45deg, transparent 42%, var(--bad) 42%, var(--bad) 58%, transparent 58%); }
.multiples { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px 14px; }
figure { margin: 0; }
figure.knob figcaption { font-size: 12.5px; }
figure.knob .unit { color: var(--muted); font-size: 11px; }
/* Headers, intervals and decisions wrap (numbers stay on one line, td.num), so the table fits 1100 px. */
table.verification thead th { white-space: normal; vertical-align: bottom; }
table.verification { width: 100%; }
table.verification .ratio { display: block; font-size: 12px; }
table.verification .ci-text { display: block; color: var(--muted); font-size: 11px; }
table.verification td.runs { min-width: 90px; }
table.verification tr.chosen { background: #f0fdf4; }
table.verification td.runs { color: var(--muted); font-size: 12px; }
svg.ci { display: block; }
.ci-one { stroke: #9ca3af; stroke-dasharray: 2 2; }
.ci-good, .ci-bad, .ci-none { stroke-width: 3; stroke-linecap: round; }
.ci-good { stroke: var(--good); } .ci-good-dot { fill: var(--good); }
.ci-bad { stroke: var(--bad); } .ci-bad-dot { fill: var(--bad); }
.ci-none { stroke: #9ca3af; } .ci-none-dot { fill: #4b5563; }
ul.caveats { margin: 4px 0; padding-left: 20px; }
.stack > * + * { margin-top: 14px; }
figure.code figcaption { font-weight: 600; margin-bottom: 4px; }
pre { margin: 0; padding: 10px 12px; background: #f3f4f6; border-radius: 4px; overflow-x: auto; white-space: pre; }
details summary { cursor: pointer; }
details summary h2 { display: inline; }
table.runs-table { font-size: 12.5px; }
table.runs-table td.differs { background: #eff6ff; }
table.runs-table tr.failed td { color: var(--bad); }
table.runs-table tr.kind-verify { background: #fffdf5; }
table.runs-table th.knob-head { white-space: normal; max-width: 110px; font-weight: 500; }
table.runs-table td:nth-child(2), table.runs-table td.flags { white-space: nowrap; }
table.runs-table td.flags { color: var(--bad); font-size: 11.5px; }
table.runs-table tr.error-row td { color: var(--bad); font-size: 12px; border-bottom: 1px solid var(--line); padding-top: 0; overflow-wrap: anywhere; }
table.runs-table tr.failed td { border-bottom: none; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media (max-width: 800px) { .multiples { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media print { body { background: #fff; } main { padding: 0; } details > summary { list-style: none; } }
`;
