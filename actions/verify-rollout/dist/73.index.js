export const id = 73;
export const ids = [73];
export const modules = {

/***/ 73:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildReport: () => (/* binding */ buildReport),
/* harmony export */   summaryMarkdown: () => (/* binding */ summaryMarkdown)
/* harmony export */ });
/** Builds the report; pure, so what the step writes is what a test asserts. */
function buildReport(decision, analysis, extra = {}) {
    return {
        verdict: decision.verdict,
        reason: decision.reason,
        ...(analysis
            ? {
                analysis: {
                    outcome: analysis.outcome,
                    elapsedMs: analysis.elapsedMs,
                    plan: extra.plan,
                    samples: analysis.samples,
                },
            }
            : {}),
        ...(extra.pods ? { pods: extra.pods } : {}),
        ...(extra.rolledBackTo ? { rolledBackTo: extra.rolledBackTo } : {}),
    };
}
const HEADLINE = {
    promoted: '✅ PROMOTED',
    'awaiting-approval': '⏸️ VERIFIED — AWAITING APPROVAL',
    'rolled-back': '↩️ ROLLED BACK',
    frozen: '🧊 FROZEN — NOT ROLLED BACK',
    failed: '❌ FAILED',
};
const NEXT = {
    promoted: 'Nothing to do.',
    'awaiting-approval': 'Promote with canary-deploy `action: promote`, or abort with `action: abort`.',
    'rolled-back': 'The previous release is serving again. Fix the cause above before releasing again.',
    frozen: 'The failing release is STILL LIVE (on-failure: freeze). Decide by hand: fix forward, or roll back.',
    failed: 'Look at the cluster now: the step could not leave it in a verified state.',
};
const escape = (text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** Per check: the last judged value and how its samples went. */
function checkRows(analysis) {
    const judged = analysis.samples.filter((s) => s.index > 0);
    const names = [...new Set(analysis.samples.flatMap((s) => s.checks.map((c) => c.check)))];
    return names.map((name) => {
        const records = judged
            .map((s) => s.checks.find((c) => c.check === name))
            .filter((c) => !!c);
        const count = (o) => records.filter((r) => r.outcome === o).length;
        const last = records.at(-1);
        const status = count('fail') > 0
            ? '❌'
            : count('error') > 0
                ? '⚠️'
                : count('pass') === records.length && records.length > 0
                    ? '✅'
                    : '❔';
        return `| ${status} ${escape(name)} | ${escape(last?.message ?? 'not sampled')} | ${count('pass')} / ${count('fail')} / ${count('inconclusive')} / ${count('error')} |`;
    });
}
/**
 * The job summary, written for a tired on-call engineer: the verdict and why in the first two lines,
 * what to do next, then the checks, then the details (queries as sent, the plan to copy).
 */
function summaryMarkdown(report, analysis) {
    const lines = [
        `## ${HEADLINE[report.verdict]}`,
        '',
        `**Why:** ${escape(report.reason.message)} (\`${report.reason.code}\`)`,
        '',
        `**Next:** ${NEXT[report.verdict]}`,
    ];
    if (report.rolledBackTo)
        lines.push('', `Rolled back to \`${report.rolledBackTo}\`.`);
    if (report.pods && report.pods.length > 0)
        lines.push('', '**Pods:**', '```', ...report.pods, '```');
    if (analysis) {
        lines.push('', `| check | last sample | pass / fail / inconclusive / error |`, '|---|---|---|', ...checkRows(analysis), '', `${analysis.samples.length - 1} sample(s) in ${Math.round(analysis.elapsedMs / 1000)} s.`);
        const queries = [...new Map(analysis.samples.flatMap((s) => s.checks).map((c) => [c.check, c])).values()];
        lines.push('', '<details><summary>Queries as sent</summary>', '');
        for (const c of queries)
            lines.push(`- **${c.check}**: \`${c.query}\`${c.baselineQuery ? ` vs \`${c.baselineQuery}\`` : ''}`);
        lines.push('', '</details>');
    }
    if (report.analysis?.plan)
        lines.push('', '<details><summary>The analysis as YAML (copy and tune)</summary>', '', '```yaml', report.analysis.plan.trimEnd(), '```', '', '</details>');
    return `${lines.join('\n')}\n`;
}


/***/ })

};
