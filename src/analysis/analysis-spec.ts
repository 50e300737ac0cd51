import { InvalidValue } from '../runtime/errors.js';
import { describe } from '../runtime/input-reader.js';

export const ANALYSIS_PRESETS = ['error-rate', 'latency-p99'] as const;

/** The `analysis` input: named presets, or a YAML document of checks (validated when the analysis runs). */
export type AnalysisSpec =
  { kind: 'presets'; presets: (typeof ANALYSIS_PRESETS)[number][] } | { kind: 'yaml'; text: string };

const ACCEPTED = `preset names (${ANALYSIS_PRESETS.join(', ')}), comma separated, or a YAML list of checks`;

/**
 * A single line of words is a list of presets; anything with a newline or a colon is YAML. The YAML is
 * checked in full when the analysis runs (its parser is loaded on demand, keeping the bundle's start fast).
 */
export function parseAnalysisSpec(text: string): AnalysisSpec {
  const value = text.trim();
  if (value.includes('\n') || value.includes(':')) return { kind: 'yaml', text: value };
  const presets = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const preset of presets) {
    if (!(ANALYSIS_PRESETS as readonly string[]).includes(preset))
      throw new InvalidValue(`${describe(preset)} is not an analysis preset`, ACCEPTED);
  }
  return { kind: 'presets', presets: presets as (typeof ANALYSIS_PRESETS)[number][] };
}
