import type { ActionMetadata } from './action-metadata.js';

export const BEGIN = '<!-- inputs-outputs:begin (generated from action.yml by npm run docs) -->';
export const END = '<!-- inputs-outputs:end -->';

const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ').trim();

/** The inputs and outputs tables of an action's README, generated from its action.yml. */
export function inputsOutputsTables(metadata: ActionMetadata): string {
  const inputs = Object.entries(metadata.inputs).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined && spec.default !== '' ? `\`${cell(String(spec.default))}\`` : ''} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(metadata.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return [
    BEGIN,
    '### Inputs',
    '',
    '| name | required | default | description |',
    '|---|---|---|---|',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| name | description |',
    '|---|---|',
    ...outputs,
    END,
  ].join('\n');
}

/** The README with its generated section replaced (or appended when it has none). */
export function withTables(readme: string, metadata: ActionMetadata): string {
  const tables = inputsOutputsTables(metadata);
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start >= 0 && end > start) return readme.slice(0, start) + tables + readme.slice(end + END.length);
  return `${readme.trimEnd()}\n\n${tables}\n`;
}
